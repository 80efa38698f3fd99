/**
 * Widget: the widget's look (colours, corner radius, font, theme, language,
 * launcher position) with a live preview (an iframe of /admin/preview with exactly
 * these settings, updated after a short pause), warnings for colour pairs below
 * 4.5:1, and the snippet to paste into the store's pages.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { get } from './api.ts'
import { hasKey } from './i18n.ts'
import { lang, t } from './state.ts'
import { hex, ratio, readablePrimary, type RGB } from '../../../src/ui/contrast.ts'
import { copyText, Load, Status, useLoad } from './ui.tsx'

interface WidgetInfo {
  scriptUrl: string
  integrity: string | null
  endpoint: string
  program: string
  fonts: string[]
  locales: string[]
}

type ColorKey = 'primary' | 'onPrimary' | 'surface' | 'text' | 'muted'
interface Settings {
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

const COLORS: { key: ColorKey; label: 'colorPrimary' | 'colorOnPrimary' | 'colorSurface' | 'colorText' | 'colorMuted'; css: string }[] = [
  { key: 'primary', label: 'colorPrimary', css: '--loyalkit-color-primary' },
  { key: 'onPrimary', label: 'colorOnPrimary', css: '--loyalkit-color-on-primary' },
  { key: 'surface', label: 'colorSurface', css: '--loyalkit-color-surface' },
  { key: 'text', label: 'colorText', css: '--loyalkit-color-text' },
  { key: 'muted', label: 'colorMuted', css: '--loyalkit-color-muted' },
]

/** The launcher stays one short line. */
const LABEL_MAX = 40

const LOCALE_NAMES: Record<string, string> = { en: 'English', lv: 'Latviešu', et: 'Eesti', mk: 'Македонски', ru: 'Русский' }

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

export function WidgetPage() {
  const state = useLoad(() => get<WidgetInfo>('/widget'), [])
  return (
    <>
      <h1 tabIndex={-1}>{t('widgetTitle')}</h1>
      <p>{t('widgetIntro')}</p>
      <Load state={state}>{(info) => <WidgetEditor info={info} />}</Load>
    </>
  )
}

