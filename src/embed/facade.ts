/**
 * The script tag's commands, as `loyalkit.js` runs them: `init` checks the config and places the
 * widget (placed-widget.ts: launcher now, the rest fetched while the page is idle); the UI is run on
 * the first sign of intent (intent.ts) or the first command that needs it. Nothing here may throw
 * into the host page: errors reject the command's promise, and the queue reports them.
 */
import { resolveConfig, sameConfig, type LoyaltyOptions } from '../core/config.ts'
import { mistake as fail } from '../core/errors.ts'
import { wantedNow, watchIntent } from './intent.ts'
import { createListeners } from './listeners.ts'
import { placeWidget, type PlacedWidget } from './placed-widget.ts'
import { reportMistake } from './report.ts'

export { handOver, type Mount } from './placed-widget.ts'

// Written as one string: fewer bytes in the 4 KB facade than nine literals.
export const COMMANDS = 'init identify logout open close refresh on off destroy'.split(' ')

/** `base`: the address loyalkit.js was loaded from, which the other files are found beside. */
export function createFacade(base: string) {
  const listeners = createListeners()
  let placed: PlacedWidget | null = null
  let unwatch: (() => void) | undefined
  // The page's address when the latest command was called (an SPA may have moved on since): the UI
  // mounts with it, for the referral code and the deep link it carries.
  let pageUrl = location.href
  const want = () => placed?.load().catch(reportMistake)

  const init = (options: LoyaltyOptions, names?: (o: string) => string) => {
    const config = resolveConfig(options, names, base)
    if (placed) {
      if (!sameConfig(placed.config, config)) throw fail('invalid_config', 'init called again with a different config; call destroy() first')
      console.warn('loyalkit: init called again with the same config; ignored.')
      return
    }
    placed = placeWidget(config, base, () => pageUrl)
    unwatch = watchIntent(want)
    // A deep link (?loyalkit=rewards) or an inline element in the page wants the UI now.
    if (wantedNow()) want()
  }

  /** One command of the queue; `url` is the page's address when it was called. */
  return async (name: string, args: unknown[], url: string): Promise<unknown> => {
    pageUrl = url
    if (name == 'init') return init(args[0] as LoyaltyOptions, args[1] as (o: string) => string)
    if (name == 'on' || name == 'off') return (listeners[name] as (...a: unknown[]) => unknown)(...args)
    if (!COMMANDS.includes(name)) throw fail('unknown_command', `unknown command "${name}"; expected one of ${COMMANDS.join(', ')}`, name)
    if (name == 'destroy') {
      const p = placed
      placed = null
      listeners.clear()
      unwatch?.()
      return p?.destroy()
    }
    if (!placed) throw fail('not_ready', `"${name}" needs a widget: set data-endpoint and data-program, or call init first`, name)
    const u = await placed.load()
    return (u as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args)
  }
}
