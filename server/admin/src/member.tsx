/**
 * One member: the record's figures, the ledger, "Adjust points" (signed points and
 * a reason; the input stays on an error, with the server's field errors), Export
 * (the JSON download) and Erase (a dialog that names the member and wants a word typed).
 */
import { useRef, useState } from 'preact/hooks'
import { API, ApiError, del, get, newIdempotencyKey, post, type LedgerEntry, type MemberRecord } from './api.ts'
import { dateTime, day, money, num, points, signedPoints } from './format.ts'
import { hasKey } from './i18n.ts'
import { href, Link, navigate } from './router.tsx'
import { lang, notice, t } from './state.ts'
import { ConfirmDialog, errorMessage, Field, Load, Status, TableRegion, useLoad, type Loaded } from './ui.tsx'

interface MemberAnswer {
  member: MemberRecord
  ledger: LedgerEntry[]
}

const who = (m: MemberRecord) => (m.name ? `${m.name} (${m.email})` : m.email)

export function MemberPage(props: { id: string }) {
  const state = useLoad(() => get<MemberAnswer>(`/members/${encodeURIComponent(props.id)}`), [props.id, lang.value])
  const m = state.data?.member
  return (
    <>
      <p class="back">
        <Link href={href.members()}>{t('backToMembers')}</Link>
      </p>
      <h1 tabIndex={-1}>{m ? (m.name ?? m.email) : t('memberTitle')}</h1>
      <Load state={state}>{(data) => <MemberBody data={data} state={state} />}</Load>
    </>
  )
}

function MemberBody(props: { data: MemberAnswer; state: Loaded<MemberAnswer> }) {
  const { member: m, ledger } = props.data
  const [erasing, setErasing] = useState(false)
  const row = (label: string, value: preact.ComponentChildren, hint?: string) => (
    <div>
      <dt>{label}</dt>
      <dd>
        {value}
        {hint && <span class="hint">{hint}</span>}
      </dd>
    </div>
  )
  return (
    <>
      <section aria-labelledby="member-figures">
        <h2 id="member-figures">{t('memberFigures')}</h2>
        <dl class="facts">
          {row(t('balance'), <strong class="balance">{points(m.balance)}</strong>)}
          {row(t('tier'), m.tier?.name ?? t('none'))}
          {row(t('email'), m.email)}
          {row(t('name'), m.name ?? t('none'))}
          {row(t('customerId'), m.customerId ?? t('none'))}
          {row(t('birthday'), m.birthday ? day(m.birthday) : t('none'))}
          {row(t('lifetimePoints'), num(m.lifetimePoints))}
          {row(t('pointsOwed'), num(m.pointsOwed), m.pointsOwed > 0 ? t('pointsOwedHint') : undefined)}
          {row(t('lifetimeValue'), money(m.lifetimeValue, m.currency))}
          {row(t('orders'), num(m.orders))}
          {row(t('referralCode'), <code>{m.referralCode}</code>)}
          {row(t('referredBy'), m.referredBy ?? t('none'))}
          {row(
            t('marketing'),
            m.marketing.consent ? t('marketingYes', { date: dateTime(m.marketing.updatedAt), source: m.marketing.source ?? t('none') }) : t('marketingNo'),
          )}
          {row(t('expiring'), m.expiring ? t('expiringValue', { points: points(m.expiring.points), date: day(m.expiring.date) }) : t('noneExpiring'))}
          {row(t('joined'), dateTime(m.createdAt))}
        </dl>
      </section>

      <AdjustForm
        member={m}
        onDone={(entry, balance) => {
          // The new balance and entry at once; then the record and ledger afresh (tier, lifetime points, descriptions).
          props.state.set({ member: { ...m, balance }, ledger: [{ ...entry, description: null, type: 'adjustment' }, ...ledger].slice(0, 100) })
          props.state.reload()
        }}
      />

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t('ledgerTitle')}</h2>
        {ledger.length == 0 ? (
          <p>{t('noLedger')}</p>
        ) : (
          <TableRegion label={t('ledgerCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('date')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col" class="num">
                  {t('points')}
                </th>
                <th scope="col">{t('description')}</th>
                <th scope="col">{t('reason')}</th>
                <th scope="col">{t('actor')}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.map((e) => {
                const type = 'type_' + e.type
                return (
                  <tr key={e.id}>
                    <td class="nowrap">{dateTime(e.createdAt)}</td>
                    <td>{hasKey(type) ? t(type) : e.type}</td>
                    <td class={e.points < 0 ? 'num negative' : 'num'}>{signedPoints(e.points)}</td>
                    <td>{e.description ?? t('none')}</td>
                    <td>{e.reason ?? t('none')}</td>
                    <td>{e.actor ?? t('none')}</td>
                  </tr>
                )
              })}
            </tbody>
          </TableRegion>
        )}
      </section>

      <section aria-labelledby="export-title">
        <h2 id="export-title">{t('exportData')}</h2>
        <p>{t('exportHint')}</p>
        <a class="button" href={`${API}/members/${encodeURIComponent(m.id)}/export`} download={`member-${m.id}.json`}>
          {t('exportData')}
        </a>
      </section>

      <section aria-labelledby="erase-title" class="danger-zone">
        <h2 id="erase-title">{t('dangerZone')}</h2>
        <p>{t('eraseIntro')}</p>
        <button type="button" class="danger" onClick={() => setErasing(true)}>
          {t('erase')}
        </button>
      </section>

      {erasing && (
        <ConfirmDialog
          title={t('eraseTitle', { who: who(m) })}
          text={t('eraseText', { who: who(m), balance: points(m.balance) })}
          word={t('eraseWord')}
          confirmLabel={t('eraseConfirm')}
          busyLabel={t('erasing')}
          onClose={() => setErasing(false)}
          onConfirm={async () => {
            await del(`/members/${encodeURIComponent(m.id)}`)
            notice.value = t('memberErased', { who: who(m) })
            setErasing(false)
            navigate(href.members())
          }}
        />
      )}
    </>
  )
}

