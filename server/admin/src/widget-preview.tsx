/**
 * Widget → Preview: the colour pairs that read below 4.5:1, and the widget itself in an iframe of
 * /admin/preview with exactly these settings.
 */
import { useEffect, useMemo, useState } from 'preact/hooks'
import { lang, t } from './state.ts'
import { contrast, previewQuery, readable, type Settings } from './widget-settings.ts'

/** The preview's address for `s`, changed only after a short pause, so the iframe does not reload at every step of a slider. */
function usePreviewSrc(s: Settings) {
  const query = previewQuery(s)
  const [src, setSrc] = useState(`/admin/preview?${query}`)
  useEffect(() => {
    const timer = setTimeout(() => setSrc(`/admin/preview?${query}`), 300)
    return () => clearTimeout(timer)
  }, [query])
  return src
}

/** The pairs below 4.5:1 (WCAG AA for text). Only the button text's can be fixed for the merchant: the widget adjusts the primary. */
function lowContrast(s: Settings) {
  const pairs = [
    { key: 'pairOnPrimary' as const, value: contrast(s.onPrimary, s.primary), adjust: true },
    { key: 'pairText' as const, value: contrast(s.text, s.surface), adjust: false },
    { key: 'pairMuted' as const, value: contrast(s.muted, s.surface), adjust: false },
  ]
  return pairs.filter((p) => p.value < 4.5)
}

export function PreviewSection(props: { s: Settings }) {
  const { s } = props
  const src = usePreviewSrc(s)
  const shown = readable(s)
  const ratioFormat = useMemo(() => new Intl.NumberFormat(lang.value, { maximumFractionDigits: 1 }), [lang.value])
  const low = lowContrast(s)
  return (
    <section aria-labelledby="preview-title" class="widget-preview">
      <h2 id="preview-title">{t('previewTitle')}</h2>
      <div role="status" class={low.length ? 'contrast warn' : 'contrast'}>
        {low.length == 0 ? (
          <p>{t('contrastOk')}</p>
        ) : (
          <ul>
            {low.map((p) => (
              <li key={p.key}>
                {/* Rounded down, so a pair just below 4.5 never reads as 4.5. */}
                {t('contrastLow', { pair: t(p.key), ratio: ratioFormat.format(Math.floor(p.value * 10) / 10) })}{' '}
                {p.adjust ? t('contrastAdjust', { colour: shown.primary }) : t('contrastHard')}
              </li>
            ))}
          </ul>
        )}
      </div>
      <iframe title={t('previewFrame')} src={src} class="preview" />
    </section>
  )
}
