/**
 * Shared pieces: loading and error states, a labelled field, a scrollable table
 * region, a status line, the modal confirmation dialog (native <dialog>, focus in
 * and back out), and the "copy it now" panel of a new secret.
 */
import type { ComponentChildren, RefObject, TargetedEvent } from 'preact'
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from './api.ts'
import { t } from './state.ts'

// ---- loading ----------------------------------------------------------------------

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  /** Load again; resolves when this load has ended: true if it loaded. */
  reload(): Promise<boolean>
  /** Replace the data in place (after a change the answer already describes). */
  set(data: T): void
}

/** `load()` now and whenever `deps` change; the latest answer wins, the previous data stays shown while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true })
  const seq = useRef(0)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(() => {
    const n = ++seq.current
    setState((s) => ({ data: s.data, loading: true }))
    return load().then(
      (data) => {
        if (n == seq.current) setState({ data, loading: false })
        return true
      },
      (error: unknown) => {
        if (n == seq.current) setState((s) => ({ data: s.data, error, loading: false }))
        return false
      },
    )
  }, deps)
  useEffect(() => void run(), [run])
  return { data: state.data, error: state.error, loading: state.loading, reload: run, set: (data: T) => setState({ data, loading: false }) }
}

/** What went wrong, in words for the user (the server's detail when it has one for this case). */
export function errorMessage(e: unknown): string {
  if (!(e instanceof ApiError)) return t('errServer', { status: 'client' })
  if (e.status == 0) return t('errNetwork')
  if (e.status == 429) return t('errRateLimitedGeneric', { seconds: e.retryAfter ?? 60 })
  if (e.status == 403) return t('errForbidden')
  if (e.status == 404) return t('errNotFound')
  if (e.status >= 500) return t('errServer', { status: e.status })
  return e.detail || t('errServer', { status: e.status })
}

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('loading')}
    </p>
  )
}

export function ErrorBox(props: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="error-box" role="alert">
      <p>{errorMessage(props.error)}</p>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  )
}

/** A failed action's message, in a form or a section (no retry: the action's own button is the retry). */
export function ErrorLine(props: { error: unknown }) {
  return (
    <p class="form-error" role="alert">
      {errorMessage(props.error)}
    </p>
  )
}

/** Loading, error or the content (kept while a reload runs, marked busy). */
export function Load<T>(props: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { state } = props
  if (state.data === undefined) {
    if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />
    return <Loading />
  }
  return (
    <div class="loaded" aria-busy={state.loading ? 'true' : 'false'}>
      {state.error ? <ErrorBox error={state.error} onRetry={state.reload} /> : null}
      {props.children(state.data)}
    </div>
  )
}

/** A polite status line that is always in the page, so a change is announced. */
export function Status(props: { message: string | null; tone?: 'ok' | 'error' }) {
  return (
    <p role="status" class={props.message ? `notice ${props.tone ?? 'ok'}` : 'sr-only'}>
      {props.message ?? ''}
    </p>
  )
}

// ---- fields -----------------------------------------------------------------------

export interface FieldProps {
  id: string
  label: string
  hint?: string
  error?: string | null
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => ComponentChildren
}

/** A label, an optional hint and error, and the control they describe. */
export function Field(props: FieldProps) {
  const describedBy = [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(' ')
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.children({ id: props.id, ...(describedBy && { 'aria-describedby': describedBy }), ...(props.error && { 'aria-invalid': 'true' as const }) })}
    </div>
  )
}

// ---- tables -----------------------------------------------------------------------

/**
 * A table in a region that scrolls sideways on narrow screens instead of the page;
 * focusable only while it does scroll, so the keyboard can scroll it too.
 */
export function TableRegion(props: { label: string; caption?: boolean; class?: string; children: ComponentChildren }) {
  const id = useId()
  const ref = useRef<HTMLElement>(null)
  const [scrolls, setScrolls] = useState(false)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
    check()
    const observer = new ResizeObserver(check)
    observer.observe(el)
    if (el.firstElementChild) observer.observe(el.firstElementChild)
    return () => observer.disconnect()
  }, [])
  return (
    <section ref={ref} class={'table-region' + (props.class ? ' ' + props.class : '')} aria-labelledby={id} {...(scrolls && { tabIndex: 0 })}>
      <table>
        <caption id={id} class={props.caption === false ? 'sr-only' : undefined}>
          {props.label}
        </caption>
        {props.children}
      </table>
    </section>
  )
}

// ---- dialogs ----------------------------------------------------------------------

/**
 * A modal <dialog> (showModal: the rest of the page is inert, Escape closes it).
 * Focus goes to `initialFocus` (else the first control) on opening, and back to
 * what had it before on closing (or the page's heading if that is gone).
 */
