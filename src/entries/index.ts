/**
 * `loyalkit`: the npm entry. No side effects at import (safe in SSR); the
 * widget exists only once `createLoyalty` is called in a browser.
 */
import type { Identity } from '../core/client.ts'
import { resolveConfig, type LoyaltyOptions } from '../core/config.ts'
import type { Member, Program } from '../core/contract.ts'
import { LoyaltyError } from '../core/errors.ts'
import type { View } from '../core/events.ts'
import type { LoyaltyState } from '../core/store.ts'
import { drawWidget } from '../embed/draw.ts'
import { createListeners, type Listener } from '../embed/listeners.ts'
import type { Messages } from '../i18n/locales/en.ts'
import { mountWidget } from '../ui/mount.tsx'

export interface Loyalty {
  /** Resolves once the program (and the member, if identified) has loaded. */
  ready: Promise<{ program: Program; member: Member | null }>
  /** Read-only signals: program, member, status, error. */
  state: LoyaltyState
  open(view?: View): void
  close(): void
  identify(identity: Identity): Promise<Member | null>
  logout(): Promise<void>
  refresh(): Promise<{ program: Program; member: Member | null }>
  on: ReturnType<typeof createListeners>['on']
  off: ReturnType<typeof createListeners>['off']
  /** Remove every node, listener and stylesheet this instance added. */
  destroy(): void
}

const packs: Record<string, () => Promise<{ default: Messages }>> = {
  lv: () => import('../i18n/locales/lv.ts'),
  et: () => import('../i18n/locales/et.ts'),
  mk: () => import('../i18n/locales/mk.ts'),
  ru: () => import('../i18n/locales/ru.ts'),
}

export function createLoyalty(options: LoyaltyOptions): Loyalty {
  if (typeof document == 'undefined') {
    throw new LoyaltyError('not_ready', 'loyalkit: createLoyalty needs a browser DOM; call it on the client (e.g. in useEffect), not during server rendering', 'init')
  }
  let config
  try {
    config = resolveConfig(options)
  } catch (error) {
    const e = error as LoyaltyError
    document.dispatchEvent(new CustomEvent('loyalkit:error', { detail: { code: e.code, message: e.message, operation: 'init' } }))
    throw e
  }
  const listeners = createListeners()
  let widget: ReturnType<typeof mountWidget> | null = null
  // The launcher's intent (pointer, focus) draws the panel's content ahead of the click.
  const { embed, launcher } = drawWidget(config, () => widget?.warm())
  widget = mountWidget({
    config,
    embed,
    launcher,
    pageUrl: location.href,
    loadLocale: async (tag) => (await packs[tag]!()).default,
    loadViews: async () => (await import('../ui/views/index.ts')).default,
  })
  const live = () => {
    if (!widget) throw new LoyaltyError('destroyed', 'loyalkit: this instance was destroyed', 'command')
    return widget
  }
  return {
    ready: widget.ready,
    state: widget.client.state,
    open: (view) => live().open(view),
    close: () => live().close(),
    identify: (identity) => live().identify(identity),
    logout: () => live().logout(),
    refresh: () => live().refresh(),
    on: listeners.on,
    off: listeners.off,
    destroy() {
      widget?.destroy()
      widget = null
      // The launcher lives in the host's shadow root: removing the host removes it.
      embed.remove()
      listeners.clear()
    },
  }
}

export { LoyaltyError }
export type { Identity, LoyaltyOptions, LoyaltyState, View }
export type { LauncherPosition, ThemeMode, ThemeOptions, CustomerOptions } from '../core/config.ts'
export type { LoyaltyEventMap, LoyaltyEventName } from '../core/events.ts'
export type { ClientErrorCode } from '../core/errors.ts'
export type * from '../core/contract.ts'
