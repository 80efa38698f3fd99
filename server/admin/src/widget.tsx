/**
 * Widget: the widget's look (colours, corner radius, font, theme, language,
 * launcher position) with a live preview (an iframe of /admin/preview with exactly
 * these settings, updated after a short pause), warnings for colour pairs below
 * 4.5:1, and the snippet to paste into the store's pages.
 */
import { useState } from 'preact/hooks'
import { get } from './api.ts'
import { t } from './state.ts'
import { Load, useLoad } from './ui.tsx'
import { AppearanceSection } from './widget-controls.tsx'
import { PreviewSection } from './widget-preview.tsx'
import { DEFAULTS, type Settings, snippetOf, type WidgetInfo } from './widget-settings.ts'
import { SnippetSection } from './widget-snippet.tsx'

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

/** The settings being tried, and what the page said last (reset, copied), which the next change clears. */
function useSettings() {
  const [s, setS] = useState<Settings>(DEFAULTS)
  const [message, setMessage] = useState<string | null>(null)
  const [copied, setCopied] = useState<boolean | null>(null)
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => {
    setS((old) => ({ ...old, [key]: value }))
    setMessage(null)
    setCopied(null)
  }
  const reset = () => {
    setS(DEFAULTS)
    setCopied(null)
    setMessage(t('resetDone'))
  }
  return { s, set, reset, message, copied, setCopied }
}

/** The editor: the controls change the settings, which the preview shows and the snippet carries. */
function WidgetEditor(props: { info: WidgetInfo }) {
  const { info } = props
  const { s, set, reset, message, copied, setCopied } = useSettings()
  return (
    <>
      <div class="widget-layout">
        <AppearanceSection info={info} s={s} set={set} onReset={reset} message={message} />
        <PreviewSection s={s} />
      </div>

      <SnippetSection snippet={snippetOf(info, s)} copied={copied} onCopied={setCopied} />
    </>
  )
}
