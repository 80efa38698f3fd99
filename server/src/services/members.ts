/**
 * Members as the contract shows them: finding the member of a customer token
 * (linking by a verified email), the `Member` view and activity pages.
 */
import { normalizeEmail, type ActivityEntry, type ActivityPage, type Coupon, type Member, type MemberOffers, type MemberRecord } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError, notFound } from '../errors.ts'
import { localize, message } from '../program/i18n.ts'
import { openOffers, tierFor, type ProgramDef } from '../program/program.ts'
import { activityRows, EARNING_TYPES, type ActivityRow } from '../repositories/ledger.ts'
import {
  findById,
  findBySubject,
  linkByEmail,
  lockIdentities,
  markSeen,
  type SeenState,
  memberSnapshot,
  recordConsent,
  type CouponRow,
  type MemberRow,
  type MemberSnapshot,
} from '../repositories/members.ts'
import { emit } from '../webhooks/outbox.ts'
import { orderTotals } from '../repositories/orders.ts'
import type { CustomerClaims } from '../tokens.ts'
import { badgesView } from './badges.ts'
import { couponTermsOf, recordedTerms } from './coupons.ts'
import { creditGuestOrders } from './orders.ts'
import { punchCardsView } from './punch-cards.ts'

/**
 * The member of a customer token: by customer id (`sub`; tokens this server issues
 * to members without a store link carry the member id). When there is none and the
 * store vouches for the token's email (`email_verified: true`), the member with that
 * email not yet linked to a customer is linked, and credited with that customer's orders
 * the store reported before (an anonymous sign-up is given only guest checkouts of its
 * email). `lock` takes the row lock.
 */
export async function memberOfToken(db: Db, def: ProgramDef, claims: CustomerClaims, lock = false): Promise<MemberRow | null> {
  const programKey = def.key
  const found = await findBySubject(db, programKey, claims.sub, lock)
  if (found || !claims.email || !claims.emailVerified) return found
  const linked = await db.transaction(async (tx) => {
    const email = normalizeEmail(claims.email!)
    // The locks an order report takes for these identities, first: a report of this customer's order
    // racing the link is either credited by it or sees the member linked.
    await lockIdentities(tx, programKey, { email, customerId: claims.sub })
    const row = await linkByEmail(tx, programKey, claims.sub, email)
    if (row) await creditGuestOrders(tx, def, row)
    // The anonymous sign-up's marketing consent is not the customer's: withdrawn, and said so.
    if (row?.withdrew) {
      await recordConsent(tx, row.id, false, 'link')
      await emit(tx, programKey, 'member.updated', { memberId: row.id, email: row.email, marketing: false, source: 'link' }, { memberId: row.id })
    }
    return row
  })
  // A concurrent request may have linked it in the meantime.
  return linked ?? (await findBySubject(db, programKey, claims.sub, lock))
}

export async function requireMember(db: Db, def: ProgramDef, claims: CustomerClaims, lock = false): Promise<MemberRow> {
  const member = await memberOfToken(db, def, claims, lock)
  if (!member) throw notFound('This customer is not a member yet. Sign up to join the program.')
  return member
}

/** The `period` of a claim: the calendar year for yearly rules (birthday), else once ever. */
export const claimPeriod = (kind: string, now = new Date()): string => (kind == 'birthday' ? String(now.getUTCFullYear()) : 'once')

/** Ids of claimable rules this member can no longer claim. */
function claimedRules(def: ProgramDef, member: MemberRow, claims: MemberSnapshot['claims']): string[] {
  return def.rules
    .filter((rule) => rule.claimable)
    .filter((rule) => {
      if (rule.kind == 'birthday' && !member.birthday) return true
      const period = claimPeriod(rule.kind)
      return claims.some((c) => c.rule_id == rule.id && c.period == period)
    })
    .map((rule) => rule.id)
}

