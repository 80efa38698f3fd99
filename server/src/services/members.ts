/**
 * Members as the contract shows them: finding the member of a customer token
 * (linking by a verified email), the `Member` view and activity pages.
 */
import { normalizeEmail, type ActivityEntry, type ActivityPage, type Coupon, type Member } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError, notFound } from '../errors.ts'
import { localize, message } from '../program/i18n.ts'
import { tierFor, type ProgramDef } from '../program/program.ts'
import { activityRows, EARNING_TYPES, type ActivityRow } from '../repositories/ledger.ts'
import { findBySubject, linkByEmail, memberSnapshot, type MemberRow, type MemberSnapshot } from '../repositories/members.ts'
import type { CustomerClaims } from '../tokens.ts'

/**
 * The member of a customer token: by customer id (`sub`; tokens this server issues
 * to members without a store link carry the member id). When there is none and the
 * store vouches for the token's email (`email_verified: true`), the member with that
 * email not yet linked to a customer is linked. `lock` takes the row lock.
 */
export async function memberOfToken(db: Db, programKey: string, claims: CustomerClaims, lock = false): Promise<MemberRow | null> {
  const found = await findBySubject(db, programKey, claims.sub, lock)
  if (found || !claims.email || !claims.emailVerified) return found
  const linked = await linkByEmail(db, programKey, claims.sub, normalizeEmail(claims.email))
  // A concurrent request may have linked it in the meantime.
  return linked ?? (await findBySubject(db, programKey, claims.sub, lock))
}

export async function requireMember(db: Db, programKey: string, claims: CustomerClaims, lock = false): Promise<MemberRow> {
  const member = await memberOfToken(db, programKey, claims, lock)
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
  const { balance, lifetime, friends, referralPoints, coupons, claims } = await memberSnapshot(db, member.id, EARNING_TYPES)
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
    coupons: coupons.map((c): Coupon => {
      const reward = def.rewards.find((r) => r.id == c.reward_id)
      return { id: c.id, rewardId: c.reward_id, name: reward ? t(reward.name) : c.reward_id, code: c.code, points: c.points, createdAt: c.created_at }
    }),
    claimedRules: claimed,
    createdAt: member.created_at,
  }
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
    entries: page.map((row): ActivityEntry => ({
      id: row.id,
      type: row.type,
      points: row.points,
      description: describe(def, row, language),
      createdAt: row.created_at,
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  }
}

function describe(def: ProgramDef, row: ActivityRow, language: string): string {
  switch (row.type) {
    case 'purchase':
      return row.order_id ? message('purchaseOrder', language, { order: row.order_id }) : message('purchase', language)
    case 'claim': {
      const rule = def.rules.find((r) => r.id == row.rule_id)
      return message('claim', language, { rule: rule ? localize(rule.name, language) : (row.rule_id ?? '') })
    }
    case 'redemption': {
      const reward = def.rewards.find((r) => r.id == row.reward_id)
      return message('redemption', language, { reward: reward ? localize(reward.name, language) : (row.reward_id ?? '') })
    }
    default:
      return message(row.type, language)
  }
}
