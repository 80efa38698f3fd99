/** Strict validation of request bodies; field problems become `errors: [{ field, code }]`. */
import type { SignUpInput } from '../../src/core/contract.ts'

export type FieldError = { field: string; code: string }

export const EMAIL_MAX = 254
export const NAME_MAX = 100
export const REFERRAL_CODE_MAX = 64

// One @, no spaces, a dot in the domain, no empty labels: what a shop checkout would accept.
const EMAIL = /^[^\s@"<>()\[\]\\,;:]{1,64}@(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

export function validEmail(value: string): boolean {
  return value.length <= EMAIL_MAX && EMAIL.test(value) && !value.includes('..')
}

/** A real calendar date `YYYY-MM-DD`, after 1900-01-01 and before today (UTC). */
export function validBirthday(value: string, today = new Date()): 'invalid' | 'future' | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return 'invalid'
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() != y || date.getUTCMonth() != m - 1 || date.getUTCDate() != d || y < 1900) return 'invalid'
  return value >= today.toISOString().slice(0, 10) ? 'future' : null
}

function unknownFields(value: Record<string, unknown>, known: string[], prefix = ''): FieldError[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({ field: prefix + key, code: 'unknown_field' }))
}

/**
 * Checks a sign-up body. Unknown fields are rejected (here and in `consent`).
 * Empty optional strings mean "not given" (a form's blank input).
 */
export function validateSignUp(body: Record<string, unknown>): { input: SignUpInput; errors: FieldError[] } {
  const errors = unknownFields(body, ['email', 'name', 'birthday', 'consent', 'referralCode'])
  const input: SignUpInput = { email: '', consent: { terms: false, marketing: false } }

  if (body.email === undefined || body.email === '') errors.push({ field: 'email', code: 'required' })
  else if (typeof body.email != 'string') errors.push({ field: 'email', code: 'invalid' })
  else if (body.email.trim().length > EMAIL_MAX) errors.push({ field: 'email', code: 'too_long' })
  else if (!validEmail(body.email.trim())) errors.push({ field: 'email', code: 'invalid' })
  else input.email = body.email.trim()

  if (body.name !== undefined && body.name !== null) {
    if (typeof body.name != 'string' || CONTROL.test(body.name)) errors.push({ field: 'name', code: 'invalid' })
    else if (body.name.trim().length > NAME_MAX) errors.push({ field: 'name', code: 'too_long' })
    else if (body.name.trim()) input.name = body.name.trim()
  }

  if (body.birthday !== undefined && body.birthday !== null && body.birthday !== '') {
    const problem = typeof body.birthday == 'string' ? validBirthday(body.birthday) : 'invalid'
    if (problem) errors.push({ field: 'birthday', code: problem })
    else input.birthday = body.birthday as string
  }

  const consent = body.consent
  if (consent === undefined) errors.push({ field: 'consent.terms', code: 'required' })
  else if (typeof consent != 'object' || consent === null || Array.isArray(consent)) errors.push({ field: 'consent', code: 'invalid' })
  else {
    const c = consent as Record<string, unknown>
    errors.push(...unknownFields(c, ['terms', 'marketing'], 'consent.'))
    if (c.terms !== true) errors.push({ field: 'consent.terms', code: c.terms === false || c.terms === undefined ? 'required' : 'invalid' })
    if (typeof c.marketing != 'boolean') errors.push({ field: 'consent.marketing', code: c.marketing === undefined ? 'required' : 'invalid' })
    input.consent = { terms: c.terms === true, marketing: c.marketing === true }
  }

  if (body.referralCode !== undefined && body.referralCode !== null && body.referralCode !== '') {
    if (typeof body.referralCode != 'string' || !/^[A-Za-z0-9_-]+$/.test(body.referralCode)) errors.push({ field: 'referralCode', code: 'invalid' })
    else if (body.referralCode.length > REFERRAL_CODE_MAX) errors.push({ field: 'referralCode', code: 'too_long' })
    else input.referralCode = body.referralCode
  }
  return { input, errors }
}

/** `{ rewardId }` / `{ ruleId }`: exactly one non-empty string field. */
export function validateId(body: Record<string, unknown>, field: string): { id: string; errors: FieldError[] } {
  const errors = unknownFields(body, [field])
  const value = body[field]
  if (value === undefined || value === '') errors.push({ field, code: 'required' })
  else if (typeof value != 'string' || value.length > 100) errors.push({ field, code: 'invalid' })
  return { id: typeof value == 'string' ? value : '', errors }
}
