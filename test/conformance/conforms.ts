/**
 * Whether a response body conforms: first the contract's own valibot schema
 * (src/core/schemas.ts, the one the SDK validates with), then the value checks
 * a schema kept lean for the SDK's bundle does not make — https links, real
 * date-times, non-empty ids. Extra fields are tolerated (clients ignore them).
 */
import * as v from 'valibot'
import type {
  ActivityPage,
  AdjustmentResult,
  CouponStatus,
  Member,
  MemberExport,
  MemberOffers,
  MemberRecord,
  Order,
  Program,
  RedemptionResult,
  RefundResult,
} from '../../src/core/contract.ts'
import {
  ActivityPageSchema,
  AdjustmentResultSchema,
  CouponStatusSchema,
  MemberExportSchema,
  MemberListSchema,
  MemberOffersSchema,
  MemberRecordSchema,
  MemberSchema,
  OrderResultSchema,
  OrderSchema,
  ProgramSchema,
  RedemptionResultSchema,
  RefundResultSchema,
  SignUpResultSchema,
} from '../../src/core/schemas.ts'

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
/** A picture: an https: URL, or a path on the store's own site (`/images/pouch.png`), which the widget loads from its page. */
const picture = (value: string, at: string, out: Problems) => void (/^\/(?!\/)\S*$/.test(value) || https(value, at, out))

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
    if (reward.imageUrl !== undefined) picture(reward.imageUrl, `${at}.rewards[${i}].imageUrl`, out)
  })
  p.tiers.forEach((tier, i) => nonEmpty(tier.id, `${at}.tiers[${i}].id`, out))
  p.offers?.forEach((offer, i) => {
    const o = `${at}.offers[${i}]`
    nonEmpty(offer.id, `${o}.id`, out)
    if (offer.imageUrl !== undefined) picture(offer.imageUrl, `${o}.imageUrl`, out)
    if (offer.url !== undefined) https(offer.url, `${o}.url`, out)
    if (offer.tier !== null && !p.tiers.some((t) => t.id == offer.tier))
      out.push(`${o}.tier: expected the id of one of the program's tiers, got ${preview(offer.tier)}`)
    if (offer.startsAt !== null) dateTime(offer.startsAt, `${o}.startsAt`, out)
    if (offer.endsAt !== null) {
      dateTime(offer.endsAt, `${o}.endsAt`, out)
      // A minute of leeway for the response's own age (programs are cached that long).
      if (Date.parse(offer.endsAt) < Date.now() - 60_000) out.push(`${o}.endsAt: an offer that has ended is not listed, got ${preview(offer.endsAt)}`)
      if (offer.startsAt !== null && !(Date.parse(offer.endsAt) > Date.parse(offer.startsAt))) out.push(`${o}.endsAt: expected after startsAt`)
    }
  })
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
    if (c.expiresAt !== null) dateTime(c.expiresAt, `${at}.coupons[${i}].expiresAt`, out)
    dateTime(c.createdAt, `${at}.coupons[${i}].createdAt`, out)
  })
  if (m.expiring) dateTime(m.expiring.date, `${at}.expiring.date`, out)
}

