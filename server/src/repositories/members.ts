/** SQL of the members table. Emails arrive normalised (see normalizeEmail) and are compared as they are. */
import type { Db } from '../db/index.ts'
import { LIFETIME_SQL } from './ledger.ts'
import { isoSql, toCount } from './sql.ts'

export interface MemberRow {
  id: string
  email: string
  customer_id: string | null
  name: string | null
  birthday: string | null
  marketing: boolean
  marketing_at: string | null
  marketing_source: string | null
  referral_code: string
  referred_by: string | null
  referral_completed_at: string | null
  points_owed: string
  created_at: string
  /** What the shopper's widget last showed: when, the balance, the tier's id, the badges' ids (null: never). */
  seen_at: string | null
  seen_balance: string | null
  seen_tier: string | null
  seen_badges: string[] | null
}

const COLUMNS = `id, email, customer_id, name, birthday::text AS birthday, marketing, ${isoSql('marketing_at')} AS marketing_at, marketing_source,
  referral_code, referred_by, ${isoSql('referral_completed_at')} AS referral_completed_at, points_owed::text AS points_owed, ${isoSql('created_at')} AS created_at,
  ${isoSql('seen_at')} AS seen_at, seen_balance::text AS seen_balance, seen_tier, seen_badges`
const forUpdate = (lock: boolean) => (lock ? 'FOR UPDATE' : '')
/** Erased members keep their row for the books, and are found by nothing. */
const LIVE = 'erased_at IS NULL'

export async function findById(db: Db, programKey: string, id: string, lock = false): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND id = $2 AND ${LIVE} ${forUpdate(lock)}`, [programKey, id])
  return row ?? null
}

/** The member of the store's customer id (not a member id). */
export async function findByCustomer(db: Db, programKey: string, customerId: string, lock = false): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND customer_id = $2 AND ${LIVE} ${forUpdate(lock)}`, [
    programKey,
    customerId,
  ])
  return row ?? null
}

/** The member of a customer id or (for tokens this server issued at sign-up) a member id. */
export async function findBySubject(db: Db, programKey: string, subject: string, lock = false): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(
    `SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND (customer_id = $2 OR id = $2) AND ${LIVE}
      ORDER BY (customer_id = $2) DESC NULLS LAST LIMIT 1 ${forUpdate(lock)}`,
    [programKey, subject],
  )
  return row ?? null
}

export async function findByEmail(db: Db, programKey: string, email: string, lock = false): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND email = $2 AND ${LIVE} ${forUpdate(lock)}`, [
    programKey,
    email,
  ])
  return row ?? null
}

export async function findByReferralCode(db: Db, programKey: string, code: string): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND referral_code = $2 AND ${LIVE}`, [
    programKey,
    code.toUpperCase(),
  ])
  return row ?? null
}

/**
 * Links the member with this email, not yet linked to a customer, to `customerId`.
 * What an anonymous sign-up said for that email is not trusted across the link:
 * marketing consent is withdrawn (`withdrew`) and the referral it named is dropped.
 */
export async function linkByEmail(db: Db, programKey: string, customerId: string, email: string): Promise<(MemberRow & { withdrew: boolean }) | null> {
  const [row] = await db.query<MemberRow & { withdrew: boolean }>(
    `WITH before AS (
       SELECT id AS linked_id, marketing AS had_marketing FROM members
        WHERE program_key = $1 AND email = $3 AND customer_id IS NULL AND ${LIVE}
          AND NOT EXISTS (SELECT 1 FROM members WHERE program_key = $1 AND customer_id = $2)
        FOR UPDATE)
     UPDATE members SET customer_id = $2, marketing = FALSE, referred_by = NULL,
            marketing_at = CASE WHEN had_marketing THEN now() ELSE marketing_at END,
            marketing_source = CASE WHEN had_marketing THEN 'link' ELSE marketing_source END
       FROM before WHERE id = linked_id
     RETURNING ${COLUMNS}, had_marketing AS withdrew`,
    [programKey, customerId, email],
  )
  return row ?? null
}

export async function subjectTaken(db: Db, programKey: string, subject: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM members WHERE program_key = $1 AND (customer_id = $2 OR id = $2) AND ${LIVE}`, [programKey, subject])).length > 0
}

export async function emailTaken(db: Db, programKey: string, email: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM members WHERE program_key = $1 AND email = $2', [programKey, email])).length > 0
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
    `INSERT INTO members (id, program_key, email, customer_id, name, birthday, birthday_set_at, marketing, marketing_at, marketing_source, terms_accepted_at, referral_code, referred_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, CASE WHEN $6::date IS NOT NULL THEN now() END, $7, CASE WHEN $7 THEN now() END, CASE WHEN $7 THEN 'signup' END, now(), $8, $9)
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
    [m.id, programKey, m.email, m.customerId, m.name, m.birthday, m.marketing, m.referralCode, m.referredBy],
  )
  return row ?? null
}