/** The contract's Member. `baseUrl` is where referral links point (`<baseUrl>/?ref=<code>`). */
export async function memberView(db: Db, def: ProgramDef, member: MemberRow, language: string, baseUrl: string): Promise<Member> {
  const t = (text: Parameters<typeof localize>[0]) => localize(text, language)
  const { balance, lifetime, friends, referralPoints, coupons, claims, punchCards, badges, expiresAt } = await memberSnapshot(
    db,
    member.id,
    EARNING_TYPES,
    def.pointsExpiryMonths,
  )
  const claimed = claimedRules(def, member, claims)
  const { tier, next } = tierFor(def, lifetime)
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    birthday: member.birthday,
    balance,
    lifetimePoints: lifetime,
    tier: { id: tier.id, name: t(tier.name) },
    nextTier: next && { id: next.id, name: t(next.name), threshold: next.threshold, pointsNeeded: Math.max(0, next.threshold - lifetime) },
    referral: {
      code: member.referral_code,
      url: `${baseUrl}/?ref=${encodeURIComponent(member.referral_code)}`,
      friendsJoined: friends,
      pointsEarned: referralPoints,
    },
    coupons: coupons.map(
      (c): Coupon => ({
        id: c.id,
        rewardId: c.reward_id,
        name: couponName(def, c, language),
        code: c.code,
        points: c.points,
        state: c.state,
        expiresAt: c.expires_at,
        createdAt: c.created_at,
      }),
    ),
    claimedRules: claimed,
    marketing: member.marketing,
    expiring: expiringSoon(balance, expiresAt),
    createdAt: member.created_at,
    badges: badgesView(def, badges, member.created_at),
    punchCards: punchCardsView(def, punchCards),
  }
}

/**
 * The member as the shopper's widget is shown them (the shopper's routes that answer a Member): with
 * `seen`, what that widget last showed (balance, tier, badges), from which a page load tells what arrived
 * since; and this answer recorded as the one shown now, when anything differs. Of two pages loading at
 * once, the one that records the news tells it; the other is answered with nothing new.
 */
export async function shownMember(db: Db, def: ProgramDef, member: MemberRow, language: string, baseUrl: string): Promise<Member> {
  const view = await memberView(db, def, member, language, baseUrl)
  const badges = view.badges ?? []
  const now: SeenState = { balance: view.balance, tier: view.tier.id, badges: badges.map((b) => b.id) }
  const before: SeenState | null =
    member.seen_at == null ? null : { balance: Number(member.seen_balance), tier: member.seen_tier!, badges: member.seen_badges ?? [] }
  if (!before) {
    await markSeen(db, member.id, now, null)
    return view
  }
  const changed = before.balance != now.balance || before.tier != now.tier || String(before.badges.toSorted()) != String(now.badges.toSorted())
  // Recorded by another page since this one read the member: that page tells the news, this one nothing.
  if (changed && !(await markSeen(db, member.id, now, before))) return { ...view, seen: { balance: view.balance, tier: view.tier, badges } }
  const tier = def.tiers.find((x) => x.id == before.tier)
  return {
    ...view,
    seen: {
      balance: before.balance,
      tier: tier ? { id: tier.id, name: localize(tier.name, language) } : view.tier,
      badges: badges.filter((b) => before.badges.includes(b.id)),
    },
  }
}

/** The shopper is told this many days ahead that points will expire. */
export const EXPIRY_NOTICE_DAYS = 30

/** `{ points, date }` when the balance expires within the notice period. */
export function expiringSoon(balance: number, expiresAt: string | null, now = Date.now()): { points: number; date: string } | null {
  if (!expiresAt || balance <= 0) return null
  return Date.parse(expiresAt) - now <= EXPIRY_NOTICE_DAYS * 86_400_000 ? { points: balance, date: expiresAt } : null
}

const couponName = (def: ProgramDef, c: CouponRow, language: string): string => localize(couponTermsOf(def, c).name, language)

/** The offers open to the member at `at`, with their codes (`GET /members/me/offers`). */
export async function memberOffers(db: Db, def: ProgramDef, member: MemberRow, at = Date.now()): Promise<MemberOffers> {
  const { lifetime } = await memberSnapshot(db, member.id, EARNING_TYPES, def.pointsExpiryMonths)
  const { tier } = tierFor(def, lifetime)
  return { offers: openOffers(def, tier.id, at).map((o) => ({ id: o.id, code: o.code ?? null })) }
}

