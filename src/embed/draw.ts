import type { ResolvedConfig } from '../core/config.ts'
import { matchLocale, requestedLocale } from '../i18n/pick-locale.ts'
import { LAUNCHER_LABELS } from '../i18n/launcher-labels.ts'
import { createHost, type Embed } from './host.ts'
import { createLauncher, type Launcher } from './launcher.ts'

/** The host element and, unless `launcher: none`, the launcher: all that shows before the UI loads. */
export function drawWidget(config: ResolvedConfig, onIntent: (e: Event) => void): { embed: Embed; launcher: Launcher | null } {
  const embed = createHost(config)
  // The shopper's language among those shipped (every pack has a launcher label), decided once here:
  // the UI reads it from the host's `lang`, which also tells screen readers how to say the launcher.
  const locale = (embed.host.lang = matchLocale(requestedLocale(config.locale), Object.keys(LAUNCHER_LABELS)))
  const launcher = config.launcher == 'none' ? null : createLauncher(embed.shadow, config.label || LAUNCHER_LABELS[locale]!, onIntent)
  return { embed, launcher }
}
