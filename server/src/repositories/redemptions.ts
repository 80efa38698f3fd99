/** SQL of redemptions (the coupons a member was given) and claims (rules claimed per period). */
import type { Db } from '../db/index.ts'
import { toCount } from './sql.ts'

export interface NewRedemption {
  id: string
  memberId: string
  rewardId: string
  code: string | null
  points: number
}

/**
 * Spends `r.points` of the member's balance on the redemption and its ledger entry
 * (−points), in one statement and only if the balance covers them; answers the
 * balance before. The caller's transaction must hold the member's row lock: this
 * statement's snapshot, taken after it, sees every committed entry.
 */
export async function spendOnRedemption(tx: Db, r: NewRedemption): Promise<{ balance: number; spent: boolean }> {
  const [row] = await tx.query<{ balance: unknown; spent: unknown }>(
    `WITH balance AS (SELECT COALESCE(SUM(points), 0)::bigint AS points FROM ledger WHERE member_id = $2),
     redemption AS (
       INSERT INTO redemptions (id, member_id, reward_id, code, points)
       SELECT $1, $2, $3, $4, $5::int FROM balance WHERE balance.points >= $5::int
       RETURNING id),
     entry AS (
       INSERT INTO ledger (member_id, type, points, reward_id, redemption_id)
       SELECT $2, 'redemption', -$5::int, $3, id FROM redemption
       RETURNING 1)
     SELECT balance.points AS balance, (SELECT COUNT(*) FROM entry) AS spent FROM balance`,
    [r.id, r.memberId, r.rewardId, r.code, r.points],
  )
  return { balance: toCount(row?.balance), spent: toCount(row?.spent) == 1 }
}

/** Records a claim of `ruleId` in `period`; false when that period's claim exists. */
export async function insertClaim(tx: Db, memberId: string, ruleId: string, period: string): Promise<boolean> {
  const rows = await tx.query('INSERT INTO claims (member_id, rule_id, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING rule_id', [memberId, ruleId, period])
  return rows.length > 0
}
