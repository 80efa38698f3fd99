/** SQL of the members table. Emails arrive normalised (see normalizeEmail) and are compared as they are. */
import type { Db } from '../db/index.ts'
import { isoSql, toCount } from './sql.ts'

export interface MemberRow {
  id: string
  email: string
  customer_id: string | null
  name: string | null
  birthday: string | null
  marketing: boolean
  referral_code: string
  referred_by: string | null
  created_at: string
}

const COLUMNS = `id, email, customer_id, name, birthday::text AS birthday, marketing, referral_code, referred_by, ${isoSql('created_at')} AS created_at`
const forUpdate = (lock: boolean) => (lock ? 'FOR UPDATE' : '')

/** The member of a customer id or (for tokens this server issued at sign-up) a member id. */
export async function findBySubject(db: Db, programKey: string, subject: string, lock = false): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(
    `SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND (customer_id = $2 OR id = $2)
      ORDER BY (customer_id = $2) DESC NULLS LAST LIMIT 1 ${forUpdate(lock)}`,
    [programKey, subject],
  )
  return row ?? null
}

export async function findByEmail(db: Db, programKey: string, email: string, lock = false): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND email = $2 ${forUpdate(lock)}`, [programKey, email])
  return row ?? null
}

export async function findByReferralCode(db: Db, programKey: string, code: string): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(`SELECT ${COLUMNS} FROM members WHERE program_key = $1 AND referral_code = $2`, [programKey, code.toUpperCase()])
  return row ?? null
}

/**
 * Links the member with this email, not yet linked to a customer, to `customerId`.
 * What an anonymous sign-up said for that email is not trusted across the link:
 * marketing consent is withdrawn and the referral it named is dropped.
 */
export async function linkByEmail(db: Db, programKey: string, customerId: string, email: string): Promise<MemberRow | null> {
  const [row] = await db.query<MemberRow>(
    `UPDATE members SET customer_id = $2, marketing = FALSE, referred_by = NULL
      WHERE program_key = $1 AND email = $3 AND customer_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM members WHERE program_key = $1 AND customer_id = $2)
      RETURNING ${COLUMNS}`,
    [programKey, customerId, email],
  )
  return row ?? null
}

export async function subjectTaken(db: Db, programKey: string, subject: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM members WHERE program_key = $1 AND (customer_id = $2 OR id = $2)', [programKey, subject])).length > 0
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
    `INSERT INTO members (id, program_key, email, customer_id, name, birthday, marketing, terms_accepted_at, referral_code, referred_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, now(), $8, $9)
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
    [m.id, programKey, m.email, m.customerId, m.name, m.birthday, m.marketing, m.referralCode, m.referredBy],
  )
  return row ?? null
}

export interface MemberSnapshot {
  balance: number
  lifetime: number
  friends: number
  referralPoints: number
  /** The latest 100 redemptions, newest first. */
  coupons: { id: string; reward_id: string; code: string | null; points: number; created_at: string }[]
  claims: { rule_id: string; period: string }[]
}

/**
 * Everything the contract's Member shows besides the row, in one round trip:
 * points (bigint sums), referral counts, coupons and claims.
 */
export async function memberSnapshot(db: Db, memberId: string, earningTypes: readonly string[]): Promise<MemberSnapshot> {
  const [row] = await db.query<{ balance: unknown; lifetime: unknown; friends: unknown; referral_points: unknown; coupons: MemberSnapshot['coupons']; claims: MemberSnapshot['claims'] }>(
    `SELECT points.balance, points.lifetime, points.referral_points,
       (SELECT COUNT(*) FROM members WHERE referred_by = $1) AS friends,
       (SELECT COALESCE(json_agg(r), '[]'::json) FROM (
          SELECT id, reward_id, code, points, ${isoSql('created_at')} AS created_at
            FROM redemptions WHERE member_id = $1 ORDER BY redemptions.created_at DESC, redemptions.id DESC LIMIT 100) r) AS coupons,
       (SELECT COALESCE(json_agg(json_build_object('rule_id', rule_id, 'period', period)), '[]'::json) FROM claims WHERE member_id = $1) AS claims
     FROM (
       -- One pass over the member's ledger for the three sums.
       SELECT COALESCE(SUM(points), 0)::bigint AS balance,
              COALESCE(SUM(points) FILTER (WHERE points > 0 AND type = ANY($2::text[])), 0)::bigint AS lifetime,
              COALESCE(SUM(points) FILTER (WHERE type = 'referral'), 0)::bigint AS referral_points
         FROM ledger WHERE member_id = $1) points`,
    [memberId, earningTypes],
  )
  return {
    balance: toCount(row?.balance),
    lifetime: toCount(row?.lifetime),
    friends: toCount(row?.friends),
    referralPoints: toCount(row?.referral_points),
    coupons: row?.coupons ?? [],
    claims: row?.claims ?? [],
  }
}