/**
 * Sets the member's name and/or birthday (undefined: unchanged). A new birthday is stamped, so it
 * changes at most once a year; false (nothing written) when the last one was set less than a year ago.
 */
export async function setProfile(tx: Db, memberId: string, p: { name?: string | null; birthday?: string | null }): Promise<boolean> {
  const newBirthday = p.birthday !== undefined
  const rows = await tx.query<{ id: string }>(
    `UPDATE members SET name = CASE WHEN $2 THEN $3 ELSE name END,
            birthday = CASE WHEN $4 THEN $5::date ELSE birthday END,
            birthday_set_at = CASE WHEN $4 THEN now() ELSE birthday_set_at END
      WHERE id = $1 AND NOT ($4 AND birthday_set_at IS NOT NULL AND birthday_set_at > now() - interval '1 year')
      RETURNING id`,
    [memberId, p.name !== undefined, p.name ?? null, newBirthday, p.birthday ?? null],
  )
  return rows.length > 0
}

export interface MemberSnapshot {
  balance: number
  lifetime: number
  friends: number
  referralPoints: number
  /** The latest 100 redemptions, newest first. */
  coupons: CouponRow[]
  claims: { rule_id: string; period: string }[]
  /** The member's punch cards (rules the member has no row of yet: 0). */
  punchCards: { rule_id: string; count: number }[]
  /** The badges the member has earned (stored ones). */
  badges: { badge_id: string; earned_at: string }[]
  /** When the balance expires for lack of activity (with a points expiry setting and a balance). */
  expiresAt: string | null
}

export interface CouponRow {
  id: string
  reward_id: string
  kind: 'reward' | 'welcome' | 'punch_card'
  code: string | null
  points: number
  state: 'active' | 'used' | 'expired'
  expires_at: string | null
  used_at: string | null
  used_order_id: string | null
  created_at: string
  /** What it was worth when issued (couponTerms), or null for a coupon older than that record. */
  terms: string | null
}

/** A coupon's state, in SQL (`r` is the redemptions row). */
export const COUPON_STATE_SQL = `CASE WHEN r.used_at IS NOT NULL THEN 'used' WHEN r.expires_at <= now() THEN 'expired' ELSE 'active' END`
export const COUPON_COLUMNS = `r.id, r.reward_id, r.kind, r.code, r.points, ${COUPON_STATE_SQL} AS state, ${isoSql('r.expires_at')} AS expires_at,
  ${isoSql('r.used_at')} AS used_at, r.used_order_id, ${isoSql('r.created_at')} AS created_at, r.terms`

/** The last time the member earned or spent, or the store gave points: they expire `months` after it. */
export const lastActivitySql = (member: string) =>
  `(SELECT MAX(created_at) FROM ledger WHERE member_id = ${member}
     AND (type IN ('signup', 'purchase', 'claim', 'redemption', 'referral') OR (type = 'adjustment' AND points > 0)))`

/**
 * Everything the contract's Member shows besides the row, in one round trip:
 * points (bigint sums), referral counts, coupons and claims.
 */
export async function memberSnapshot(db: Db, memberId: string, earningTypes: readonly string[], expiryMonths: number | undefined): Promise<MemberSnapshot> {
  const [row] = await db.query<{
    balance: unknown
    lifetime: unknown
    friends: unknown
    referral_points: unknown
    coupons: CouponRow[]
    claims: MemberSnapshot['claims']
    punch_cards: MemberSnapshot['punchCards']
    badges: MemberSnapshot['badges']
    expires_at: string | null
  }>(
    `SELECT points.balance, points.lifetime, points.referral_points,
       (SELECT COUNT(*) FROM members WHERE referred_by = $1) AS friends,
       (SELECT COALESCE(json_agg(c), '[]'::json) FROM (
          SELECT ${COUPON_COLUMNS}
            FROM redemptions r WHERE r.member_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 100) c) AS coupons,
       (SELECT COALESCE(json_agg(json_build_object('rule_id', rule_id, 'period', period)), '[]'::json) FROM claims WHERE member_id = $1) AS claims,
       (SELECT COALESCE(json_agg(json_build_object('rule_id', rule_id, 'count', count)), '[]'::json) FROM punch_cards WHERE member_id = $1) AS punch_cards,
       (SELECT COALESCE(json_agg(json_build_object('badge_id', badge_id, 'earned_at', ${isoSql('earned_at')})), '[]'::json)
          FROM member_badges WHERE member_id = $1) AS badges,
       CASE WHEN $3::int IS NOT NULL AND points.balance > 0
         THEN ${isoSql(`(${lastActivitySql('$1')} + make_interval(months => $3::int))`)} END AS expires_at
     FROM (
       -- One pass over the member's ledger for the sums.
       SELECT COALESCE(SUM(points), 0)::bigint AS balance,
              ${LIFETIME_SQL} AS lifetime,
              COALESCE(SUM(points) FILTER (WHERE type = 'referral'), 0)::bigint AS referral_points
         FROM ledger WHERE member_id = $1) points`,
    [memberId, earningTypes, expiryMonths ?? null],
  )
  return {
    balance: toCount(row?.balance),
    lifetime: toCount(row?.lifetime),
    friends: toCount(row?.friends),
    referralPoints: toCount(row?.referral_points),
    coupons: row?.coupons ?? [],
    claims: row?.claims ?? [],
    punchCards: row?.punch_cards ?? [],
    badges: row?.badges ?? [],
    expiresAt: row?.expires_at ?? null,
  }
}

