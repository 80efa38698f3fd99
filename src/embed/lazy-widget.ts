/**
 * The npm entry's widget (the script tag's counterpart is placed-widget.ts): the launcher, a chunk
 * imported at once, and the UI, imported on intent (the entry's own chunks, which it names).
 */
import type { ResolvedConfig } from '../core/config.ts'
import { LoyaltyError } from '../core/errors.ts'
import { fetchProgram } from '../core/prefetch.ts'
import type { Store } from '../core/store.ts'
import type { MountContext, Widget } from '../ui/mount.tsx'
import type { drawWidget } from './draw.ts'
import { reportMistake } from './report.ts'
import { answerUiDemand } from './ui-demand.ts'

/** The launcher's chunk: what draws it, and the way to the locale packs (entries/npm-launcher.ts). */
export interface LauncherChunk {
  drawWidget: typeof drawWidget
  loadPack: MountContext['loadLocale']
}

/** The UI's chunk (entries/npm-ui.ts): the mount, given everything but the views' loader, its own. */
export interface UiChunk {
  mount: (ctx: Omit<MountContext, 'loadViews'>) => Widget
}

export const gone = () => new LoyaltyError('destroyed', 'loyalkit: this instance was destroyed', 'command')

const failed = () => {
  throw new LoyaltyError('not_ready', 'loyalkit: loading the widget failed (network); reload the page to try again', 'init')
}

/**
 * The widget in two steps, each a chunk of its own: the launcher, drawn at once, and the UI, on intent.
 * A chunk that failed to load stays failed until the page reloads (browsers keep a failed module), so
 * the error says so, and each command after it is refused with it.
 */
export function lazyWidget(config: ResolvedConfig, store: Store, launcher: () => Promise<LauncherChunk>, ui: () => Promise<UiChunk>) {
  let destroyed = false
  let drawing: ReturnType<typeof drawWidget> | null = null
  let loadPack: LauncherChunk['loadPack']
  // Once mounted, the widget's own listener answers clicks on the launcher.
  let mounted: Widget | null = null
  let widget: Promise<Widget> | null = null
  const pageUrl = location.href
  // Only a failed import is the network's; anything drawing throws (a browser without constructable
  // stylesheets) is said as itself.
  let drawFailed = false
  const drawn = launcher().then((chunk) => {
    loadPack = chunk.loadPack
    destroyed || (drawing = chunk.drawWidget(config, load, () => mounted))
  }, failed)
  drawn.catch((e) => {
    drawFailed = true
    e instanceof LoyaltyError ? reportMistake(e) : console.error(e)
  })
  // Once the launcher is drawn (its language chosen), the program and the shopper's locale pack are
  // asked for beside the UI's chunk, not once the UI has run: the first open waits for one round trip,
  // not two or three in a row. (The mount's request for the pack is the same one; its failure is the
  // mount's to report.)
  const ahead = () => {
    const lang = drawing!.embed.host.lang
    lang != 'en' && loadPack(lang).catch(() => {})
    return fetchProgram(config, lang)
  }
  // The UI is fetched beside the launcher (a command at start-up waits for one request, not two in a row);
  // once drawing has failed, not at all: each command is refused with that failure.
  const start = () => {
    const program = drawn.then(
      () => drawing && ahead(),
      () => {},
    )
    return (drawFailed ? (drawn as Promise<never>) : Promise.all([drawn, ui().catch(failed)])).then(([, { mount }]) => {
      if (destroyed) throw gone()
      return (mounted = mount({ config, ...drawing!, pageUrl, store, program, loadLocale: loadPack }))
    })
  }
  const load = (): Promise<Widget> => (destroyed ? Promise.reject(gone()) : (widget ??= start()))
  const unanswer = answerUiDemand(() => void load().catch((e) => drawFailed || reportMistake(e))) // a failed draw was said
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
      unanswer()
      mounted?.destroy()
      mounted = null
      // The launcher lives in the host's shadow root: removing the host removes it. Not drawn yet: it never will be.
      drawing?.embed.host.remove()
    },
  }
}
