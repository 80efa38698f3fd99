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
}

export async function addEntry(tx: Db, e: LedgerEntry): Promise<void> {
  if (e.points == 0) return
  await tx.query(
    `INSERT INTO ledger (member_id, type, points, rule_id, reward_id, redemption_id, order_id, friend_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.memberId, e.type, e.points, e.ruleId ?? null, e.rewardId ?? null, e.redemptionId ?? null, e.orderId ?? null, e.friendId ?? null],
  )
}

export async function pointsOf(db: Db, memberId: string): Promise<{ balance: number; lifetime: number }> {
  const [row] = await db.query<{ balance: unknown; lifetime: unknown }>(
    `SELECT COALESCE(SUM(points), 0)::bigint AS balance,
            COALESCE(SUM(points) FILTER (WHERE points > 0 AND type = ANY($2::text[])), 0)::bigint AS lifetime
       FROM ledger WHERE member_id = $1`,
    [memberId, EARNING_TYPES],
  )
  return { balance: toCount(row?.balance), lifetime: toCount(row?.lifetime) }
}

export async function purchaseCount(db: Db, memberId: string): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ledger WHERE member_id = $1 AND type = 'purchase'`, [memberId])
  return toCount(row?.n)
}

export async function orderRecorded(db: Db, memberId: string, orderId: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM ledger WHERE member_id = $1 AND type = 'purchase' AND order_id = $2`, [memberId, orderId])).length > 0
}

export interface ActivityRow {
  id: string
  type: ActivityType
  points: number
  rule_id: string | null
  reward_id: string | null
  order_id: string | null
  created_at: string
}

/** Up to `limit` entries older than entry `before` (all when null), newest first. */
export async function activityRows(db: Db, memberId: string, before: string | null, limit: number): Promise<ActivityRow[]> {
  return db.query<ActivityRow>(
    `SELECT id::text AS id, type, points, rule_id, reward_id, order_id, ${isoSql('created_at')} AS created_at
       FROM ledger
      WHERE member_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
      ORDER BY ledger.id DESC
      LIMIT $3`,
    [memberId, before, limit],
  )
}
