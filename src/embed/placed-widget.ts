/**
 * One widget placed on the page by `init`: its launcher drawn at once; `loyalkit-ui.js` (SRI-checked),
 * the program and the language's first strings fetched while the page is idle, none run; the UI run
 * and mounted on `load()`, with what was fetched. The facade (facade.ts) decides when to load;
 * destroy() takes it all away.
 */
import type { ResolvedConfig } from '../core/config.ts'
import { mistake } from '../core/errors.ts'
import { fetchProgram } from '../core/prefetch.ts'
import type { FacadeContext } from './hooks.ts'
import type { Widget } from '../ui/mount.tsx'
import { drawWidget } from './draw.ts'
import { loadScript } from './loader.ts'

declare const __UI_FILE__: string
declare const __UI_INTEGRITY__: string

/** What loyalkit-ui.js hands over once it has run. */
export type Mount = (ctx: FacadeContext) => Promise<Widget>

// One per page, like the facade that receives it (a second copy of loyalkit.js steps aside): a widget
// placed after a destroy() mounts with the UI that already ran.
let mount: Mount | null = null
export const handOver = (m: Mount): void => void (mount = m)

export type PlacedWidget = ReturnType<typeof placeWidget>

/** `base`: the address loyalkit.js was loaded from; `pageUrl`: the page's address when the latest command was called. */
export function placeWidget(config: ResolvedConfig, base: string, pageUrl: () => string) {
  /** One of our files, found beside loyalkit.js, loaded with its SRI hash and the page's nonce (`embed`: below, before any load). */
  const ours = (path: string, integrity: string, prefetch?: boolean) => loadScript(new URL(path, base).href, integrity, config.nonce, embed.host, prefetch)
  let program: Promise<unknown> | undefined
  let widget: Promise<Widget> | null = null
  // The mounted widget: from then on its own listener handles clicks on the launcher.
  let mounted: Widget | null = null

  // What a first open needs: the UI's file, fetched and compiled or (`run`) run, and beside it the program
  // and, in another language, its first pack file, asked for once. A click before the page was idle gets
  // them in one round trip, not two in a row. The pack goes without a hash (the facade has none of them),
  // so under an address of its own (`…/lv.js##0`): a module is kept by its whole address, and the one the
  // UI runs, from `…/lv.js#0` with the hash it carries, is another, fetched again from the cache, checked.
  const ahead = (run?: boolean) => {
    const lang = embed.host.lang
    program ??= (lang != 'en' && ours(`locales/${lang}.js#`, '', true), fetchProgram(config, lang))
    return ours(__UI_FILE__, __UI_INTEGRITY__, !run)
  }

  /** Run the UI and mount it, once. */
  const load = (): Promise<Widget> =>
    (widget ??= (async () => {
      try {
        if (!mount) await ahead(true)
        if (!mount) throw 0
      } catch {
        widget = null
        throw mistake('not_ready', 'loading loyalkit-ui.js failed (network, integrity or CSP)')
      }
      return (mounted = await mount({
        config,
        embed,
        launcher,
        pageUrl: pageUrl(),
        program,
        load: ours,
      }))
    })())

  // Until the widget is mounted a click is ours to answer, even when loyalkit-ui.js has run and only
  // the mount is left.
  const { embed, launcher } = drawWidget(config, load, () => mounted)

  // While the page is idle: fetched, not run; nothing once the UI is wanted, or once the widget has left
  // the page (destroy() removes it, also after waiting for a load that then failed).
  ;(window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1500)))(() => widget || !embed.host.isConnected || ahead(), { timeout: 4000 })

  return {
    config,
    load,
    async destroy() {
      // A load under way is waited for: a UI that mounts after this would have no one to take it down.
      await widget?.then(
        (u) => u.destroy(),
        () => {},
      )
      embed.host.remove()
    },
  }
}
