import type { ThemeOptions } from '../core/config.ts'

const COLORS = /^(primary|onPrimary|surface|text|muted)$/

/**
 * `theme` options become the `--loyalkit-*` variables a page can set in CSS (`onPrimary` →
 * `--loyalkit-color-on-primary`), set on the host. CSSOM property writes are not inline-style
 * markup, so a strict CSP allows them. `setProperty` turns a number (`zIndex`) into its text itself.
 */
export function applyTheme(host: HTMLElement, theme: ThemeOptions): void {
  for (const [key, value] of Object.entries(theme)) {
    if (key != 'mode' && value != null) {
      host.style.setProperty('--loyalkit-' + (COLORS.test(key) ? 'color-' : '') + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), value as string)
    }
  }
}
