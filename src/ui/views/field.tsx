import type { ComponentChildren } from 'preact'
import type { Ui } from '../context.ts'

/**
 * Sends the shopper to a field with an error: focus moves there and its message is read with it. When
 * focus is there already (Enter pressed in that field), no focus event would say it: it is announced.
 */
export function toField(ui: Ui, field: HTMLElement | null | undefined, message: string): void {
  if (field && (field.getRootNode() as ShadowRoot).activeElement == field) ui.announce(message)
  else field?.focus()
}

/**
 * A labelled text input. Its error is marked on it, said right after it and tied to it by
 * aria-describedby, so a screen reader reads it with the field; so is its `hint`, if any.
 */
export function TextField({
  name,
  label,
  value,
  error,
  hint,
  onInput,
  ...extra
}: {
  name: string
  label: string
  value: string
  error?: string | undefined
  hint?: string
  onInput: (value: string) => void
  type?: 'email' | 'text' | 'date'
  autocomplete?: string
  required?: boolean
  inputMode?: 'email'
  max?: string
}) {
  return (
    <div class="f">
      <label for={'lk-' + name}>{label}</label>
      <input
        id={'lk-' + name}
        name={name}
        type="text"
        part="input"
        value={value}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[error && `lk-${name}-err`, hint && `lk-${name}-hint`].filter(Boolean).join(' ') || undefined}
        // The union of input types is wider than preact's per-type attribute sets: the extras are plain attributes.
        {...(extra as object)}
      />
      {error && (
        <p class="err" id={`lk-${name}-err`}>
          {error}
        </p>
      )}
      {hint && (
        <p class="m" id={`lk-${name}-hint`}>
          {hint}
        </p>
      )}
    </div>
  )
}

/** A checkbox with its label; its error, like a text field's, said after it and tied to it. */
export function CheckField({
  name,
  label,
  checked,
  error,
  onChange,
  required,
}: {
  name: string
  label: ComponentChildren
  checked: boolean
  error?: string | undefined
  onChange: (checked: boolean) => void
  required: boolean
}) {
  return (
    <div class="f">
      <label class="ck">
        <input
          type="checkbox"
          name={name}
          checked={checked}
          onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `lk-${name}-err` : undefined}
          required={required}
        />
        <span>{label}</span>
      </label>
      {error && (
        <p class="err" id={`lk-${name}-err`}>
          {error}
        </p>
      )}
    </div>
  )
}
