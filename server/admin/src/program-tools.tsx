/**
 * Program → the editor's tools: field makers (a number, a text, a moment, an item's names), each showing
 * the last save's error for its path, and the draft operations the sections change the program with.
 */
import type { JSX } from 'preact'
import type { Dispatch, StateUpdater } from 'preact/hooks'
import type { FieldError } from './api.ts'
import { type Definition, idOf, type Text, textOf } from './program-model.ts'
import { t } from './state.ts'
import { Field } from './ui.tsx'

type Item = Record<string, unknown>

/** The editor's own field makers and draft operations, lent to each section. */
export interface EditorTools {
  update(change: (d: Definition) => void): void
  put(o: Item, key: string, v: unknown): void
  setText(o: Item, key: string, lang: string, v: string): void
  setRaw(r: Record<string, string>): void
  errorFor(path: string): string | null
  textField(path: string, label: string, value: string, set: (d: Definition, v: string) => void): JSX.Element
  numberField(path: string, label: string, value: number | undefined, set: (d: Definition, v: number | string | undefined) => void): JSX.Element
  dateField(path: string, label: string, value: string | undefined, set: (d: Definition, v: string | undefined) => void, optional?: boolean): JSX.Element
  nameFields(p: string, name: Text, item: (d: Definition) => Item): JSX.Element
  groupError(path: string): JSX.Element | null
}

/** What the tools edit: the draft, and what is typed in number fields, by path, while it is being typed. */
export interface DraftEdits {
  raw: Record<string, string>
  setRaw: Dispatch<StateUpdater<Record<string, string>>>
  update(change: (d: Definition) => void): void
}

/** A number typed in a field: empty is "not set", anything not a number is sent as typed (the server says what is wrong). */
const parseNumber = (s: string): number | string | undefined => {
  const v = s.trim().replace(',', '.')
  if (!v) return undefined
  const n = Number(v)
  return Number.isFinite(n) ? n : s
}
/** An ISO moment as the value of a datetime-local input (the browser's time zone). */
const toLocalInput = (iso: string | undefined) => {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}
const fromLocalInput = (value: string) => {
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace('.000Z', 'Z')
}

/** Sets (or, when undefined, removes) a key: an optional number left empty is not in the program. */
const put = <T extends Item>(o: T, key: string, v: unknown) => {
  if (v === undefined) delete o[key]
  else (o as Item)[key] = v
}
const setText = (o: Item, key: string, lang: string, v: string) => {
  const current = o[key] as Text | undefined
  if (current && typeof current == 'object') current[lang] = v
  else if (lang == 'en') put(o, key, v || undefined)
}

/** The tools for this render: the fields read the draft's typed numbers and the last save's `problems`. */
export function editorTools(edits: DraftEdits, problems: FieldError[]): EditorTools {
  const { raw, setRaw, update } = edits

  const errorFor = (path: string) => {
    const found = problems.filter((p) => p.field == 'program.' + path)
    return found.length ? found.map((p) => p.code).join(' ') : null
  }
  const groupError = (path: string) => {
    const e = errorFor(path)
    return e ? <p class="field-error">{e}</p> : null
  }

  const numberField = (path: string, label: string, value: number | undefined, set: (d: Definition, v: number | string | undefined) => void) => (
    <Field id={idOf(path)} label={label} error={errorFor(path)}>
      {(aria) => (
        <input
          {...aria}
          type="text"
          inputMode="decimal"
          class="short"
          autocomplete="off"
          value={raw[path] ?? (value === undefined ? '' : String(value))}
          onInput={(e) => {
            const v = e.currentTarget.value
            setRaw((r) => ({ ...r, [path]: v }))
            update((d) => set(d, parseNumber(v)))
          }}
        />
      )}
    </Field>
  )

  const textField = (path: string, label: string, value: string, set: (d: Definition, v: string) => void) => (
    <Field id={idOf(path)} label={label} error={errorFor(path)}>
      {(aria) => <input {...aria} type="text" autocomplete="off" value={value} onInput={(e) => update((d) => set(d, e.currentTarget.value))} />}
    </Field>
  )

  /** A moment, in the browser's time zone; emptied, an optional one is "not set" (`undefined`), a required one keeps its value. */
  const dateField = (path: string, label: string, value: string | undefined, set: (d: Definition, v: string | undefined) => void, optional = false) => (
    <Field id={idOf(path)} label={label} error={errorFor(path)}>
      {(aria) => (
        <input
          {...aria}
          type="datetime-local"
          value={toLocalInput(value)}
          onInput={(e) => {
            const v = e.currentTarget.value
            // A date being retyped (partly filled) reads as empty too: that is not "no date".
            if (!v && e.currentTarget.validity.badInput) return
            if (v || optional) update((d) => set(d, v ? fromLocalInput(v) : undefined))
          }}
        />
      )}
    </Field>
  )

  /** An item's name in English, and in Latvian when the program gives its names per language. */
  const nameFields = (p: string, name: Text, item: (d: Definition) => Item) => {
    const map = typeof name == 'object'
    return (
      <>
        {textField(`${p}.name${map ? '.en' : ''}`, t('nameEn'), textOf(name), (d, v) => setText(item(d), 'name', 'en', v))}
        {map && textField(`${p}.name.lv`, t('nameLv'), textOf(name, 'lv'), (d, v) => setText(item(d), 'name', 'lv', v))}
      </>
    )
  }

  return { update, put, setText, setRaw, errorFor, textField, numberField, dateField, nameFields, groupError }
}