/** Marketing consent: stored with its time and source, and every change kept. False when it did not change. */
export async function setMarketing(tx: Db, memberId: string, marketing: boolean, source: string): Promise<boolean> {
  const changed = await tx.query(
    `UPDATE members SET marketing = $2, marketing_at = now(), marketing_source = $3 WHERE id = $1 AND marketing <> $2 RETURNING id`,
    [memberId, marketing, source],
  )
  if (!changed.length) return false
  await tx.query('INSERT INTO consent_events (member_id, marketing, source) VALUES ($1, $2, $3)', [memberId, marketing, source])
  return true
}

export async function recordConsent(tx: Db, memberId: string, marketing: boolean, source: string): Promise<void> {
  await tx.query('INSERT INTO consent_events (member_id, marketing, source) VALUES ($1, $2, $3)', [memberId, marketing, source])
}

export async function markReferralCompleted(tx: Db, memberId: string): Promise<void> {
  await tx.query('UPDATE members SET referral_completed_at = now() WHERE id = $1', [memberId])
}

/**
 * Serialises what one shopper's identities (their email, the store's customer id) are
 * used for, across transactions and replicas: an order and a sign-up of one email see
 * each other. Taken in a sorted order, so two transactions cannot wait for each other.
 */
export async function lockIdentities(tx: Db, programKey: string, identities: { email?: string; customerId?: string | null }): Promise<void> {
  const keys = [identities.email && 'e:' + identities.email, identities.customerId && 'c:' + identities.customerId].filter((k): k is string => !!k).sort()
  for (const key of keys) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7242003))', [programKey + ' ' + key])
}

/** Members whose email starts with `q` or whose name contains it (case-insensitive), newest first. */
export async function searchMembers(db: Db, programKey: string, q: string, limit: number): Promise<MemberRow[]> {
  const like = q.replace(/[\\%_]/g, (c) => '\\' + c)
  return db.query<MemberRow>(
    `SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND ${LIVE} AND (email LIKE $2 OR name ILIKE $3 OR id = $4)
      ORDER BY members.created_at DESC LIMIT $5`,
    [programKey, like.toLowerCase() + '%', '%' + like + '%', q, limit],
  )
}

/** What the shopper's widget last showed of the membership (null: never shown). */
export interface SeenState {
  balance: number
  tier: string
  badges: string[]
}

/**
 * What the shopper's widget shows now of the membership: a later page load tells what arrived since.
 * Recorded only if the record is still `was` (compare and set): of two pages loading at the same
 * moment, one records the news and tells it, the other finds it told (false) and tells nothing.
 */
export async function markSeen(db: Db, memberId: string, seen: SeenState, was: SeenState | null): Promise<boolean> {
  const rows = await db.query(
    `UPDATE members SET seen_at = now(), seen_balance = $2, seen_tier = $3, seen_badges = $4::jsonb
      WHERE id = $1 AND seen_balance IS NOT DISTINCT FROM $5 AND seen_tier IS NOT DISTINCT FROM $6
        AND seen_badges IS NOT DISTINCT FROM $7::jsonb RETURNING id`,
    [memberId, seen.balance, seen.tier, JSON.stringify(seen.badges), was?.balance ?? null, was?.tier ?? null, was && JSON.stringify(was.badges)],
  )
  return rows.length > 0
}

/** The shopper's own change of `points` (a redemption, a claim), seen as it happened. */
export async function moveSeen(tx: Db, memberId: string, points: number): Promise<void> {
  await tx.query('UPDATE members SET seen_balance = GREATEST(0, seen_balance + $2) WHERE id = $1 AND seen_balance IS NOT NULL', [memberId, points])
}