/** The ledger entry an adjustment answers with. */
type AdjustedEntry = Omit<LedgerEntry, 'type' | 'description'>

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

function AdjustForm(props: { member: MemberRecord; onDone: (entry: AdjustedEntry, balance: number) => void }) {
  const [pointsText, setPointsText] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<AdjustErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const pointsInput = useRef<HTMLInputElement>(null)
  const reasonInput = useRef<HTMLInputElement>(null)
  // The Idempotency-Key of the adjustment on its way: sent again when the same one is tried again (a
  // timeout whose change had committed is then answered, not applied twice); a new one once it is done.
  const pending = useRef<{ key: string; body: string } | null>(null)

  const show = (next: AdjustErrors, form: string | null) => {
    setErrors(next)
    setFormError(form)
    setDone(null)
    if (next.points) pointsInput.current?.focus()
    else if (next.reason) reasonInput.current?.focus()
  }

  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy) return
    const n = parsePoints(pointsText)
    const next: AdjustErrors = {}
    if (n == null || n == 0) next.points = t('errPointsInvalid')
    else if (Math.abs(n) > 1_000_000) next.points = t('errPointsTooLarge')
    if (!reason.trim()) next.reason = t('errReasonRequired')
    else if (reason.trim().length > 200) next.reason = t('errReasonTooLong')
    if (next.points || next.reason) return show(next, t('fixErrors'))
    setBusy(true)
    const body = { points: n, reason: reason.trim() }
    const same = pending.current?.body == JSON.stringify(body)
    if (!same) pending.current = { key: newIdempotencyKey(), body: JSON.stringify(body) }
    try {
      const r = await post<{ entry: AdjustedEntry; balance: number }>(`/members/${encodeURIComponent(props.member.id)}/adjustments`, body, pending.current!.key)
      pending.current = null
      setBusy(false)
      setErrors({})
      setFormError(null)
      setPointsText('')
      setReason('')
      setDone(t('adjusted', { change: signedPoints(n!), balance: points(r.balance) }))
      props.onDone(r.entry, r.balance)
    } catch (err) {
      setBusy(false)
      // A refusal is a definite answer that ends this adjustment: pressed again, it is a new one (the
      // balance may have grown since). No answer, a server error or "still running": the same key again.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.code != 'idempotency_running') pending.current = null
      if (err instanceof ApiError && err.errors.length) {
        const fields: AdjustErrors = {}
        for (const fe of err.errors) {
          if (fe.field != 'points' && fe.field != 'reason') continue
          const key = FIELD_MESSAGES[fe.field]?.[fe.code] ?? 'errFieldInvalid'
          fields[fe.field] ??= t(key)
        }
        return show(fields, fields.points || fields.reason ? t('fixErrors') : errorMessage(err))
      }
      if (err instanceof ApiError && err.code == 'insufficient_points')
        return show({ points: t('errInsufficient', { balance: points(props.member.balance) }) }, null)
      show({}, errorMessage(err))
    }
  }

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
