/**
 * `loyalkit`: the npm entry. No side effects at import (safe in SSR). `createLoyalty` draws the
 * launcher at once and nothing more: the UI is a chunk of its own (npm-ui.ts), imported on intent,
 * as the script tag does it: the pointer, focus or a click on the launcher, a command, or reading
 * `ready` or `state`. An app's own bundle carries only config, launcher and the store.
 */
import type { Identity } from '../core/client.ts'
import { resolveConfig, type LoyaltyOptions, type ResolvedConfig } from '../core/config.ts'
import type { Member, Program } from '../core/contract.ts'
import { LoyaltyError } from '../core/errors.ts'
import { VIEWS, type View } from '../core/events.ts'
import { createStore, type LoyaltyState } from '../core/store.ts'
import { drawWidget } from '../embed/draw.ts'
import { createListeners } from '../embed/listeners.ts'
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
  let destroyed = false
  // Once mounted, the widget's own listener answers clicks on the launcher.
  let mounted: Widget | null = null
  let widget: Promise<Widget> | null = null
  let ready: Promise<{ program: Program; member: Member | null }> | null = null
  const pageUrl = location.href
  const gone = () => new LoyaltyError('destroyed', 'loyalkit: this instance was destroyed', 'command')
  const load = (): Promise<Widget> => {
    if (destroyed) return Promise.reject(gone())
    return (widget ??= import('./npm-ui.ts').then(
      ({ mount }) => {
        if (destroyed) throw gone()
        return (mounted = mount({ config, embed, launcher, pageUrl, store }))
      },
      () => {
        widget = null
        throw new LoyaltyError('not_ready', 'loyalkit: loading the widget failed (network); try again', 'init')
      },
    ))
  }
  const { embed, launcher } = drawWidget(config, (e) => {
    // Until the widget is mounted a click is ours to answer: never lost, never answered twice.
    const opening = e.type == 'click' && !mounted
    load().then((w) => (opening ? w.open('home') : w.warm()), reportMistake)
  })
  const command = <T>(run: (w: Widget) => T | Promise<T>): Promise<T> => load().then(run)
  return {
    get ready() {
      return (ready ??= command((w) => w.ready))
    },
    get state() {
      if (!destroyed) load().catch(reportMistake)
      return store.readonly
    },
    open(view = 'home') {
      if (!VIEWS.includes(view)) throw new LoyaltyError('invalid_argument', `loyalkit: unknown view "${view}"; expected one of ${VIEWS.join(', ')}`, 'open')
      if (destroyed) throw gone()
      command((w) => w.open(view)).catch(reportMistake)
    },
    close: () => mounted?.close(),
    identify: (identity) => command((w) => w.identify(identity)),
    logout: () => command((w) => w.logout()),
    refresh: () => command((w) => w.refresh()),
    on: listeners.on,
    off: listeners.off,
    destroy() {
      destroyed = true
      mounted?.destroy()
      mounted = null
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