/** The store's view of a member (`GET /members/{id}`). */
export async function memberRecord(db: Db, def: ProgramDef, member: MemberRow, language: string): Promise<MemberRecord> {
  const snapshot = await memberSnapshot(db, member.id, EARNING_TYPES, def.pointsExpiryMonths)
  const totals = await orderTotals(db, member.id)
  const { tier } = tierFor(def, snapshot.lifetime)
  return {
    id: member.id,
    customerId: member.customer_id,
    email: member.email,
    name: member.name,
    birthday: member.birthday,
    balance: snapshot.balance,
    lifetimePoints: snapshot.lifetime,
    pointsOwed: Number(member.points_owed),
    tier: { id: tier.id, name: localize(tier.name, language) },
    lifetimeValue: totals.cents / 100,
    orders: totals.orders,
    currency: def.currency,
    referralCode: member.referral_code,
    referredBy: member.referred_by,
    marketing: { consent: member.marketing, updatedAt: member.marketing_at, source: member.marketing_source },
    expiring: expiringSoon(snapshot.balance, snapshot.expiresAt),
    createdAt: member.created_at,
    ...(member.seen_at && {
      seen: { at: member.seen_at, balance: Number(member.seen_balance), tier: member.seen_tier!, badges: member.seen_badges ?? [] },
    }),
  }
}

export async function requireMemberById(db: Db, def: ProgramDef, id: string, lock = false): Promise<MemberRow> {
  const member = /^[\w-]{1,100}$/.test(id) ? await findById(db, def.key, id, lock) : null
  if (!member) throw notFound('There is no such member.')
  return member
}

export const ACTIVITY_DEFAULT_LIMIT = 20
export const ACTIVITY_MAX_LIMIT = 100

/** Opaque keyset cursor: the id of the last entry shown. */
export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ v: 1, before: id })).toString('base64url')
}

export function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; before?: unknown }
    if (value.v === 1 && typeof value.before == 'string' && /^\d{1,18}$/.test(value.before)) return value.before
  } catch {}
  throw new DomainError('invalid_request', 'The cursor is not one this server gave out.', { errors: [{ field: 'cursor', code: 'invalid' }] })
}

/** One page of a member's activity, newest first. */
export async function activityPage(db: Db, def: ProgramDef, memberId: string, language: string, cursor: string | null, limit: number): Promise<ActivityPage> {
  const before = cursor === null ? null : decodeCursor(cursor)
  const rows = await activityRows(db, memberId, before, limit + 1)
  const page = rows.slice(0, limit)
  return {
    entries: page.map(
      (row): ActivityEntry => ({
        id: row.id,
        type: row.type,
        points: row.points,
        description: describe(def, row, language),
        createdAt: row.created_at,
      }),
    ),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  }
}

/** An entry in words, in `language`. */
export function describe(def: ProgramDef, row: ActivityRow, language: string): string {
  switch (row.type) {
    case 'purchase':
      return row.order_id ? message('purchaseOrder', language, { order: row.order_id }) : message('purchase', language)
    case 'claim': {
      const rule = def.rules.find((r) => r.id == row.rule_id)
      return message('claim', language, { rule: rule ? localize(rule.name, language) : (row.rule_id ?? '') })
    }
    case 'redemption': {
      // The reward's name when it was redeemed, as its coupon keeps it; the program's for older entries.
      const reward = row.reward_terms ? recordedTerms(row.reward_terms) : def.rewards.find((r) => r.id == row.reward_id)
      return message('redemption', language, { reward: reward ? localize(reward.name, language) : (row.reward_id ?? '') })
    }
    case 'adjustment':
      return row.reason ? message('adjustmentReason', language, { reason: row.reason }) : message('adjustment', language)
    case 'refund':
      // A referral's reversal names no order: it was the friend's.
      if (row.reason == 'referral') return message('refundReferral', language)
      return row.reason == 'owed' || !row.order_id ? message('refundOwed', language) : message('refund', language, { order: row.order_id })
    case 'expiry':
      return message('expiry', language, { months: String(def.pointsExpiryMonths ?? '') })
    default:
      return message(row.type, language)
  }
}
