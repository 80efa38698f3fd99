import type { ThemeOptions } from '../core/config.ts'

const VARS: [keyof ThemeOptions, string][] = [
  ['primary', 'color-primary'], ['onPrimary', 'color-on-primary'], ['surface', 'color-surface'],
  ['text', 'color-text'], ['muted', 'color-muted'], ['radius', 'radius'], ['fontFamily', 'font-family'],
  ['zIndex', 'z-index'], ['launcherOffset', 'launcher-offset'],
]

/** `theme` options become the same `--loyalkit-*` variables a page can set in CSS. */
export function themeVars(theme: ThemeOptions): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, name] of VARS) if (theme[key] != null) out['--loyalkit-' + name] = String(theme[key])
  return out
}
