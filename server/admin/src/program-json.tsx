/** Program → Advanced: the whole definition as JSON, for what the sections above do not edit. */
import type { RefObject } from 'preact'
import type { Definition } from './program-model.ts'
import { t } from './state.ts'
import { Field } from './ui.tsx'

export function JsonEditor(props: {
  draft: Definition
  /** What is typed, while it differs from the draft (null: the draft, formatted). */
  text: string | null
  error: string | null
  onInput: (text: string) => void
  /** Save opens it when the JSON does not parse. */
  detailsRef: RefObject<HTMLDetailsElement | null>
}) {
  return (
    <details ref={props.detailsRef} class="json">
      <summary>{t('advancedJson')}</summary>
      <Field id="program-json" label={t('programJson')} hint={t('jsonHint')} error={props.error ? t('errJson', { message: props.error }) : null}>
        {(aria) => (
          <textarea
            {...aria}
            class="mono"
            rows={16}
            spellcheck={false}
            value={props.text ?? JSON.stringify(props.draft, null, 2)}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        )}
      </Field>
    </details>
  )
}
