/**
 * Program → Save: the draft as a new version, with an optional note. It is refused when someone saved
 * first (409, "Reload" starts again from theirs) or with each problem by its field (422); the edits are
 * kept either way. Once saved, the version and its changes are shown.
 */
import type { RefObject } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, type FieldError, post } from './api.ts'
import { num } from './format.ts'
import { ChangeList, type VersionChanges } from './program-changes.tsx'
import { type Definition, idOf } from './program-model.ts'
import { t } from './state.ts'
import { errorMessage, Field } from './ui.tsx'

interface SaveOptions {
  draft: Definition
  /** The version the draft started from: the server refuses the save if it is no longer the current one. */
  base: number
  jsonError: string | null
  jsonRef: RefObject<HTMLDetailsElement | null>
  /** Loads the program again, the editor starting again from it. */
  startOver: () => Promise<boolean>
  /** A save starts: what the page said after the last one goes. */
  onStart: () => void
  onSaved: (saved: VersionChanges) => void
}

export function useSave(o: SaveOptions) {
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [problems, setProblems] = useState<FieldError[]>([])
  const [conflict, setConflict] = useState(false)
  const [formError, setFormError] = useState<unknown>(null)
  const problemsRef = useRef<HTMLDivElement>(null)

  const failed = (err: unknown) => {
    if (err instanceof ApiError && err.code == 'version_conflict') setConflict(true)
    else if (err instanceof ApiError && err.errors.length) {
      setProblems(err.errors)
      // The first problem the page shows a field for gets focus; else the list of problems.
      requestAnimationFrame(() => {
        const first = err.errors.map((p) => document.getElementById(idOf(p.field.replace(/^program\./, '')))).find((x) => x && 'value' in x)
        ;(first ?? problemsRef.current)?.focus()
      })
    } else setFormError(err)
  }

  const save = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    o.onStart()
    setFormError(null)
    setConflict(false)
    if (o.jsonError) {
      setFormError(t('errFixJson'))
      if (o.jsonRef.current) o.jsonRef.current.open = true
      document.getElementById('program-json')?.focus()
      return
    }
    setBusy(true)
    setProblems([])
    try {
      const r = await post<VersionChanges>('/program', { base: o.base, definition: o.draft, ...(note.trim() && { note: note.trim() }) })
      setNote('')
      await o.startOver()
      o.onSaved(r)
    } catch (err) {
      failed(err)
    }
    setBusy(false)
  }

  const reloadAfterConflict = () => {
    setConflict(false)
    void o.startOver()
  }

  return { note, setNote, busy, problems, problemsRef, conflict, formError, save, reloadAfterConflict }
}

export function SaveBar(props: { note: string; onNote: (note: string) => void; busy: boolean }) {
  return (
    <div class="save-bar">
      <Field id="program-note" label={t('saveNote')}>
        {(aria) => <input {...aria} type="text" maxLength={200} autocomplete="off" value={props.note} onInput={(e) => props.onNote(e.currentTarget.value)} />}
      </Field>
      <button type="submit" class="primary" aria-disabled={props.busy ? 'true' : undefined}>
        {props.busy ? t('saving') : t('saveProgram')}
      </button>
    </div>
  )
}

/** Why the last save was refused: its problems, someone else's save first, or another error. */
export function SaveErrors(props: {
  problems: FieldError[]
  problemsRef: RefObject<HTMLDivElement | null>
  conflict: boolean
  onReload: () => void
  formError: unknown
}) {
  const { problems, formError } = props
  return (
    <>
      {problems.length > 0 && (
        <div class="error-box" role="alert" tabIndex={-1} ref={props.problemsRef}>
          <p>{t('errProgramInvalid')}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <code>{p.field}</code>: {p.code}
              </li>
            ))}
          </ul>
        </div>
      )}
      {props.conflict && (
        <div class="error-box" role="alert">
          <p>{t('errConflict')}</p>
          <button type="button" onClick={props.onReload}>
            {t('reloadProgram')}
          </button>
        </div>
      )}
      {formError ? (
        <p class="form-error" role="alert">
          {typeof formError == 'string' ? formError : errorMessage(formError)}
        </p>
      ) : null}
    </>
  )
}

/** The version just saved and its changes; its heading takes focus, so the result is read out. */
export function SavedResult(props: { saved: VersionChanges }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
  }, [props.saved])
  return (
    <section class="result" aria-labelledby="saved-title">
      <h2 id="saved-title" ref={heading} tabIndex={-1}>
        {t('savedAs', { version: num(props.saved.version) })}
      </h2>
      <ChangeList changes={props.saved.changes} />
    </section>
  )
}