function WidgetEditor(props: { info: WidgetInfo }) {
  const { info } = props
  const [s, setS] = useState<Settings>(DEFAULTS)
  const [message, setMessage] = useState<string | null>(null)
  const [copied, setCopied] = useState<boolean | null>(null)
  const shown = readable(s)
  const query = previewQuery(s)
  const [src, setSrc] = useState(`/admin/preview?${query}`)
  const snippetRef = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const timer = setTimeout(() => setSrc(`/admin/preview?${query}`), 300)
    return () => clearTimeout(timer)
  }, [query])
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setS((old) => ({ ...old, [key]: value }))
    setMessage(null)
    setCopied(null)
  }
  const snippet = snippetOf(info, s)
  const ratioFormat = useMemo(() => new Intl.NumberFormat(lang.value, { maximumFractionDigits: 1 }), [lang.value])
  const pairs = [
    { key: 'pairOnPrimary' as const, value: contrast(s.onPrimary, s.primary), adjust: true },
    { key: 'pairText' as const, value: contrast(s.text, s.surface), adjust: false },
    { key: 'pairMuted' as const, value: contrast(s.muted, s.surface), adjust: false },
  ]
  const low = pairs.filter((p) => p.value < 4.5)

  return (
    <>
      <div class="widget-layout">
        <section aria-labelledby="appearance-title" class="widget-controls">
          <h2 id="appearance-title">{t('appearanceTitle')}</h2>
          <div class="colors">
            {COLORS.map((c) => (
              <div class="field color-field" key={c.key}>
                <label for={`color-${c.key}`}>{t(c.label)}</label>
                <div class="color-row">
                  <input
                    id={`color-${c.key}`}
                    type="color"
                    value={s[c.key]}
                    aria-describedby={`color-${c.key}-value`}
                    onInput={(e) => set(c.key, e.currentTarget.value)}
                  />
                  <span id={`color-${c.key}-value`} class="mono">
                    {s[c.key].toLowerCase()}
                  </span>
                </div>
              </div>
            ))}
          </div>
          <div class="field">
            <label for="widget-radius">{t('radius')}</label>
            <div class="color-row">
              <input
                id="widget-radius"
                type="range"
                min={0}
                max={32}
                step={1}
                value={s.radius}
                aria-valuetext={t('pixels', { n: s.radius })}
                aria-describedby="widget-radius-value"
                onInput={(e) => set('radius', Number(e.currentTarget.value))}
              />
              <span id="widget-radius-value">{t('pixels', { n: s.radius })}</span>
            </div>
          </div>
          <div class="field">
            <label for="widget-font">{t('font')}</label>
            <select id="widget-font" value={String(s.font)} onChange={(e) => set('font', Number(e.currentTarget.value))}>
              {info.fonts.map((f, i) => (
                <option key={i} value={String(i)}>
                  {f}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="widget-theme">{t('theme')}</label>
            <select id="widget-theme" value={s.theme} onChange={(e) => set('theme', e.currentTarget.value as Settings['theme'])}>
              {(['auto', 'light', 'dark'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(`theme_${v}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="widget-locale">{t('widgetLanguage')}</label>
            <select id="widget-locale" value={s.locale} onChange={(e) => set('locale', e.currentTarget.value)}>
              {info.locales.map((l) => (
                <option key={l} value={l} lang={l == 'auto' ? undefined : l}>
                  {l == 'auto' ? t('locale_auto') : (LOCALE_NAMES[l] ?? l)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="widget-launcher">{t('launcherPosition')}</label>
            <select id="widget-launcher" value={s.launcher} onChange={(e) => set('launcher', e.currentTarget.value as Settings['launcher'])}>
              {(['bottom-right', 'bottom-left', 'none'] as const).map((v) => {
                const key = `launcher_${v}`
                return (
                  <option key={v} value={v}>
                    {hasKey(key) ? t(key) : v}
                  </option>
                )
              })}
            </select>
          </div>
          <div class="field">
            <label for="widget-label">{t('launcherLabel')}</label>
            <input
              id="widget-label"
              type="text"
              maxLength={LABEL_MAX}
              value={s.label}
              aria-describedby="widget-label-hint"
              onInput={(e) => set('label', e.currentTarget.value)}
            />
            <p class="hint" id="widget-label-hint">
              {t('launcherLabelHint')}
            </p>
          </div>
          <button
            type="button"
            onClick={() => {
              setS(DEFAULTS)
              setCopied(null)
              setMessage(t('resetDone'))
            }}
          >
            {t('resetDefaults')}
          </button>
          <Status message={message} />
        </section>

        <section aria-labelledby="preview-title" class="widget-preview">
          <h2 id="preview-title">{t('previewTitle')}</h2>
          <div role="status" class={low.length ? 'contrast warn' : 'contrast'}>
            {low.length == 0 ? (
              <p>{t('contrastOk')}</p>
            ) : (
              <ul>
                {low.map((p) => (
                  <li key={p.key}>
                    {t('contrastLow', { pair: t(p.key), ratio: ratioFormat.format(Math.floor(p.value * 10) / 10) })}{' '}
                    {p.adjust ? t('contrastAdjust', { colour: shown.primary }) : t('contrastHard')}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <iframe title={t('previewFrame')} src={src} class="preview" />
        </section>
      </div>

      <section aria-labelledby="snippet-title">
        <h2 id="snippet-title">{t('snippetTitle')}</h2>
        <div class="field snippet-field">
          <label for="widget-snippet">{t('snippet')}</label>
          <p class="hint" id="widget-snippet-hint">
            {t('snippetHint')}
          </p>
          <textarea
            id="widget-snippet"
            ref={snippetRef}
            class="mono snippet"
            readOnly
            rows={snippet.split('\n').length + 1}
            spellcheck={false}
            aria-describedby="widget-snippet-hint"
            value={snippet}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
        <button type="button" class="primary" onClick={async () => setCopied(await copyText(snippet, snippetRef.current))}>
          {t('copySnippet')}
        </button>
        <Status message={copied == null ? null : copied ? t('copied') : t('copyFailed')} tone={copied === false ? 'error' : 'ok'} />
      </section>
    </>
  )
}
