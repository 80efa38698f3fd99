/**
 * Widget → the settings: the look a merchant tries (colours, corner radius, font, theme, language,
 * launcher), their defaults, and what they become in the preview's query and in the snippet.
 */
import { hex, ratio, readablePrimary, type RGB } from '../../../src/ui/contrast.ts'

export interface WidgetInfo {
  scriptUrl: string
  integrity: string | null
  endpoint: string
  program: string
  fonts: string[]
  locales: string[]
}

type ColorKey = 'primary' | 'onPrimary' | 'surface' | 'text' | 'muted'
export interface Settings {
  primary: string
  onPrimary: string
  surface: string
  text: string
  muted: string
  radius: number
  font: number
  theme: 'auto' | 'light' | 'dark'
  locale: string
  launcher: 'bottom-right' | 'bottom-left' | 'none'
  /** The launcher's own text; empty: the language's. */
  label: string
}

/** Changes one setting. */
export type SetSetting = <K extends keyof Settings>(key: K, value: Settings[K]) => void

export const DEFAULTS: Settings = {
  primary: '#0b5cad',
  onPrimary: '#ffffff',
  surface: '#ffffff',
  text: '#1b1f24',
  muted: '#57606a',
  radius: 12,
  font: 0,
  theme: 'auto',
  locale: 'auto',
  launcher: 'bottom-right',
  label: '',
}

export const COLORS: { key: ColorKey; label: 'colorPrimary' | 'colorOnPrimary' | 'colorSurface' | 'colorText' | 'colorMuted'; css: string }[] = [
  { key: 'primary', label: 'colorPrimary', css: '--loyalkit-color-primary' },
  { key: 'onPrimary', label: 'colorOnPrimary', css: '--loyalkit-color-on-primary' },
  { key: 'surface', label: 'colorSurface', css: '--loyalkit-color-surface' },
  { key: 'text', label: 'colorText', css: '--loyalkit-color-text' },
  { key: 'muted', label: 'colorMuted', css: '--loyalkit-color-muted' },
]

/** WCAG 2 relative luminance of #rrggbb. */
const rgbOf = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as RGB
export const contrast = (a: string, b: string) => ratio(rgbOf(a), rgbOf(b))

/** The widget's own colours under a dark scheme, when the merchant keeps the defaults (its host CSS). */
const DARK_PRIMARY = '#7cb8ff'
const DARK_ON_PRIMARY = '#0b1624'

/**
 * The primary colours as the snippet and the preview carry them. Where the button text would not read
 * on the primary at 4.5:1, the colour the widget itself would turn it into, so the launcher is readable
 * from the first paint, before the widget's UI has run. `--loyalkit-color-primary` holds in both schemes
 * while the default text colour differs between them, so theme `auto` may need a second colour for the
 * dark one (`primaryDark`, set under `prefers-color-scheme: dark`). A default that needs nothing stays unset.
 */
export function readable(s: Settings): { primary: string; primaryDark: string | null } {
  const fix = (base: string, on: string) => {
    const c = readablePrimary(rgbOf(base), rgbOf(on))
    return c ? hex(c) : base.toLowerCase()
  }
  const onDark = s.onPrimary.toLowerCase() != DEFAULTS.onPrimary ? s.onPrimary : DARK_ON_PRIMARY
  const light = fix(s.primary, s.onPrimary)
  const lightSet = light != DEFAULTS.primary
  // Under a dark scheme the page's primary is the variable when set, else the widget's dark default.
  const dark = fix(lightSet ? s.primary : DARK_PRIMARY, onDark)
  const darkSet = lightSet ? dark != light : dark != DARK_PRIMARY
  if (s.theme == 'light') return { primary: light, primaryDark: null }
  if (s.theme == 'dark') return { primary: lightSet || darkSet ? dark : DEFAULTS.primary, primaryDark: null }
  return { primary: light, primaryDark: darkSet ? dark : null }
}

/** The preview's query: only what differs from the defaults. */
export function previewQuery(s: Settings) {
  const q = new URLSearchParams()
  const shown = { ...s, ...readable(s) }
  for (const c of COLORS) if (shown[c.key].toLowerCase() != DEFAULTS[c.key]) q.set(c.key, shown[c.key].toLowerCase())
  if (shown.primaryDark) q.set('primaryDark', shown.primaryDark)
  if (s.radius != DEFAULTS.radius) q.set('radius', String(s.radius))
  if (s.font != DEFAULTS.font) q.set('font', String(s.font))
  if (s.theme != DEFAULTS.theme) q.set('theme', s.theme)
  if (s.locale != DEFAULTS.locale) q.set('locale', s.locale)
  if (s.launcher != DEFAULTS.launcher) q.set('launcher', s.launcher)
  if (s.label.trim()) q.set('label', s.label.trim())
  return q.toString()
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

export function snippetOf(info: WidgetInfo, s: Settings) {
  const extra =
    (s.theme != DEFAULTS.theme ? ` data-theme="${s.theme}"` : '') +
    (s.locale != DEFAULTS.locale ? ` data-locale="${attr(s.locale)}"` : '') +
    (s.launcher != DEFAULTS.launcher ? ` data-launcher="${s.launcher}"` : '') +
    (s.label.trim() ? `\n        data-launcher-label="${attr(s.label.trim())}"` : '')
  let out =
    `<script async src="${attr(info.scriptUrl)}"\n` +
    `        integrity="${attr(info.integrity ?? '')}" crossorigin="anonymous"\n` +
    `        data-endpoint="${attr(info.endpoint)}"\n` +
    `        data-program="${attr(info.program)}"${extra}></script>`
  const { primary, primaryDark } = readable(s)
  const shown = { ...s, primary }
  const vars = [
    ...COLORS.filter((c) => shown[c.key].toLowerCase() != DEFAULTS[c.key]).map((c) => `${c.css}: ${shown[c.key].toLowerCase()};`),
    ...(s.radius != DEFAULTS.radius ? [`--loyalkit-radius: ${s.radius}px;`] : []),
    ...(s.font != DEFAULTS.font && info.fonts[s.font] ? [`--loyalkit-font-family: ${info.fonts[s.font]};`] : []),
  ]
  const dark = primaryDark ? `\n  @media (prefers-color-scheme: dark) { :root { --loyalkit-color-primary: ${primaryDark}; } }` : ''
  if (vars.length || dark) out += `\n<style>\n  :root { ${vars.join(' ')} }${dark}\n</style>`
  return out
}