function memberOffersProblems(x: MemberOffers, at: string, out: Problems): void {
  x.offers.forEach((o, i) => {
    nonEmpty(o.id, `${at}.offers[${i}].id`, out)
    if (o.code !== null) nonEmpty(o.code, `${at}.offers[${i}].code`, out)
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

// ---- the store's API --------------------------------------------------------

/** Money as the contract carries it: not negative, whole cents. */
function amount(value: number, at: string, out: Problems): void {
  if (!(value >= 0) || Math.abs(Math.round(value * 100) - value * 100) > 1e-6) out.push(`${at}: expected an amount ≥ 0 in whole cents, got ${preview(value)}`)
}

function orderProblems(o: Order, at: string, out: Problems): void {
  nonEmpty(o.id, `${at}.id`, out)
  if ((o.state == 'credited') != (o.memberId !== null))
    out.push(`${at}.memberId: a credited order names its member, a guest order none (state ${o.state}, memberId ${preview(o.memberId)})`)
  amount(o.amount, `${at}.amount`, out)
  amount(o.refundedAmount, `${at}.refundedAmount`, out)
  if (o.refundedAmount > o.amount) out.push(`${at}.refundedAmount: at most the amount ${o.amount}, got ${o.refundedAmount}`)
  if (o.pointsReversed > o.points) out.push(`${at}.pointsReversed: at most the points ${o.points}, got ${o.pointsReversed}`)
  if (!/^[A-Z]{3}$/.test(o.currency)) out.push(`${at}.currency: expected ISO 4217, got ${preview(o.currency)}`)
  dateTime(o.placedAt, `${at}.placedAt`, out)
  dateTime(o.createdAt, `${at}.createdAt`, out)
}

/** The member of a result is the order's (null for a guest order). */
function sameMember(member: { id: string } | null, order: Order, at: string, out: Problems): void {
  if ((member?.id ?? null) !== order.memberId)
    out.push(`${at}.member: expected the order's member ${preview(order.memberId)}, got ${preview(member?.id ?? null)}`)
}

function refundProblems(r: RefundResult, at: string, out: Problems): void {
  orderProblems(r.order, `${at}.order`, out)
  sameMember(r.member, r.order, at, out)
  nonEmpty(r.refund.id, `${at}.refund.id`, out)
  if (r.refund.orderId != r.order.id) out.push(`${at}.refund.orderId: expected ${preview(r.order.id)}, got ${preview(r.refund.orderId)}`)
  amount(r.refund.amount, `${at}.refund.amount`, out)
  if (r.refund.pointsOwed > r.refund.points) out.push(`${at}.refund.pointsOwed: at most the points reversed, got ${r.refund.pointsOwed}`)
  dateTime(r.refund.createdAt, `${at}.refund.createdAt`, out)
}

function couponProblems(c: CouponStatus, at: string, out: Problems): void {
  nonEmpty(c.code, `${at}.code`, out)
  nonEmpty(c.memberId, `${at}.memberId`, out)
  if (c.expiresAt !== null) dateTime(c.expiresAt, `${at}.expiresAt`, out)
  if (c.usedAt !== null) dateTime(c.usedAt, `${at}.usedAt`, out)
  if ((c.state == 'used') != (c.usedAt !== null && c.orderId !== null))
    out.push(`${at}: a used coupon has usedAt and orderId, another neither (state ${c.state})`)
  if (c.valid != (c.reason === null)) out.push(`${at}.reason: null exactly when valid, got ${preview(c.reason)} with valid ${c.valid}`)
  if (c.state != 'active' && c.reason != c.state) out.push(`${at}.reason: expected ${c.state} for a coupon ${c.state}, got ${preview(c.reason)}`)
  if (c.discount !== null && (!c.valid || c.discount < 0)) out.push(`${at}.discount: a discount ≥ 0 only when valid, got ${c.discount}`)
}

function adjustmentProblems(r: AdjustmentResult, at: string, out: Problems): void {
  nonEmpty(r.entry.id, `${at}.entry.id`, out)
  nonEmpty(r.entry.actor, `${at}.entry.actor`, out)
  if (r.entry.points == 0) out.push(`${at}.entry.points: an adjustment is not 0`)
  dateTime(r.entry.createdAt, `${at}.entry.createdAt`, out)
}

function recordProblems(m: MemberRecord, at: string, out: Problems): void {
  nonEmpty(m.id, `${at}.id`, out)
  nonEmpty(m.email, `${at}.email`, out)
  nonEmpty(m.referralCode, `${at}.referralCode`, out)
  if (m.birthday !== null && !/^\d{4}-\d{2}-\d{2}$/.test(m.birthday)) out.push(`${at}.birthday: expected YYYY-MM-DD, got ${preview(m.birthday)}`)
  if (!/^[A-Z]{3}$/.test(m.currency)) out.push(`${at}.currency: expected ISO 4217, got ${preview(m.currency)}`)
  amount(m.lifetimeValue, `${at}.lifetimeValue`, out)
  if (m.marketing.updatedAt !== null) dateTime(m.marketing.updatedAt, `${at}.marketing.updatedAt`, out)
  if (m.expiring) dateTime(m.expiring.date, `${at}.expiring.date`, out)
  dateTime(m.createdAt, `${at}.createdAt`, out)
}

function exportProblems(x: MemberExport, at: string, out: Problems): void {
  dateTime(x.exportedAt, `${at}.exportedAt`, out)
  recordProblems(x.member, `${at}.member`, out)
  x.consents.forEach((c, i) => dateTime(c.createdAt, `${at}.consents[${i}].createdAt`, out))
  x.ledger.forEach((e, i) => {
    nonEmpty(e.id, `${at}.ledger[${i}].id`, out)
    dateTime(e.createdAt, `${at}.ledger[${i}].createdAt`, out)
  })
  x.orders.forEach((o, i) => orderProblems(o, `${at}.orders[${i}]`, out))
  x.refunds.forEach((r, i) => dateTime(r.createdAt, `${at}.refunds[${i}].createdAt`, out))
}

/** The value checks of each response schema that has some. */
const VALUE_CHECKS = new Map<v.GenericSchema, (value: any, at: string, out: Problems) => void>([
  [ProgramSchema, programProblems],
  [MemberSchema, memberProblems],
  [SignUpResultSchema, (r, at, out) => memberProblems(r.member, `${at}.member`, out)],
  [ActivityPageSchema, activityProblems],
  [MemberOffersSchema, memberOffersProblems],
  [RedemptionResultSchema, redemptionProblems],
  [OrderSchema, orderProblems],
  [OrderResultSchema, (r, at, out) => (orderProblems(r.order, `${at}.order`, out), sameMember(r.member, r.order, at, out))],
  [RefundResultSchema, refundProblems],
  [CouponStatusSchema, couponProblems],
  [AdjustmentResultSchema, adjustmentProblems],
  [MemberRecordSchema, recordProblems],
  [MemberListSchema, (l, at, out) => l.members.forEach((m: MemberRecord, i: number) => recordProblems(m, `${at}.members[${i}]`, out))],
  [MemberExportSchema, exportProblems],
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
