import { useSignal } from '@preact/signals'
import { useContext, useRef } from 'preact/hooks'
import type { SignUpInput } from '../../core/contract.ts'
// biome-ignore lint/style/useImportType: as a value import it keeps the bundle's module order, which gzips 10 B smaller: the first-open budget has no room for them
import { LoyaltyError } from '../../core/errors.ts'
import { newIdempotencyKey } from '../../core/token.ts'
import { safeUrl } from '../../core/url.ts'
import { EMPTY_DRAFT, UiContext, errorText, type SignUpDraft } from '../context.ts'
import { TextField } from './field.tsx'

type FieldErrors = Partial<Record<keyof SignUpDraft, string>>

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Client-side checks mirror the server's, so most mistakes are caught before a request. */
function validate(d: SignUpDraft, t: (k: 'errEmail' | 'errTerms' | 'errBirthday') => string): FieldErrors {
  const e: FieldErrors = {}
  if (!EMAIL.test(d.email.trim())) e.email = t('errEmail')
  if (d.birthday && !(new Date(d.birthday) < new Date())) e.birthday = t('errBirthday')
  if (!d.terms) e.terms = t('errTerms')
  return e
}

/** What the form sends: trimmed, and blank optional fields left out. */
function inputOf(d: SignUpDraft): SignUpInput {
  const input: SignUpInput = { email: d.email.trim(), consent: { terms: true, marketing: d.marketing } }
  if (d.name.trim()) input.name = d.name.trim()
  if (d.birthday) input.birthday = d.birthday
  if (d.ref.trim()) input.referralCode = d.ref.trim()
  return input
}

/** "I agree to the program terms", the terms a link when their address passes the URL check. */
function TermsLabel({ t, url }: { t: (key: 'terms' | 'termsLink') => string; url: string }) {
  const [before, after] = t('terms').split('{terms}')
  const terms = safeUrl(url)
  return (
    <>
      {before}
      {terms ? (
        <a href={terms} target="_blank" rel="noopener noreferrer">
          {t('termsLink')}
        </a>
      ) : (
        t('termsLink')
      )}
      {after}
    </>
  )
}

export function SignUp() {
  const ui = useContext(UiContext)
  const { i18n, draft, client } = ui
  const { t } = i18n.value
  const program = client.state.program.value!
  const errors = useSignal<FieldErrors>({})
  const failure = useSignal<LoyaltyError | null>(null)
  const pending = useSignal(false)
  // One idempotency key per action: a retry of the same input reuses it.
  const action = useRef({ key: '', body: '' })
  const form = useRef<HTMLFormElement>(null)

  const set = (field: keyof SignUpDraft, value: string | boolean) => {
    draft.value = { ...draft.value, [field]: value }
    if (errors.value[field]) errors.value = { ...errors.value, [field]: undefined }
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (pending.value) return
    const d = draft.value
    const found = validate(d, t)
    errors.value = found
    const first = Object.keys(found)[0]
    if (first) {
      form.current?.querySelector<HTMLElement>(`[name=${first}]`)?.focus()
      return
    }
    const input = inputOf(d)
    const body = JSON.stringify(input)
    if (action.current.body != body) action.current = { key: newIdempotencyKey(), body }
    pending.value = true
    failure.value = null
    try {
      const r = await client.signUp(input, action.current.key)
      draft.value = EMPTY_DRAFT
      ui.welcome.value = r.member.balance
      ui.announce(t('welcome', { points: i18n.value.points(r.member.balance) }))
      ui.view.value = 'home'
    } catch (error) {
      failure.value = error as LoyaltyError
    } finally {
      pending.value = false
    }
  }

  // A field's error: marked on the control, said after it, tied to it by aria-describedby.
  const invalid = (name: keyof SignUpDraft) => (errors.value[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `lk-${name}-err` } : {})
  const note = (name: keyof SignUpDraft) =>
    errors.value[name] && (
      <p class="err" id={`lk-${name}-err`}>
        {errors.value[name]}
      </p>
    )

  const field = (
    name: 'email' | 'name' | 'birthday' | 'ref',
    label: string,
    type: 'email' | 'text' | 'date',
    extra: { autocomplete: string; required?: boolean; inputMode?: 'email' },
  ) => <TextField name={name} label={label} type={type} value={draft.value[name]} error={errors.value[name]} onInput={(v) => set(name, v)} {...extra} />

  const check = (name: 'terms' | 'marketing', label: preact.ComponentChildren, required = false) => (
    <div class="f">
      <label class="ck">
        <input
          type="checkbox"
          name={name}
          checked={draft.value[name]}
          onChange={(e) => set(name, (e.target as HTMLInputElement).checked)}
          {...invalid(name)}
          required={required}
        />
        <span>{label}</span>
      </label>
      {note(name)}
    </div>
  )

  return (
    <form ref={form} onSubmit={submit} noValidate aria-describedby={failure.value ? 'lk-fail' : undefined}>
      <p>{t('joinBonus', { points: i18n.value.points(program.signupBonus) })}</p>
      {ui.offer.value && <p class="ok">{t('invited', { offer: ui.offer.value.friend.description })}</p>}
      {failure.value && (
        <div class="alert" role="alert" id="lk-fail">
          {errorText(i18n.value, failure.value)}
        </div>
      )}
      {field('email', t('email'), 'email', { autocomplete: 'email', required: true, inputMode: 'email' })}
      {program.signupFields.name && field('name', t('name'), 'text', { autocomplete: 'given-name' })}
      {program.signupFields.birthday && field('birthday', t('birthday'), 'date', { autocomplete: 'bday' })}
      {ui.referralCode && field('ref', t('refCode'), 'text', { autocomplete: 'off' })}
      {check('terms', <TermsLabel t={t} url={program.termsUrl} />, true)}
      {program.signupFields.marketing && check('marketing', t('marketing'))}
      <button type="submit" class="btn w" part="button" disabled={pending.value} aria-disabled={pending.value}>
        {pending.value ? t('submitting') : t('submit')}
      </button>
    </form>
  )
}
