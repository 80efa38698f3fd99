/**
 * `loyalkit`: the npm entry. No side effects at import (safe in SSR). `createLoyalty` checks the config
 * and makes the store at once; the launcher is a small chunk (embed/draw.ts) imported as it runs, and
 * the UI one of its own (npm-ui.ts), imported on intent, as the script tag does it: the pointer, focus
 * or a click on the launcher, a command, or reading `ready` or `state`. An app's own bundle carries only
 * the config check, the commands and the store.
 */
import type { Identity } from '../core/client.ts'
import { resolveConfig, type LoyaltyOptions, type ResolvedConfig } from '../core/config.ts'
import type { Member, Program } from '../core/contract.ts'
import { LoyaltyError } from '../core/errors.ts'
import { VIEWS, type View } from '../core/events.ts'
import { createStore, type LoyaltyState, type Store } from '../core/store.ts'
import { createListeners } from '../embed/listeners.ts'
import type { drawWidget } from '../embed/draw.ts'
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

/**
 * The widget in two steps, each a chunk of its own: the launcher, drawn at once, and the UI, on intent.
 * A chunk that failed to load stays failed until the page reloads (browsers keep a failed module), so
 * the error says so, and each command after it is refused with it.
 */
function lazyWidget(config: ResolvedConfig, store: Store) {
  let destroyed = false
  let drawing: ReturnType<typeof drawWidget> | null = null
  // Once mounted, the widget's own listener answers clicks on the launcher.
  let mounted: Widget | null = null
  let widget: Promise<Widget> | null = null
  const pageUrl = location.href
  const failed = () => {
    throw new LoyaltyError('not_ready', 'loyalkit: loading the widget failed (network); reload the page to try again', 'init')
  }
  const onIntent = (e: Event) => {
    // Until the widget is mounted a click is ours to answer: never lost, never answered twice.
    const opening = e.type == 'click' && !mounted
    load().then((w) => (opening ? w.open('home') : w.warm()), reportMistake)
  }
  // Only a failed import is the network's; anything drawing throws (a browser without constructable
  // stylesheets) is said as itself.
  let drawFailed = false
  const drawn = import('../embed/draw.ts').then(({ drawWidget }) => void (destroyed || (drawing = drawWidget(config, onIntent))), failed)
  drawn.catch((e) => {
    drawFailed = true
    e instanceof LoyaltyError ? reportMistake(e) : console.error(e)
  })
  // The UI is fetched beside the launcher (a command at start-up waits for one request, not two in a row);
  // once drawing has failed, not at all: each command is refused with that failure.
  const load = (): Promise<Widget> =>
    destroyed
      ? Promise.reject(gone())
      : (widget ??= (drawFailed ? (drawn as Promise<never>) : Promise.all([drawn, import('./npm-ui.ts').catch(failed)])).then(([, { mount }]) => {
          if (destroyed) throw gone()
          return (mounted = mount({ config, ...drawing!, pageUrl, store }))
        }))
  return {
    load,
    get mounted() {
      return mounted
    },
    get destroyed() {
      return destroyed
    },
    destroy() {
      destroyed = true
      mounted?.destroy()
      mounted = null
      // The launcher lives in the host's shadow root: removing the host removes it. Not drawn yet: it never will be.
      drawing?.embed.host.remove()
    },
  }
}

const gone = () => new LoyaltyError('destroyed', 'loyalkit: this instance was destroyed', 'command')

export function createLoyalty(options: LoyaltyOptions): Loyalty {
  const config = checkedConfig(options)
  const listeners = createListeners()
  const store = createStore()
  const widget = lazyWidget(config, store)
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
