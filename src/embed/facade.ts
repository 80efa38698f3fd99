/**
 * The script tag's widget, as `loyalkit.js` runs it: the config checked and the launcher drawn at
 * once; `loyalkit-ui.js` (SRI-checked) and the program fetched while the page is idle, neither run;
 * the UI evaluated on the first sign of intent (embed/intent.ts) and mounted with what was fetched.
 * Nothing here may throw into the host page.
 */
import { resolveConfig, sameConfig, type LoyaltyOptions, type ResolvedConfig } from '../core/config.ts'
import { mistake as fail } from '../core/errors.ts'
import { fetchProgram, programUrl } from '../core/prefetch.ts'
import type { FacadeContext } from '../entries/hooks.ts'
import type { Widget } from '../ui/mount.tsx'
import { drawWidget } from './draw.ts'
import type { Embed } from './host.ts'
import { deepLinked, INLINE_TAGS, watchIntent } from './intent.ts'
import type { Launcher } from './launcher.ts'
import { createListeners } from './listeners.ts'
import { loadScript } from './loader.ts'
import { reportMistake } from './report.ts'

declare const __UI_FILE__: string
declare const __UI_INTEGRITY__: string

export const COMMANDS = ['init', 'identify', 'logout', 'open', 'close', 'refresh', 'on', 'off', 'destroy']

/** What loyalkit-ui.js hands over once it has run. */
export type Mount = (ctx: FacadeContext) => Promise<Widget>

/** `base`: the address loyalkit.js was loaded from, which the other files are found beside. */
export function createFacade(base: string) {
  const listeners = createListeners()
  let config: ResolvedConfig | null = null
  let drawn: { embed: Embed; launcher: Launcher | null } | null = null
  let program: Promise<unknown> | null = null
  let widget: Promise<Widget> | null = null
  let mount: Mount | null = null
  // The mounted widget: from then on its own listener handles clicks on the launcher.
  let mounted: Widget | null = null
  let unwatch: (() => void) | undefined
  let pageUrl = location.href

  const uiFile = new URL(__UI_FILE__, base).href
  const loadUi = (): Promise<Widget> =>
    (widget ??= (async () => {
      try {
        if (!mount) await loadScript(uiFile, __UI_INTEGRITY__, config!.nonce)
        if (!mount) throw 0
      } catch {
        widget = null
        throw fail('not_ready', 'loading loyalkit-ui.js failed (network, or integrity mismatch)')
      }
      return (mounted = await mount({
        config: config!,
        embed: drawn!.embed,
        launcher: drawn!.launcher,
        pageUrl,
        program,
        load: (path, integrity) => loadScript(new URL(path, base).href, integrity, config!.nonce),
      }))
    })())

  const want = () => config && loadUi().catch(reportMistake)

  const onIntent = (e: Event) => {
    // Until the widget is mounted a click is ours to answer, even when loyalkit-ui.js has run
    // and only the mount is left: it is never lost, and never answered twice.
    const opening = e.type == 'click' && !mounted
    loadUi().then((u) => (opening ? u.open('home') : u.warm()), reportMistake)
  }

  /** While the page is idle: fetched, not run. After a destroy() config is null, and nothing is fetched. */
  const fetchAhead = () => {
    if (!config || widget) return
    loadScript(uiFile, __UI_INTEGRITY__, config.nonce, true)
    program = fetchProgram(programUrl(config.endpoint, config.program, drawn!.embed.host.lang))
  }

  const init = (options: LoyaltyOptions, names?: (o: string) => string) => {
    const next = resolveConfig(options, names, base)
    if (config) {
      if (!sameConfig(config, next)) throw fail('invalid_config', 'init was called again with a different config; call destroy() first')
      console.warn('loyalkit: init called again with the same config; ignored.')
      return
    }
    config = next
    drawn = drawWidget(config, onIntent)
    unwatch = watchIntent(want)
    ;(window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1500)))(fetchAhead, { timeout: 4000 })
    // A deep link (?loyalkit=rewards) or an inline element in the page wants the UI now.
    if (deepLinked() || document.querySelector(INLINE_TAGS.join())) want()
  }

  const destroy = async () => {
    const u = widget && (await widget.catch(() => null))
    u?.destroy()
    drawn?.embed.remove()
    listeners.clear()
    unwatch?.()
    config = drawn = widget = mounted = program = null
  }

  /** One command of the queue; `url` is the page's address when it was called. */
  const run = async (name: string, args: unknown[], url: string): Promise<unknown> => {
    pageUrl = url
    if (name == 'init') return init(args[0] as LoyaltyOptions, args[1] as (o: string) => string)
    if (name == 'on' || name == 'off') return (listeners[name] as (...a: unknown[]) => unknown)(...args)
    if (!COMMANDS.includes(name)) throw fail('unknown_command', `unknown command "${name}"; expected one of ${COMMANDS.join(', ')}`, name)
    if (name == 'destroy') return destroy()
    if (!config) throw fail('not_ready', `"${name}" needs a widget: set data-endpoint and data-program, or call init first`, name)
    const u = await loadUi()
    return (u as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args)
  }

  return { run, handOver: (m: Mount) => void (mount = m) }
}
