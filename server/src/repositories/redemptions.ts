/** SQL of redemptions (the coupons a member was given) and claims (rules claimed per period). */
import type { Db } from '../db/index.ts'
import { isoSql } from './sql.ts'

export interface NewRedemption {
  id: string
  memberId: string
  rewardId: string
  code: string | null
  points: number
}

/** The redemption and its ledger entry (−points), in one statement: one round trip fewer on the hot path. */
export async function insertRedemption(tx: Db, r: NewRedemption): Promise<void> {
  await tx.query(
    `WITH redemption AS (
       INSERT INTO redemptions (id, member_id, reward_id, code, points) VALUES ($1, $2, $3, $4, $5) RETURNING id
     )
     INSERT INTO ledger (member_id, type, points, reward_id, redemption_id)
     SELECT $2, 'redemption', -$5::int, $3, id FROM redemption`,
    [r.id, r.memberId, r.rewardId, r.code, r.points],
  )
}

export interface RedemptionRow {
  id: string
  reward_id: string
  code: string | null
  points: number
  created_at: string
}

/** The member's latest 100 redemptions, newest first. */
export async function recentRedemptions(db: Db, memberId: string): Promise<RedemptionRow[]> {
  return db.query<RedemptionRow>(
    `SELECT id, reward_id, code, points, ${isoSql('created_at')} AS created_at
       FROM redemptions WHERE member_id = $1 ORDER BY redemptions.created_at DESC, redemptions.id DESC LIMIT 100`,
    [memberId],
  )
}

/** Records a claim of `ruleId` in `period`; false when that period's claim exists. */
export async function insertClaim(tx: Db, memberId: string, ruleId: string, period: string): Promise<boolean> {
  const rows = await tx.query('INSERT INTO claims (member_id, rule_id, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING rule_id', [memberId, ruleId, period])
  return rows.length > 0
}

export async function claimsOf(db: Db, memberId: string): Promise<{ rule_id: string; period: string }[]> {
  return db.query('SELECT rule_id, period FROM claims WHERE member_id = $1', [memberId])
}
