import type { ThemeOptions } from '../core/config.ts'

const COLORS = /^(primary|onPrimary|surface|text|muted)$/

/** `theme` options become the `--loyalkit-*` variables a page can set in CSS: `onPrimary` → `--loyalkit-color-on-primary`. */
export function themeVars(theme: ThemeOptions): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(theme)) {
    if (key != 'mode' && value != null) {
      out['--loyalkit-' + (COLORS.test(key) ? 'color-' : '') + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())] = '' + value
    }
  }
  return out
}
