/**
 * Members: finding the member of a customer token, creating one, and the
 * contract's `Member` view (balance, tier, referral, coupons, claimed rules).
 */
import type { Coupon, Member } from '../../src/core/contract.ts'
import type { Db } from './db/index.ts'
import { isoSql, pointsOf } from './ledger.ts'
import { localize } from './i18n.ts'
import { tierFor, type ProgramDef } from './program.ts'
import type { CustomerClaims } from './tokens.ts'

export interface MemberRow {
  id: string
  email: string
  customer_id: string | null
  name: string | null
  birthday: string | null
  referral_code: string
  referred_by: string | null
  created_at: string
}

const COLUMNS = `id, email, customer_id, name, birthday::text AS birthday, referral_code, referred_by, ${isoSql('created_at')} AS created_at`

/**
 * The member of a customer token: by customer id (`sub`; tokens this server
 * issues to members without a store link carry the member id). When there is
 * none and the token's email matches a member not yet linked to a customer,
 * that member is linked. `lock` takes the row lock (inside a transaction).
 */
export async function findMemberByToken(db: Db, programKey: string, claims: CustomerClaims, lock = false): Promise<MemberRow | null> {
  const select = () =>
    db.query<MemberRow>(
      `SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND (customer_id = $2 OR id = $2)
       ORDER BY (customer_id = $2) DESC NULLS LAST LIMIT 1 ${lock ? 'FOR UPDATE' : ''}`,
      [programKey, claims.sub],
    )
  const [found] = await select()
  if (found || !claims.email) return found ?? null
  const [linked] = await db.query<MemberRow>(
    `UPDATE members SET customer_id = $2
      WHERE program_key = $1 AND lower(email) = lower($3) AND customer_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM members WHERE program_key = $1 AND customer_id = $2)
      RETURNING ${COLUMNS}`,
    [programKey, claims.sub, claims.email],
  )
  if (linked) return linked
  // A concurrent request may have linked it in the meantime.
  const [again] = await select()
  return again ?? null
}

/** For demo orders: the member by email, customer id or member id. */
export async function findMember(db: Db, programKey: string, by: { email?: string; customerId?: string }, lock = false): Promise<MemberRow | null> {
  const [row] = by.customerId
    ? await db.query<MemberRow>(
        `SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND (customer_id = $2 OR id = $2) LIMIT 1 ${lock ? 'FOR UPDATE' : ''}`,
        [programKey, by.customerId],
      )
    : await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND lower(email) = lower($2) ${lock ? 'FOR UPDATE' : ''}`, [
        programKey,
        by.email ?? '',
      ])
  return row ?? null
}

export async function findByReferralCode(db: Db, programKey: string, code: string): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND referral_code = $2`, [programKey, code.toUpperCase()])
  return row ?? null
}

export interface NewMember {
  id: string
  email: string
  customerId: string | null
  name: string | null
  birthday: string | null
  marketing: boolean
  referralCode: string
  referredBy: string | null
}

/** Inserts a member; null when a unique key (email, customer id or referral code) is already taken. */
export async function insertMember(tx: Db, programKey: string, m: NewMember): Promise<MemberRow | null> {
  const [row] = await tx.query<MemberRow>(
    `INSERT INTO members (id, program_key, email, customer_id, name, birthday, marketing, terms_accepted_at, referral_code, referred_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, now(), $8, $9)
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
    [m.id, programKey, m.email, m.customerId, m.name, m.birthday, m.marketing, m.referralCode, m.referredBy],
  )
  return row ?? null
}

/** The `period` of a claim: the calendar year for yearly rules (birthday), else once ever. */
export const claimPeriod = (kind: string, now = new Date()): string => (kind == 'birthday' ? String(now.getUTCFullYear()) : 'once')

/** Ids of claimable rules this member can no longer claim. */
export async function claimedRules(db: Db, def: ProgramDef, member: MemberRow): Promise<string[]> {
  const claims = await db.query<{ rule_id: string; period: string }>('SELECT rule_id, period FROM claims WHERE member_id = $1', [member.id])
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
  // Sequential: inside a transaction all queries share one connection.
  const { balance, lifetime } = await pointsOf(db, member.id)
  const [referral] = await db.query<{ friends: number; earned: number }>(
    `SELECT (SELECT COUNT(*) FROM members WHERE referred_by = $1)::int AS friends,
            (SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = $1 AND type = 'referral')::int AS earned`,
    [member.id],
  )
  const coupons = await db.query<{ id: string; reward_id: string; code: string | null; points: number; created_at: string }>(
    `SELECT id, reward_id, code, points, ${isoSql('created_at')} AS created_at
       FROM redemptions WHERE member_id = $1 ORDER BY redemptions.created_at DESC, redemptions.id DESC LIMIT 100`,
    [member.id],
  )
  const claimed = await claimedRules(db, def, member)
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
      friendsJoined: referral!.friends,
      pointsEarned: referral!.earned,
    },
    coupons: coupons.map((c): Coupon => {
      const reward = def.rewards.find((r) => r.id == c.reward_id)
      return { id: c.id, rewardId: c.reward_id, name: reward ? t(reward.name) : c.reward_id, code: c.code, points: c.points, createdAt: c.created_at }
    }),
    claimedRules: claimed,
    createdAt: member.created_at,
  }
}
