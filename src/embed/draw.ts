import type { ResolvedConfig } from '../core/config.ts'
import { matchLocale, requestedLocale } from '../i18n/pick-locale.ts'
import { LAUNCHER_LABELS } from '../i18n/launcher-labels.ts'
import { createHost, type Embed } from './host.ts'
import { createLauncher, type Launcher } from './launcher.ts'
import { reportMistake } from './report.ts'

/** What a launcher's intent loads: the UI, mounted, which opens the panel or draws it ahead. */
export type Load = () => Promise<{ open(): unknown; warm(): unknown }>

/**
 * The host element and, unless `launcher: none`, the launcher: all that shows before the UI loads.
 * Until the UI is `mounted` (then its own listener answers clicks), the launcher's events are answered
 * here: a pointer or focus loads the UI and has it draw the panel's content ahead; a click loads it and
 * opens the panel, once, never lost. Meanwhile the launcher says it is at work (aria-busy, a progress
 * cursor): the UI's open clears the mark once the panel can show; a failure clears it and is said once,
 * for the click (the pointer and the focus before it wanted the same load).
 */
export function drawWidget(config: ResolvedConfig, load: Load, mounted: () => unknown): { embed: Embed; launcher: Launcher | null } {
  const embed = createHost(config)
  // The shopper's language among those shipped (every pack has a launcher label), decided once here:
  // the UI reads it from the host's `lang`, which also tells screen readers how to say the launcher.
  const locale = (embed.host.lang = matchLocale(requestedLocale(config.locale), Object.keys(LAUNCHER_LABELS)))
  const onIntent = (e: Event) => {
    const opening = e.type == 'click' && !mounted()
    const { button } = launcher!
    opening && button.setAttribute('aria-busy', 'true')
    load().then(
      (w) => (opening ? w.open() : w.warm()),
      (error) => opening && (button.removeAttribute('aria-busy'), reportMistake(error)),
    )
  }
  const launcher = config.launcher == 'none' ? null : createLauncher(embed.shadow, config.label || LAUNCHER_LABELS[locale]!, onIntent)
  return { embed, launcher }
}
