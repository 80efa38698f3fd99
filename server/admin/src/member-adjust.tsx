/**
 * One member → "Adjust points": signed points and a reason, checked here and by the server. The input
 * stays on an error, with the server's field errors by their field and focus on the first field in
 * error; a retry of the same adjustment sends the same Idempotency-Key.
 */
import { useRef, useState } from 'preact/hooks'
import { ApiError, type FieldError, type LedgerEntry, type MemberRecord, newIdempotencyKey, post } from './api.ts'
import { points, signedPoints } from './format.ts'
import { t } from './state.ts'
import { errorMessage, Field, Status } from './ui.tsx'

/** The ledger entry an adjustment answers with. */
export type AdjustedEntry = Omit<LedgerEntry, 'type' | 'description'>

type AdjustErrors = { points?: string; reason?: string }

const FIELD_MESSAGES: Record<string, Record<string, Parameters<typeof t>[0]>> = {
  points: { invalid: 'errPointsInvalid', required: 'errPointsInvalid', too_large: 'errPointsTooLarge' },
  reason: { required: 'errReasonRequired', too_long: 'errReasonTooLong', invalid: 'errFieldInvalid' },
}

/** "−50", "+50", "50" → the number; anything else (decimals, words, 0 is allowed here and refused after) → null. */
function parsePoints(text: string): number | null {
  const s = text
    .trim()
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/[\s\u00a0\u202f]/g, '')
  if (!/^[+-]?\d{1,9}$/.test(s)) return null
  return Number(s)
}

/** What is wrong with the form before anything is sent (`n`: the points as parsed). */
function check(n: number | null, reason: string): AdjustErrors {
  const next: AdjustErrors = {}
  if (n == null || n == 0) next.points = t('errPointsInvalid')
  else if (Math.abs(n) > 1_000_000) next.points = t('errPointsTooLarge')
  if (!reason.trim()) next.reason = t('errReasonRequired')
  else if (reason.trim().length > 200) next.reason = t('errReasonTooLong')
  return next
}

/** The server's field errors for this form's two fields, the first one of each. */
function fieldMessages(errors: FieldError[]): AdjustErrors {
  const fields: AdjustErrors = {}
  for (const fe of errors) {
    if (fe.field != 'points' && fe.field != 'reason') continue
    const key = FIELD_MESSAGES[fe.field]?.[fe.code] ?? 'errFieldInvalid'
    fields[fe.field] ??= t(key)
  }
  return fields
}

export function AdjustForm(props: { member: MemberRecord; onDone: (entry: AdjustedEntry, balance: number) => void }) {
  const { pointsText, setPointsText, reason, setReason, feedback, busy, submit } = useAdjust(props.member, props.onDone)
  const { errors, formError, done, pointsInput, reasonInput } = feedback
  return (
    <section aria-labelledby="adjust-title">
      <h2 id="adjust-title">{t('adjustTitle')}</h2>
      <p>{t('adjustIntro')}</p>
      <form onSubmit={submit} noValidate class="stack adjust">
        <div role="alert">{formError && <p class="form-error">{formError}</p>}</div>
        <Field id="adjust-points" label={t('adjustPoints')} hint={t('adjustPointsHint')} error={errors.points}>
          {(aria) => (
            <input
              {...aria}
              ref={pointsInput}
              name="points"
              type="text"
              inputMode="text"
              autocomplete="off"
              class="short"
              value={pointsText}
              onInput={(e) => setPointsText(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="adjust-reason" label={t('adjustReason')} hint={t('adjustReasonHint')} error={errors.reason}>
          {(aria) => (
            <input
              {...aria}
              ref={reasonInput}
              name="reason"
              type="text"
              maxLength={400}
              autocomplete="off"
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          )}
        </Field>
        <div>
          <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
            {busy ? t('adjusting') : t('adjust')}
          </button>
        </div>
        <Status message={done} />
      </form>
    </section>
  )
}

/** The form's fields, and the submit that checks them, sends the adjustment and shows what came back. */
function useAdjust(member: MemberRecord, onDone: (entry: AdjustedEntry, balance: number) => void) {
  const [pointsText, setPointsText] = useState('')
  const [reason, setReason] = useState('')
  const feedback = useFeedback()
  const { show } = feedback
  const [busy, setBusy] = useState(false)
  const pending = usePendingKey()

  const succeeded = (n: number, r: { entry: AdjustedEntry; balance: number }) => {
    setBusy(false)
    setPointsText('')
    setReason('')
    feedback.showDone(t('adjusted', { change: signedPoints(n), balance: points(r.balance) }))
    onDone(r.entry, r.balance)
  }

  const failed = (err: unknown) => {
    setBusy(false)
    pending.failed(err)
    if (err instanceof ApiError && err.errors.length) {
      const fields = fieldMessages(err.errors)
      return show(fields, fields.points || fields.reason ? t('fixErrors') : errorMessage(err))
    }
    if (err instanceof ApiError && err.code == 'insufficient_points') return show({ points: t('errInsufficient', { balance: points(member.balance) }) }, null)
    show({}, errorMessage(err))
  }

  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    const n = parsePoints(pointsText)
    const next = check(n, reason)
    if (next.points || next.reason) return show(next, t('fixErrors'))
    setBusy(true)
    const body = { points: n, reason: reason.trim() }
    const key = pending.keyFor(body)
    try {
      const r = await post<{ entry: AdjustedEntry; balance: number }>(`/members/${encodeURIComponent(member.id)}/adjustments`, body, key)
      pending.done()
      succeeded(n!, r)
    } catch (err) {
      failed(err)
    }
  }

  return { pointsText, setPointsText, reason, setReason, feedback, busy, submit }
}

/** What the form says back: errors by field and for the form, or what was done; focus goes to the first field in error. */
function useFeedback() {
  const [errors, setErrors] = useState<AdjustErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const pointsInput = useRef<HTMLInputElement>(null)
  const reasonInput = useRef<HTMLInputElement>(null)

  const show = (next: AdjustErrors, form: string | null) => {
    setErrors(next)
    setFormError(form)
    setDone(null)
    if (next.points) pointsInput.current?.focus()
    else if (next.reason) reasonInput.current?.focus()
  }
  const showDone = (message: string) => {
    setErrors({})
    setFormError(null)
    setDone(message)
  }
  return { errors, formError, done, pointsInput, reasonInput, show, showDone }
}

function usePendingKey() {
  // The Idempotency-Key of the adjustment on its way: sent again when the same one is tried again (a
  // timeout whose change had committed is then answered, not applied twice); a new one once it is done.
  const pending = useRef<{ key: string; body: string } | null>(null)
  /** The key for sending `body`: the pending one if it is the same adjustment, else a new one. */
  const keyFor = (body: unknown) => {
    const same = pending.current?.body == JSON.stringify(body)
    if (!same) pending.current = { key: newIdempotencyKey(), body: JSON.stringify(body) }
    return pending.current!.key
  }
  const done = () => {
    pending.current = null
  }
  const failed = (err: unknown) => {
    // A refusal is a definite answer that ends this adjustment: pressed again, it is a new one (the
    // balance may have grown since). No answer, a server error or "still running": the same key again.
    if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.code != 'idempotency_running') pending.current = null
  }
  return { keyFor, done, failed }
}
