/** SQL of badges: what a member's badges are earned by, and the badges earned. */
import type { Db } from '../db/index.ts'
import { isoSql, toCount } from './sql.ts'

/** What the member's badges are earned by, in one round trip. */
export interface BadgeFacts {
  earned: string[]
  createdAt: string
  /** When the birthday the member has was given (null: none). */
  birthdayGivenAt: string | null
  /** Orders credited to the member. */
  orders: number
  /** Referred friends whose first qualifying order completed the referral. */
  referrals: number
}

export async function badgeFacts(db: Db, memberId: string): Promise<BadgeFacts | null> {
  const [row] = await db.query<{ earned: string[]; created_at: string; birthday_given_at: string | null; orders: unknown; referrals: unknown }>(
    `SELECT (SELECT COALESCE(json_agg(badge_id), '[]'::json) FROM member_badges WHERE member_id = $1) AS earned,
            ${isoSql('m.created_at')} AS created_at,
            CASE WHEN m.birthday IS NOT NULL THEN ${isoSql('COALESCE(m.birthday_set_at, m.created_at)')} END AS birthday_given_at,
            (SELECT COUNT(*) FROM orders WHERE member_id = $1 AND amount > 0) AS orders,
            (SELECT COUNT(*) FROM members f WHERE f.referred_by = $1 AND f.referral_completed_at IS NOT NULL) AS referrals
       FROM members m WHERE m.id = $1`,
    [memberId],
  )
  if (!row) return null
  return {
    earned: row.earned,
    createdAt: row.created_at,
    birthdayGivenAt: row.birthday_given_at,
    orders: toCount(row.orders),
    referrals: toCount(row.referrals),
  }
}

/** When the member's `n`th order with something bought (a free order counts for nothing) was credited. */
export async function nthOrderAt(db: Db, memberId: string, n: number): Promise<string | null> {
  const [row] = await db.query<{ at: string }>(
    `SELECT ${isoSql('credited_at')} AS at FROM orders WHERE member_id = $1 AND amount > 0 ORDER BY credited_at, placed_at, id OFFSET $2 LIMIT 1`,
    [memberId, n - 1],
  )
  return row?.at ?? null
}

/** When the member's `n`th referral completed. */
export async function nthReferralAt(db: Db, memberId: string, n: number): Promise<string | null> {
  const [row] = await db.query<{ at: string }>(
    `SELECT ${isoSql('referral_completed_at')} AS at FROM members
      WHERE referred_by = $1 AND referral_completed_at IS NOT NULL ORDER BY referral_completed_at, id OFFSET $2 LIMIT 1`,
    [memberId, n - 1],
  )
  return row?.at ?? null
}

/**
 * When the member's earned points (positive entries of the earning types) first added up to
 * `points`: the date of a lifetime threshold reached before a badge for it existed.
 */
export async function earnedPointsReachedAt(db: Db, memberId: string, earningTypes: readonly string[], points: number): Promise<string | null> {
  const [row] = await db.query<{ at: string }>(
    `SELECT ${isoSql('created_at')} AS at FROM (
       SELECT created_at, SUM(points) OVER (ORDER BY id) AS running FROM ledger WHERE member_id = $1 AND points > 0 AND type = ANY($2::text[])) s
      WHERE running >= $3 ORDER BY running LIMIT 1`,
    [memberId, earningTypes, points],
  )
  return row?.at ?? null
}

/**
 * Records badges earned (`at` null: now), each once: answers the ones recorded now, with their
 * dates as stored (to the millisecond, as the API shows them).
 */
export async function insertBadges(
  db: Db,
  memberId: string,
  badges: readonly { id: string; at: string | null }[],
): Promise<{ badge_id: string; earned_at: string }[]> {
  if (!badges.length) return []
  return db.query(
    `INSERT INTO member_badges (member_id, badge_id, earned_at)
     SELECT $1, b.id, date_trunc('milliseconds', COALESCE(b.at, now())) FROM unnest($2::text[], $3::timestamptz[]) AS b (id, at)
     ON CONFLICT DO NOTHING RETURNING badge_id, ${isoSql('earned_at')} AS earned_at`,
    [memberId, badges.map((b) => b.id), badges.map((b) => b.at)],
  )
}

/** Members of the program who joined by `cutoff` and have not got `badgeId` yet (at most `limit`). */
export async function membersWithout(
  db: Db,
  programKey: string,
  badgeId: string,
  cutoff: string,
  limit: number,
): Promise<{ id: string; created_at: string }[]> {
  return db.query(
    `SELECT m.id, ${isoSql('m.created_at')} AS created_at FROM members m
      WHERE m.program_key = $1 AND m.erased_at IS NULL AND m.created_at <= $3::timestamptz
        AND NOT EXISTS (SELECT 1 FROM member_badges b WHERE b.member_id = m.id AND b.badge_id = $2)
      ORDER BY m.created_at LIMIT $4`,
    [programKey, badgeId, cutoff, limit],
  )
}
