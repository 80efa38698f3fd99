/**
 * useAction keeps what an action ended with for the member who ran it. In the widget a switch of
 * member also remounts the views, so this is its own guarantee, checked here without that help:
 * one component that lives through sign-outs and switches.
 */
import { signal } from '@preact/signals'
import { act, render } from '@testing-library/preact'
import { expect, it } from 'vitest'
import { LoyaltyError } from '../../src/core/errors.ts'
import { UiContext, type Ui } from '../../src/ui/context.ts'
import { useAction } from '../../src/ui/use-action.ts'

/** A component that runs `run` through useAction and shows its error and result; the member is a signal the test moves. */
function harness(run: (arg: string, key: string) => Promise<string>) {
  const member = signal<{ id: string } | null>({ id: 'mem_anna' })
  const ui = { client: { state: { member } } } as unknown as Ui
  let action!: ReturnType<typeof useAction<string, string>>
  const Show = () => {
    action = useAction(run)
    return (
      <p>
        {action.error()?.code ?? 'no error'} / {action.result() ?? 'no result'} / {action.errorOf('rule-a')?.code ?? 'none beside rule-a'}
      </p>
    )
  }
  const view = render(
    <UiContext.Provider value={ui}>
      <Show />
    </UiContext.Provider>,
  )
  const shown = () => view.container.textContent
  const go = (arg: string) => act(() => action.go(arg).then(() => {}))
  const become = (id: string | null) => act(() => void (member.value = id ? { id } : null))
  return { shown, go, become, view }
}

it('shows a refusal and an answer only to the member who ran the action', async () => {
  let refuse = true
  const h = harness(async (arg) => {
    if (refuse) throw new LoyaltyError('already_claimed', 'no', 'claim')
    return 'got ' + arg
  })
  await h.go('rule-a')
  expect(h.shown()).toBe('already_claimed / no result / already_claimed')
  await h.become('mem_ben')
  expect(h.shown()).toBe('no error / no result / none beside rule-a')
  await h.become(null)
  expect(h.shown()).toBe('no error / no result / none beside rule-a')
  // Anna is back: her refusal is hers again.
  await h.become('mem_anna')
  expect(h.shown()).toBe('already_claimed / no result / already_claimed')
  refuse = false
  await h.go('rule-a')
  expect(h.shown()).toBe('no error / got rule-a / none beside rule-a')
  await h.become('mem_ben')
  expect(h.shown()).toBe('no error / no result / none beside rule-a')
  h.view.unmount()
})

it('says "your session has ended" to the guest a sign-out left, not to the next member', async () => {
  const h = harness(async () => {
    throw new LoyaltyError('unauthorized', 'The shopper changed', 'claim')
  })
  await h.go('rule-a')
  await h.become(null)
  expect(h.shown()).toBe('unauthorized / no result / unauthorized')
  await h.become('mem_ben')
  expect(h.shown()).toBe('no error / no result / none beside rule-a')
  h.view.unmount()
})

it('gives each member a key of their own for the same thing, and the same key when the same member retries', async () => {
  const keys: string[] = []
  const h = harness(async (_, key) => {
    keys.push(key)
    throw new LoyaltyError('server_error', 'down', 'claim')
  })
  await h.go('rule-a')
  await h.go('rule-a')
  await h.become('mem_ben')
  await h.go('rule-a')
  expect(keys[1]).toBe(keys[0])
  expect(keys[2]).not.toBe(keys[0])
  h.view.unmount()
})
