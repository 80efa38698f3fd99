import { useSignal } from '@preact/signals'
import { useContext, useRef } from 'preact/hooks'
import type { SignUpInput } from '../../core/contract.ts'
import type { LoyaltyError } from '../../core/errors.ts'
import { safeUrl } from '../../core/url.ts'
import { EMPTY_DRAFT, UiContext, type SignUpDraft, type Ui } from '../context.ts'
import { focusSoon } from '../focus.ts'
import { useAction } from '../use-action.ts'
import { Failure } from './failure.tsx'
import { CheckField, TextField, toField } from './field.tsx'

type FieldErrors = Partial<Record<keyof SignUpDraft, string>>

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

type ServerText = 'errEmail' | 'errName' | 'errBirthday' | 'err_invalid_request' | 'err_email_taken'

/**
 * The server's field errors, by its field names, in the form's words: by code where the code says more
 * than the field (an address already a member), else the field's own message, else the form's general one.
 */
const SERVER_FIELDS: Record<string, [keyof SignUpDraft, ServerText]> = {
  email: ['email', 'err_invalid_request'],
  name: ['name', 'errName'],
  birthday: ['birthday', 'errBirthday'],
  referralCode: ['ref', 'err_invalid_request'],
}
const SERVER_CODES: Record<string, ServerText> = { email_taken: 'err_email_taken', invalid: 'errEmail' }

/** What the server refused, on the fields that show it (a referral code that is one's own, a name too long). */
function refusedFields(error: LoyaltyError | null, t: (key: ServerText) => string): FieldErrors {
  const found: FieldErrors = {}
  for (const { field, code } of error?.fields ?? []) {
    const [name, text] = SERVER_FIELDS[field] ?? []
    if (name) found[name] ??= t((field == 'email' && SERVER_CODES[code]) || text!)
  }
  return found
}

/** Joining, like every other action: one request at a time, the same key when the same input is retried. */
function useJoin(ui: Ui) {
  const { i18n, draft, client } = ui
  return useAction((input: SignUpInput, key) =>
    client.signUp(input, key).then((r) => {
      draft.value = EMPTY_DRAFT
      ui.welcome.value = r.member.balance
      ui.announce(i18n.value.t('welcome', { points: i18n.value.points(r.member.balance) }))
      ui.view.value = 'home'
      // In the panel, the new view's title takes focus; in <loyalkit-signup>, the balance that replaces the form.
      focusSoon(ui.root, 'lk-card')
    }),
  )
}

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

/**
 * The form's field errors: shown on their fields, the shopper sent to the first. `quiet` (a refusal of the
 * server's, which the form's alert says already): the field is only marked and focused.
 */
function useFieldErrors(ui: Ui) {
  const errors = useSignal<FieldErrors>({})
  const form = useRef<HTMLFormElement>(null)
  const show = (found: FieldErrors, quiet?: boolean) => {
    errors.value = found
    const first = Object.keys(found)[0] as keyof SignUpDraft | undefined
    const el = first && form.current?.querySelector<HTMLElement>(`[name=${first}]`)
    if (el) quiet ? el.focus() : toField(ui, el, found[first]!)
    return first
  }
  /** An edited field's error goes. */
  const edited = (field: keyof SignUpDraft) => {
    if (errors.value[field]) errors.value = { ...errors.value, [field]: undefined }
  }
  return { errors, form, show, edited }
}

export function SignUp() {
  const ui = useContext(UiContext)
  const { i18n, draft, client } = ui
  const { t } = i18n.value
  const program = client.state.program.value!
  const { errors, form, show, edited } = useFieldErrors(ui)
  const join = useJoin(ui)
  const failure = join.error()
  const pending = join.pending.value != null

  const set = (field: keyof SignUpDraft, value: string | boolean) => {
    draft.value = { ...draft.value, [field]: value }
    edited(field)
  }

  const submit = (event: Event) => {
    event.preventDefault()
    if (show(validate(draft.value, t))) return
    join.go(inputOf(draft.value)).then(() => show(refusedFields(join.error(), t), true))
  }

  const field = (
    name: 'email' | 'name' | 'birthday' | 'ref',
    label: string,
    type: 'email' | 'text' | 'date',
    extra: { autocomplete: string; required?: boolean; inputMode?: 'email' },
  ) => <TextField name={name} label={label} type={type} value={draft.value[name]} error={errors.value[name]} onInput={(v) => set(name, v)} {...extra} />

  const check = (name: 'terms' | 'marketing', label: preact.ComponentChildren, required = false) => (
    <CheckField name={name} label={label} checked={draft.value[name]} error={errors.value[name]} onChange={(v) => set(name, v)} required={required} />
  )

  return (
    <form ref={form} onSubmit={submit} noValidate aria-describedby={failure ? 'lk-fail' : undefined}>
      <p>{t('joinBonus', { points: i18n.value.points(program.signupBonus) })}</p>
      {ui.offer.value && <p class="ok">{t('invited', { offer: ui.offer.value.friend.description })}</p>}
      <Failure error={failure} id="lk-fail" />
      {field('email', t('email'), 'email', { autocomplete: 'email', required: true, inputMode: 'email' })}
      {program.signupFields.name && field('name', t('name'), 'text', { autocomplete: 'given-name' })}
      {program.signupFields.birthday && field('birthday', t('birthday'), 'date', { autocomplete: 'bday' })}
      {ui.referralCode && field('ref', t('refCode'), 'text', { autocomplete: 'off' })}
      {check('terms', <TermsLabel t={t} url={program.termsUrl} />, true)}
      {program.signupFields.marketing && check('marketing', t('marketing'))}
      <button type="submit" class="btn w" part="button" aria-disabled={pending ? 'true' : undefined}>
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  )
}