export function Modal(props: {
  title: string
  onClose: () => void
  initialFocus?: RefObject<HTMLElement | null>
  /** Where focus goes when the control that opened the dialog is gone (a revoked key's button). */
  fallbackFocus?: () => HTMLElement | null | undefined
  children: ComponentChildren
}) {
  const ref = useRef<HTMLDialogElement>(null)
  /** False once unmounted: a `close` event still queued then belongs to a dialog that is gone. */
  const alive = useRef(true)
  const titleId = useId()
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const dialog = ref.current!
    dialog.showModal()
    const first = props.initialFocus?.current ?? dialog.querySelector<HTMLElement>('input, button, select, textarea, a[href]')
    first?.focus()
    return () => {
      alive.current = false
      if (dialog.open) dialog.close()
      // After this render: the action's own re-render may remove the opener.
      requestAnimationFrame(() => {
        const back = opener?.isConnected ? opener : (props.fallbackFocus?.() ?? document.querySelector<HTMLElement>('main h1'))
        back?.focus()
      })
    }
  }, [])
  return (
    <dialog
      ref={ref}
      class="modal"
      aria-labelledby={titleId}
      // Escape closes through the page's state, not natively: a native close gives focus back to the
      // opener while the page still thinks the dialog is open, and an Enter there would be lost.
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
      onClose={() => alive.current && props.onClose()}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  )
}

export interface ConfirmProps {
  title: string
  text: string
  confirmLabel: string
  busyLabel?: string
  /** The word to type before confirming (destructive and irreversible actions). */
  word?: string
  /** Runs the action: the dialog closes on success, shows the error otherwise. */
  onConfirm: () => Promise<void>
  onClose: () => void
  fallbackFocus?: () => HTMLElement | null | undefined
}

export function ConfirmDialog(props: ConfirmProps) {
  const [typed, setTyped] = useState('')
  const [wordError, setWordError] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const cancel = useRef<HTMLButtonElement>(null)
  const input = useRef<HTMLInputElement>(null)
  const id = useId()
  const submit = async (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault()
    if (busy) return
    if (props.word && typed.trim() != props.word) {
      setWordError(t('errEraseWord', { word: props.word }))
      input.current?.focus()
      return
    }
    setWordError(null)
    setError(null)
    setBusy(true)
    try {
      await props.onConfirm()
    } catch (e) {
      setError(e)
      setBusy(false)
    }
  }
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      fallbackFocus={props.fallbackFocus}
      initialFocus={(props.word ? input : cancel) as RefObject<HTMLElement | null>}
    >
      <form onSubmit={submit} noValidate>
        <p>{props.text}</p>
        {props.word && (
          <Field id={`${id}-word`} label={t('eraseConfirmLabel', { word: props.word })} error={wordError}>
            {(aria) => (
              <input
                {...aria}
                ref={input}
                type="text"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck={false}
                value={typed}
                onInput={(e) => setTyped(e.currentTarget.value)}
              />
            )}
          </Field>
        )}
        {error ? <ErrorBox error={error} /> : null}
        <div class="actions">
          <button type="button" ref={cancel} onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="danger" aria-disabled={busy ? 'true' : undefined}>
            {busy ? (props.busyLabel ?? props.confirmLabel) : props.confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  )
}

// ---- secrets ----------------------------------------------------------------------

/** Copy text: the Clipboard API, else a selected field and execCommand. */
export async function copyText(text: string, field: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    if (!field) return false
    field.focus()
    field.select()
    try {
      return document.execCommand('copy')
    } catch {
      return false
    }
  }
}

/** A new secret, shown this once: the warning, the value, a Copy button; focus comes here when it appears. */
export function SecretOnce(props: { label: string; secret: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const field = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<boolean | null>(null)
  const id = useId()
  useEffect(() => heading.current?.focus(), [props.secret])
  return (
    <section class="secret" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t('secretTitle')}
      </h3>
      <p class="warning">{t('secretWarning')}</p>
      <label for={`${id}-value`}>{props.label}</label>
      <div class="row">
        <input
          id={`${id}-value`}
          ref={field}
          class="mono"
          type="text"
          readOnly
          value={props.secret}
          spellcheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={async () => setCopied(await copyText(props.secret, field.current))}>
          {t('copy')}
        </button>
      </div>
      <Status message={copied == null ? null : copied ? t('copied') : t('copyFailed')} tone={copied === false ? 'error' : 'ok'} />
      <button type="button" class="primary" onClick={props.onDone}>
        {t('done')}
      </button>
    </section>
  )
}
