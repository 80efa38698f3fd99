/**
 * SQL of the points ledger: every change of a balance is one row, written inside
 * a transaction; a balance is the SUM (bigint) of the member's rows.
 */
import type { ActivityType } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { isoSql, toCount } from './sql.ts'

/** Types that count towards lifetime points (what was earned, not refunds or corrections). */
export const EARNING_TYPES: ActivityType[] = ['signup', 'purchase', 'claim', 'referral']

export interface LedgerEntry {
  memberId: string
  type: ActivityType
  points: number
  ruleId?: string
  rewardId?: string
  redemptionId?: string
  orderId?: string
  friendId?: string
  /** Adjustments: why, and who made them. */
  reason?: string
  actor?: string
}

/** Adds an entry (none for 0 points); answers its id and time. */
export async function addEntry(tx: Db, e: LedgerEntry): Promise<{ id: string; created_at: string } | null> {
  if (e.points == 0) return null
  const [row] = await tx.query<{ id: string; created_at: string }>(
    `INSERT INTO ledger (member_id, type, points, rule_id, reward_id, redemption_id, order_id, friend_id, reason, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text AS id, ${isoSql('created_at')} AS created_at`,
    [
      e.memberId,
      e.type,
      e.points,
      e.ruleId ?? null,
      e.rewardId ?? null,
      e.redemptionId ?? null,
      e.orderId ?? null,
      e.friendId ?? null,
      e.reason ?? null,
      e.actor ?? null,
    ],
  )
  return row!
}

/**
 * Lifetime points: what was earned, less what refunds reversed (all of it, including
 * points the member still owes): a refunded order does not keep its tier progress.
 */
export const LIFETIME_SQL = `GREATEST(0, COALESCE(SUM(points) FILTER (WHERE points > 0 AND type = ANY($2::text[])), 0)
  - (SELECT COALESCE(SUM(points_reversed), 0) FROM orders WHERE member_id = $1)
  - (SELECT COALESCE(MAX(lifetime_reversed), 0) FROM members WHERE id = $1))::bigint`

export async function pointsOf(db: Db, memberId: string): Promise<{ balance: number; lifetime: number }> {
  const [row] = await db.query<{ balance: unknown; lifetime: unknown }>(
    `SELECT COALESCE(SUM(points), 0)::bigint AS balance, ${LIFETIME_SQL} AS lifetime
       FROM ledger WHERE member_id = $1`,
    [memberId, EARNING_TYPES],
  )
  return { balance: toCount(row?.balance), lifetime: toCount(row?.lifetime) }
}

/** Activity that keeps points alive: the member's own earning and spending (not corrections or expiry). */
export const ACTIVE_TYPES = ['signup', 'purchase', 'claim', 'redemption', 'referral'] as const

/** Settles up to `points` of what the member owes; answers how many. The member row must be locked. */
export async function settleOwed(tx: Db, memberId: string, points: number): Promise<number> {
  const [row] = await tx.query<{ settled: unknown }>(
    `UPDATE members m SET points_owed = m.points_owed - LEAST(m.points_owed, $2)
       FROM (SELECT points_owed FROM members WHERE id = $1) before
      WHERE m.id = $1 RETURNING LEAST(before.points_owed, $2) AS settled`,
    [memberId, points],
  )
  return toCount(row?.settled)
}

/** Lifetime points taken back other than by a refund of the member's own order (a referral bonus). */
export async function addLifetimeReversed(tx: Db, memberId: string, points: number): Promise<void> {
  if (points > 0) await tx.query('UPDATE members SET lifetime_reversed = lifetime_reversed + $2 WHERE id = $1', [memberId, points])
}

/** The referral bonus `orderId` (of `friendId`) earned an advocate, unless already taken back. */
export async function referralBonusOf(db: Db, orderId: string, friendId: string): Promise<{ advocateId: string; points: number } | null> {
  const [row] = await db.query<{ member_id: string; points: number }>(
    `SELECT member_id, points FROM ledger l WHERE type = 'referral' AND order_id = $1 AND friend_id = $2
        AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.member_id = l.member_id AND r.type = 'refund' AND r.reason = 'referral' AND r.order_id = $1)`,
    [orderId, friendId],
  )
  return row ? { advocateId: row.member_id, points: row.points } : null
}

export async function addOwed(tx: Db, memberId: string, points: number): Promise<void> {
  if (points > 0) await tx.query('UPDATE members SET points_owed = points_owed + $2 WHERE id = $1', [memberId, points])
}

/** Referral entries that paid `memberId` since the start of this calendar month (UTC). */
export async function referralsThisMonth(db: Db, memberId: string): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(
    `SELECT COUNT(*) AS n FROM ledger WHERE member_id = $1 AND type = 'referral' AND created_at >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
    [memberId],
  )
  return toCount(row?.n)
}

export interface ActivityRow {
  id: string
  type: ActivityType
  points: number
  rule_id: string | null
  reward_id: string | null
  order_id: string | null
  reason: string | null
  actor: string | null
  created_at: string
  /** A redemption's coupon terms as issued (its reward's name then), when recorded. */
  reward_terms: string | null
}

/** Up to `limit` entries older than entry `before` (all when null), newest first. */
export async function activityRows(db: Db, memberId: string, before: string | null, limit: number): Promise<ActivityRow[]> {
  return db.query<ActivityRow>(
    `SELECT l.id::text AS id, l.type, l.points, l.rule_id, l.reward_id, l.order_id, l.reason, l.actor, ${isoSql('l.created_at')} AS created_at,
            r.terms AS reward_terms
       FROM ledger l LEFT JOIN redemptions r ON r.id = l.redemption_id
      WHERE l.member_id = $1 AND ($2::bigint IS NULL OR l.id < $2::bigint)
      ORDER BY l.id DESC
      LIMIT $3`,
    [memberId, before, limit],
  )
}
