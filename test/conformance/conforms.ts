/**
 * Whether a response body conforms: first the contract's own valibot schema
 * (src/core/schemas.ts, the one the SDK validates with), then the value checks
 * a schema kept lean for the SDK's bundle does not make — https links, real
 * date-times, non-empty ids. Extra fields are tolerated (clients ignore them).
 */
import * as v from 'valibot'
import type { ActivityPage, Member, Program, RedemptionResult } from '../../src/core/contract.ts'
import { ActivityPageSchema, MemberSchema, ProgramSchema, RedemptionResultSchema, SignUpResultSchema } from '../../src/core/schemas.ts'

function preview(value: unknown): string {
  const text = JSON.stringify(value)
  return text === undefined ? 'undefined' : text.length > 60 ? text.slice(0, 57) + '…' : text
}

/** `program.rules[0].id`: where an issue is, from the name of the whole body. */
function issuePath(name: string, issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).reduce((at, item) => (typeof item.key == 'number' ? `${at}[${item.key}]` : `${at}.${String(item.key)}`), name)
}

/** One readable line per problem, at most five. */
function summary(problems: string[]): string {
  return problems.slice(0, 5).join('; ') + (problems.length > 5 ? ` (+${problems.length - 5} more)` : '')
}

// ---- value checks on top of the schemas ------------------------------------

type Problems = string[]

const nonEmpty = (value: string, at: string, out: Problems) => void (value.length || out.push(`${at}: expected a non-empty string`))

function url(value: string, at: string, out: Problems, protocols: RegExp): void {
  let protocol = ''
  try {
    protocol = new URL(value).protocol
  } catch {}
  if (!protocols.test(protocol)) out.push(`${at}: expected ${protocols.source == '^https:$' ? 'an https:' : 'an http(s)'} URL, got ${preview(value)}`)
}
const https = (value: string, at: string, out: Problems) => url(value, at, out, /^https:$/)
const web = (value: string, at: string, out: Problems) => url(value, at, out, /^https?:$/)

/** Stricter than the schema's isoTimestamp: the form JSON.stringify gives a Date, and a real instant. */
function dateTime(value: string, at: string, out: Problems): void {
  const form = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
  if (!form.test(value) || Number.isNaN(Date.parse(value))) out.push(`${at}: expected an ISO 8601 date-time, got ${preview(value)}`)
}

function programProblems(p: Program, at: string, out: Problems): void {
  nonEmpty(p.key, `${at}.key`, out)
  https(p.termsUrl, `${at}.termsUrl`, out)
  https(p.privacyUrl, `${at}.privacyUrl`, out)
  p.rules.forEach((rule, i) => {
    nonEmpty(rule.id, `${at}.rules[${i}].id`, out)
    if (rule.url !== undefined) https(rule.url, `${at}.rules[${i}].url`, out)
  })
  p.rewards.forEach((reward, i) => {
    nonEmpty(reward.id, `${at}.rewards[${i}].id`, out)
    if (reward.imageUrl !== undefined) web(reward.imageUrl, `${at}.rewards[${i}].imageUrl`, out)
  })
  p.tiers.forEach((tier, i) => nonEmpty(tier.id, `${at}.tiers[${i}].id`, out))
}

function memberProblems(m: Member, at: string, out: Problems): void {
  nonEmpty(m.id, `${at}.id`, out)
  nonEmpty(m.email, `${at}.email`, out)
  if (m.birthday !== null && !/^\d{4}-\d{2}-\d{2}$/.test(m.birthday)) out.push(`${at}.birthday: expected YYYY-MM-DD, got ${preview(m.birthday)}`)
  nonEmpty(m.referral.code, `${at}.referral.code`, out)
  web(m.referral.url, `${at}.referral.url`, out)
  dateTime(m.createdAt, `${at}.createdAt`, out)
  m.coupons.forEach((c, i) => {
    nonEmpty(c.id, `${at}.coupons[${i}].id`, out)
    if (c.code !== null) nonEmpty(c.code, `${at}.coupons[${i}].code`, out)
    dateTime(c.createdAt, `${at}.coupons[${i}].createdAt`, out)
  })
}

function activityProblems(page: ActivityPage, at: string, out: Problems): void {
  page.entries.forEach((e, i) => {
    nonEmpty(e.id, `${at}.entries[${i}].id`, out)
    dateTime(e.createdAt, `${at}.entries[${i}].createdAt`, out)
  })
  if (page.nextCursor !== null) nonEmpty(page.nextCursor, `${at}.nextCursor`, out)
}

function redemptionProblems(r: RedemptionResult, at: string, out: Problems): void {
  nonEmpty(r.redemption.id, `${at}.redemption.id`, out)
  if (r.redemption.code !== null) nonEmpty(r.redemption.code, `${at}.redemption.code`, out)
}

/** The value checks of each response schema that has some. */
const VALUE_CHECKS = new Map<v.GenericSchema, (value: any, at: string, out: Problems) => void>([
  [ProgramSchema, programProblems],
  [MemberSchema, memberProblems],
  [SignUpResultSchema, (r, at, out) => memberProblems(r.member, `${at}.member`, out)],
  [ActivityPageSchema, activityProblems],
  [RedemptionResultSchema, redemptionProblems],
])

/** The body as `schema` outputs it; throws with the first problems when it does not conform. */
export function assertConforms<S extends v.GenericSchema>(value: unknown, schema: S, name: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value)
  if (!result.success) {
    throw new Error(summary(result.issues.map((issue) => `${issuePath(name, issue)}: ${issue.message}`)))
  }
  const problems: Problems = []
  VALUE_CHECKS.get(schema)?.(result.output, name, problems)
  if (problems.length) throw new Error(summary(problems))
  return result.output
}
