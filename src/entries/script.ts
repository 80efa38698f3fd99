/**
 * `loyalkit.js`, the script-tag facade (≤ 4 KB gzip): reads `data-*` config,
 * installs the command queue and draws the launcher. While the page is idle it
 * fetches `loyalkit-ui.js` (SRI-checked) and the program, and runs neither:
 * the UI is evaluated on the first sign of intent (pointer, focus or touch on
 * the launcher, a command, a deep link, an inline element), so a shopper who
 * never reaches for the widget pays only for this file.
 * Nothing here may throw into the host page.
 */
import { resolveConfig, sameConfig, type LoyaltyOptions, type ResolvedConfig } from '../core/config.ts'
import { INTEGRATION_CODES, LoyaltyError } from '../core/errors.ts'
import { drawWidget } from '../embed/draw.ts'
import type { Embed } from '../embed/host.ts'
import type { Launcher } from '../embed/launcher.ts'
import { deepLinked, INLINE_TAGS, watchIntent } from '../embed/intent.ts'
import { createListeners } from '../embed/listeners.ts'
import { loadScript } from '../embed/loader.ts'
import { programUrl } from '../core/prefetch.ts'
import type { Widget } from '../ui/mount.tsx'
import type { FacadeContext, LoyalkitHooks } from './hooks.ts'

declare const __UI_FILE__: string
declare const __UI_INTEGRITY__: string

type Mount = (ctx: FacadeContext) => Promise<Widget>
/** The page's stub queue (`q`), the commands as methods, and the hooks the other files use. */
type Global = ((command: string, ...args: unknown[]) => Promise<unknown>) &
  LoyalkitHooks & {
    q?: ArrayLike<unknown>[]
    [command: string]: unknown
  }

const COMMANDS = ['init', 'identify', 'logout', 'open', 'close', 'refresh', 'on', 'off', 'destroy']

;(() => {
  const script = document.currentScript as HTMLScriptElement | null
  // A copy of the data-* config, read now: the customer token then leaves the DOM (even a second copy's
  // tag), so other scripts on the page, or a DOM dump, cannot read it later.
  const d = { ...script?.dataset }
  if (script) delete script.dataset.customerToken
  const w = window as unknown as { loyalkit?: Global }
  const previous = w.loyalkit
  if (previous?.__lk) {
    console.warn('loyalkit: loyalkit.js loaded twice; ignoring the second copy.')
    return
  }
  const base = script?.src || location.href
  const listeners = createListeners()

  let config: ResolvedConfig | null = null
  let drawn: { embed: Embed; launcher: Launcher | null } | null = null
  let program: Promise<Response> | null = null
  let widget: Promise<Widget> | null = null
  let mount: Mount | null = null
  // The mounted widget: from then on its own listener handles clicks on the launcher.
  let mounted: Widget | null = null
  let pageUrl = location.href

  const fail = (code: 'invalid_config' | 'unknown_command' | 'not_ready', message: string, operation = 'init') =>
    new LoyaltyError(code, 'loyalkit: ' + message, operation)

  /** Mistakes in the integration: one console line and one event. Service errors were reported where they happened. */
  const report = (error: unknown) => {
    const e = error as LoyaltyError
    if (!INTEGRATION_CODES.includes(e.code)) return
    console.error(e.message)
    document.dispatchEvent(new CustomEvent('loyalkit:error', { detail: { code: e.code, message: e.message, operation: e.operation } }))
  }

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

  const want = () => config && loadUi().catch(report)
  let unwatch: (() => void) | undefined

  const onIntent = (e: Event) => {
    // Until the widget is mounted a click is ours to answer, even when loyalkit-ui.js has run
    // and only the mount is left: it is never lost, and never answered twice.
    const opening = e.type == 'click' && !mounted
    loadUi().then((u) => (opening ? u.open('home') : u.warm()), report)
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
    const ric = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1500))
    // Fetched, not run. A destroy() before this fires leaves config null: then there is nothing to fetch.
    ric(() => {
      if (!config || widget) return
      loadScript(uiFile, __UI_INTEGRITY__, config.nonce, true)
      // Handled by the UI, if it ever runs; never an unhandled rejection in the page.
      ;(program = fetch(programUrl(config.endpoint, config.program, drawn!.embed.host.lang))).catch(() => {})
    }, { timeout: 4000 })
    // A deep link (?loyalkit=rewards) or an inline element in the page wants the UI now.
    if (deepLinked() || document.querySelector(INLINE_TAGS.join())) want()
  }

  const run = async (name: string, args: unknown[]): Promise<unknown> => {
    if (name == 'init') return init(args[0] as LoyaltyOptions)
    if (name == 'on' || name == 'off') return (listeners[name] as (...a: unknown[]) => unknown)(...args)
    if (!COMMANDS.includes(name)) throw fail('unknown_command', `unknown command "${name}"; expected one of ${COMMANDS.join(', ')}`, name)
    if (name == 'destroy') {
      const u = widget && (await widget.catch(() => null))
      u?.destroy()
      drawn?.embed.remove()
      listeners.clear()
      unwatch?.()
      config = drawn = widget = mounted = program = null
      return
    }
    if (!config) throw fail('not_ready', `"${name}" needs a widget: set data-endpoint and data-program, or call init first`, name)
    const u = await loadUi()
    return (u as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args)
  }

  // Calls run one after another, in the order they were made.
  let chain: Promise<unknown> = Promise.resolve()
  const loyalkit = ((name: string, ...args: unknown[]) => {
    const url = location.href
    const next = () => {
      pageUrl = url
      return run(name, args)
    }
    // After the previous call, whether it worked or not.
    const p = (chain = chain.then(next, next))
    // Reported here; the caller may still await the rejection without the page seeing an unhandled one.
    p.catch(report)
    return p
  }) as Global
  for (const c of COMMANDS) loyalkit[c] = (...args: unknown[]) => loyalkit(c, ...args)
  loyalkit.__lk = true
  loyalkit.__ui = (m) => (mount = m)
  w.loyalkit = loyalkit

  // Replay what the page queued before we loaded; the data-* config goes first.
  const queued = Array.from(previous?.q ?? [], (a) => Array.from(a) as [string, ...unknown[]])
  if (d.endpoint || d.program || !queued.some((a) => a[0] == 'init')) {
    // data-endpoint, -program, -locale and -theme are the options of the same names; the rest take their shape here.
    chain = chain.then(() => init({
      ...(d as unknown as LoyaltyOptions),
      launcher: d.launcher ? { position: d.launcher as 'none' } : undefined,
      customer: d.customerToken ? { token: d.customerToken } : undefined,
      nonce: d.nonce || script?.nonce,
    }, (o) => 'data-' + o.replace('.', '-'))).catch(report)
  }
  for (const [name, ...args] of queued) loyalkit(name, ...args)
})()
