/**
 * `loyalkit`: the npm entry. No side effects at import (safe in SSR). `createLoyalty` checks the config
 * and makes the store at once; the launcher is a small chunk (npm-launcher.ts) imported as it runs, and
 * the UI one of its own (npm-ui.ts), imported on intent, as the script tag does it: the pointer, focus
 * or a click on the launcher, a command, an inline element, a deep link, or reading `ready` or `state`.
 * An app's own bundle carries only the config check, the commands and the store.
 */
import type { Identity } from '../core/client.ts'
import { resolveConfig, type LoyaltyOptions, type ResolvedConfig } from '../core/config.ts'
import type { Member, Program } from '../core/contract.ts'
import { LoyaltyError } from '../core/errors.ts'
import { VIEWS, type View } from '../core/events.ts'
import { createStore, type LoyaltyState } from '../core/store.ts'
import { createListeners } from '../embed/listeners.ts'
import { gone, lazyWidget } from '../embed/lazy-widget.ts'
import { reportMistake } from '../embed/report.ts'
import type { Widget } from '../ui/mount.tsx'

export interface Loyalty {
  /** Resolves once the program (and the member, if identified) has loaded. Reading it loads the UI. */
  readonly ready: Promise<{ program: Program; member: Member | null }>
  /** Read-only signals: program, member, status, error. Reading it loads the UI, which fills them. */
  readonly state: LoyaltyState
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

/** The config, checked: in a browser (not during server rendering), and valid, else one clear error, reported and thrown. */
function checkedConfig(options: LoyaltyOptions): ResolvedConfig {
  if (typeof document == 'undefined') {
    throw new LoyaltyError(
      'not_ready',
      'loyalkit: createLoyalty needs a browser DOM; call it on the client (e.g. in useEffect), not during server rendering',
      'init',
    )
  }
  try {
    return resolveConfig(options, undefined, location.href)
  } catch (error) {
    reportMistake(error)
    throw error
  }
}

export function createLoyalty(options: LoyaltyOptions): Loyalty {
  const config = checkedConfig(options)
  const listeners = createListeners()
  const store = createStore()
  const widget = lazyWidget(
    config,
    store,
    () => import('./npm-launcher.ts'),
    () => import('./npm-ui.ts'),
  )
  let ready: Promise<{ program: Program; member: Member | null }> | null = null
  const command = <T>(run: (w: Widget) => T | Promise<T>): Promise<T> => widget.load().then(run)
  return {
    get ready() {
      return (ready ??= command((w) => w.ready))
    },
    get state() {
      if (!widget.destroyed) widget.load().catch(reportMistake)
      return store.readonly
    },
    open(view = 'home') {
      if (!VIEWS.includes(view)) throw new LoyaltyError('invalid_argument', `loyalkit: unknown view "${view}"; expected one of ${VIEWS.join(', ')}`, 'open')
      if (widget.destroyed) throw gone()
      command((w) => w.open(view)).catch(reportMistake)
    },
    close: () => widget.mounted?.close(),
    identify: (identity) => command((w) => w.identify(identity)),
    logout: () => command((w) => w.logout()),
    refresh: () => command((w) => w.refresh()),
    on: listeners.on,
    off: listeners.off,
    destroy() {
      widget.destroy()
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
