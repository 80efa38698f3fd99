import { within } from '@testing-library/preact'
import { resolveConfig } from '../../src/core/config.ts'
import { drawWidget } from '../../src/embed/draw.ts'
import { type MountContext, mountWidget } from '../../src/ui/mount.tsx'
import { ENDPOINT, PROGRAM_KEY } from '../fixtures.ts'

const NAMES = ['ready', 'open', 'close', 'signup', 'points', 'tier', 'redeem', 'claim', 'consent', 'badge', 'referral-copy', 'referral-share', 'error']

/** Mount the widget as the npm entry does (`ctx`: what the script tag adds), and collect its DOM events. */
export function mount(options: Record<string, unknown> = {}, ctx: Partial<MountContext> = {}) {
  const config = resolveConfig({ endpoint: ENDPOINT, program: PROGRAM_KEY, locale: 'en', ...options })
  // Wired as the entries do: the launcher's intent events warm the panel; once mounted, the widget's own
  // listener answers clicks.
  let widget: ReturnType<typeof mountWidget> | null = null
  const { embed, launcher } = drawWidget(
    config,
    async () => widget!,
    () => widget,
  )
  const events: { type: string; detail: unknown }[] = []
  const names = NAMES
  const record = (e: Event) => events.push({ type: e.type, detail: (e as CustomEvent).detail })
  names.forEach((n) => document.addEventListener('loyalkit:' + n, record))
  widget = mountWidget({
    config,
    embed,
    launcher,
    pageUrl: (options.pageUrl as string) ?? 'https://shop.example/?ref=FRIEND1',
    loadLocale: () => Promise.reject(),
    loadViews: async () => (await import('../../src/ui/views/index.ts')).default,
    ...ctx,
  })
  const ui = within(embed.shadow as unknown as HTMLElement)
  return {
    widget,
    embed,
    launcher: launcher!,
    events,
    ui,
    cleanup: () => {
      widget.destroy()
      embed.host.remove()
      names.forEach((n) => document.removeEventListener('loyalkit:' + n, record))
    },
  }
}

/** An element's accessible description as a screen reader reads it: the text of each element its aria-describedby names that exists, in order. */
export function description(el: Element): string {
  const root = el.getRootNode() as ShadowRoot | Document
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => id && root.getElementById(id)?.textContent)
    .filter(Boolean)
    .join(' ')
}
