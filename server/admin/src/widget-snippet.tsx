/**
 * Widget → Snippet: the tag to paste into the store's pages (selected whole on focus), and a Copy button
 * that says whether it worked.
 */
import { useRef } from 'preact/hooks'
import { t } from './state.ts'
import { copyText, Status } from './ui.tsx'

export function SnippetSection(props: { snippet: string; copied: boolean | null; onCopied: (copied: boolean) => void }) {
  const { snippet, copied } = props
  // Where copyText falls back to selecting the text and copying it the old way.
  const snippetRef = useRef<HTMLTextAreaElement>(null)
  return (
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
      <button type="button" class="primary" onClick={async () => props.onCopied(await copyText(snippet, snippetRef.current))}>
        {t('copySnippet')}
      </button>
      <Status message={copied == null ? null : copied ? t('copied') : t('copyFailed')} tone={copied === false ? 'error' : 'ok'} />
    </section>
  )
}
