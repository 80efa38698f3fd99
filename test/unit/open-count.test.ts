import { signal } from '@preact/signals'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Member } from '../../src/core/contract.ts'
import type { Status } from '../../src/core/store.ts'
import type { Ui } from '../../src/ui/context.ts'
import { ENDPOINT, PROGRAM_KEY, member } from '../fixtures.ts'

/** The parts of the UI the open count reads. */
function fakeUi(o: { status?: Status; member?: Member | null } = {}) {
  const state = { status: signal<Status>(o.status ?? 'ready'), member: signal<Member | null>(o.member ?? null) }
  const store = { hold: signal<false | '' | 'asking' | 'failed'>(false) }
  const ui = { isOpen: signal(false), config: { endpoint: ENDPOINT, program: PROGRAM_KEY }, client: { state, store } } as unknown as Ui
  return { ui, state, store, isOpen: ui.isOpen }
}

describe('counting guest opens (the console’s sign-up conversion)', () => {
  const beacon = vi.fn((_url: string | URL) => true)
  Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
  afterEach(() => beacon.mockClear())
  // The count is once per page view: each test is a new page (a fresh copy of the module).
  let countGuestOpen: typeof import('../../src/ui/views/open-count.ts').countGuestOpen
  beforeEach(async () => {
    vi.resetModules()
    ;({ countGuestOpen } = await import('../../src/ui/views/open-count.ts'))
  })

  it('sends one bodiless beacon for the first open by a guest, however often the panel opens', () => {
    const { ui, isOpen } = fakeUi()
    const stop = countGuestOpen(ui)
    expect(beacon).not.toHaveBeenCalled()
    isOpen.value = true
    isOpen.value = false
    isOpen.value = true
    expect(beacon.mock.calls).toEqual([[`${ENDPOINT}/programs/${PROGRAM_KEY}/opens`]])
    stop()
  })

  it('does not count a member, nor a shopper whose member is still loading', () => {
    const { ui, isOpen } = fakeUi({ member: member(), status: 'ready' })
    const stop = countGuestOpen(ui)
    isOpen.value = true
    expect(beacon).not.toHaveBeenCalled()
    stop()
    const loading = fakeUi({ status: 'loading' })
    const stopLoading = countGuestOpen(loading.ui)
    loading.isOpen.value = true
    expect(beacon).not.toHaveBeenCalled()
    // Loaded as a guest while the panel is open: counted then.
    loading.state.status.value = 'ready'
    expect(beacon).toHaveBeenCalledTimes(1)
    stopLoading()
  })

  it('does not count a signed-in shopper whose membership is on its way or failed (after an earlier load left the status ready)', () => {
    const { ui, isOpen, store } = fakeUi({ status: 'ready' })
    store.hold.value = 'asking'
    const stop = countGuestOpen(ui)
    isOpen.value = true
    store.hold.value = 'failed'
    expect(beacon).not.toHaveBeenCalled()
    // Answered: not a member, so offered to join: counted then.
    store.hold.value = ''
    expect(beacon).toHaveBeenCalledTimes(1)
    stop()
  })

  it('counts once per page view, also when the widget is destroyed and made again', () => {
    const first = fakeUi()
    const stop = countGuestOpen(first.ui)
    first.isOpen.value = true
    stop()
    const second = fakeUi()
    countGuestOpen(second.ui)
    second.isOpen.value = true
    expect(beacon).toHaveBeenCalledTimes(1)
  })

  it('stops counting when stopped', () => {
    const { ui, isOpen } = fakeUi()
    countGuestOpen(ui)()
    isOpen.value = true
    expect(beacon).not.toHaveBeenCalled()
  })
})
