import type { ResolvedConfig } from '../core/config.ts'
import { matchLocale, requestedLocale } from '../i18n/i18n.ts'
import { LAUNCHER_LABELS } from '../i18n/launcher-labels.ts'
import { createHost, type Embed } from './host.ts'
import { createLauncher, type Launcher } from './launcher.ts'
import { themeVars } from './theme.ts'

/** The host element and, unless `launcher: none`, the launcher: all that shows before the UI loads. */
export function drawWidget(config: ResolvedConfig, onIntent: (e: Event) => void): { embed: Embed; launcher: Launcher | null } {
  const embed = createHost({
    position: config.launcher,
    mode: config.theme.mode,
    nonce: config.nonce,
    vars: themeVars(config.theme),
  })
  const label = LAUNCHER_LABELS[matchLocale(requestedLocale(config.locale), Object.keys(LAUNCHER_LABELS))]!
  const launcher = config.launcher == 'none' ? null : createLauncher(embed.shadow, label, onIntent)
  return { embed, launcher }
}
