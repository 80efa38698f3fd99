/**
 * Widget → Appearance: a control per setting (the colours, corner radius, font, theme, language, launcher
 * position and text), and a reset to the defaults.
 */
import { hasKey } from './i18n.ts'
import { t } from './state.ts'
import { Status } from './ui.tsx'
import { COLORS, type SetSetting, type Settings, type WidgetInfo } from './widget-settings.ts'

/** The launcher stays one short line. */
const LABEL_MAX = 40

const LOCALE_NAMES: Record<string, string> = {
  en: 'English',
  lv: 'Latviešu',
  et: 'Eesti',
  lt: 'Lietuvių',
  ru: 'Русский',
  uk: 'Українська',
  mk: 'Македонски',
  pl: 'Polski',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ar: 'العربية',
}

type ControlProps = { s: Settings; set: SetSetting }

export function AppearanceSection(props: ControlProps & { info: WidgetInfo; onReset: () => void; message: string | null }) {
  const { info, s, set } = props
  return (
    <section aria-labelledby="appearance-title" class="widget-controls">
      <h2 id="appearance-title">{t('appearanceTitle')}</h2>
      <ColorFields s={s} set={set} />
      <RadiusField s={s} set={set} />
      <FontField s={s} set={set} fonts={info.fonts} />
      <ThemeField s={s} set={set} />
      <LocaleField s={s} set={set} locales={info.locales} />
      <LauncherField s={s} set={set} />
      <LabelField s={s} set={set} />
      <button type="button" onClick={props.onReset}>
        {t('resetDefaults')}
      </button>
      <Status message={props.message} />
    </section>
  )
}

/** A colour picker per colour, its value in text beside it. */
function ColorFields({ s, set }: ControlProps) {
  return (
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
  )
}

function RadiusField({ s, set }: ControlProps) {
  return (
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
  )
}

/** The fonts the server offers, by their index in its list. */
function FontField({ s, set, fonts }: ControlProps & { fonts: string[] }) {
  return (
    <div class="field">
      <label for="widget-font">{t('font')}</label>
      <select id="widget-font" value={String(s.font)} onChange={(e) => set('font', Number(e.currentTarget.value))}>
        {fonts.map((f, i) => (
          <option key={i} value={String(i)}>
            {f}
          </option>
        ))}
      </select>
    </div>
  )
}

function ThemeField({ s, set }: ControlProps) {
  return (
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
  )
}

/** The widget's languages, each named in itself. */
function LocaleField({ s, set, locales }: ControlProps & { locales: string[] }) {
  return (
    <div class="field">
      <label for="widget-locale">{t('widgetLanguage')}</label>
      <select id="widget-locale" value={s.locale} onChange={(e) => set('locale', e.currentTarget.value)}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l == 'auto' ? undefined : l}>
            {l == 'auto' ? t('locale_auto') : (LOCALE_NAMES[l] ?? l)}
          </option>
        ))}
      </select>
    </div>
  )
}

function LauncherField({ s, set }: ControlProps) {
  return (
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
  )
}

function LabelField({ s, set }: ControlProps) {
  return (
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
  )
}
