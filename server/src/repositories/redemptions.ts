/** SQL of redemptions (the coupons a member was given) and claims (rules claimed per period). */
import type { Db } from '../db/index.ts'
import { COUPON_COLUMNS, type CouponRow } from './members.ts'
import { toCount } from './sql.ts'

export interface NewRedemption {
  id: string
  memberId: string
  rewardId: string
  code: string | null
  points: number
  /** Days the code stays usable; null: no expiry. */
  expiryDays: number | null
  /** What the coupon is worth, as issued (couponTerms). */
  terms: string
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
       INSERT INTO redemptions (id, member_id, reward_id, code, points, expires_at, terms)
       SELECT $1, $2, $3, $4, $5::int, now() + make_interval(days => $6::int), $7 FROM balance WHERE balance.points >= $5::int
       RETURNING id),
     entry AS (
       INSERT INTO ledger (member_id, type, points, reward_id, redemption_id)
       SELECT $2, 'redemption', -$5::int, $3, id FROM redemption
       RETURNING 1)
     SELECT balance.points AS balance, (SELECT COUNT(*) FROM entry) AS spent FROM balance`,
    [r.id, r.memberId, r.rewardId, r.code, r.points, r.expiryDays, r.terms],
  )
  return { balance: toCount(row?.balance), spent: toCount(row?.spent) == 1 }
}

/** The referred friend's welcome coupon (no points spent). */
export async function insertWelcomeCoupon(tx: Db, r: { id: string; memberId: string; code: string; expiryDays: number | null; terms: string }): Promise<void> {
  await tx.query(
    `INSERT INTO redemptions (id, member_id, reward_id, kind, code, points, expires_at, terms)
     VALUES ($1, $2, $3, 'welcome', $4, 0, now() + make_interval(days => $5::int), $6)`,
    [r.id, r.memberId, WELCOME_REWARD_ID, r.code, r.expiryDays, r.terms],
  )
}

/** The `rewardId` of a referred friend's welcome coupon. */
export const WELCOME_REWARD_ID = 'referral'

export interface CouponLookup extends CouponRow {
  member_id: string
}

/** A coupon of this program by its code (case-insensitive). */
export async function findCoupon(db: Db, programKey: string, code: string): Promise<CouponLookup | null> {
  const [row] = await db.query<CouponLookup>(
    `SELECT ${COUPON_COLUMNS}, r.member_id FROM redemptions r JOIN members m ON m.id = r.member_id
      WHERE r.code = $2 AND m.program_key = $1`,
    [programKey, code.toUpperCase()],
  )
  return row ?? null
}

/** Marks an active coupon used by `orderId`, exactly once whatever the concurrency; false when it was not active. */
export async function markUsed(tx: Db, couponId: string, orderId: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE redemptions SET used_at = now(), used_order_id = $2 WHERE id = $1 AND used_at IS NULL AND (expires_at IS NULL OR expires_at > now()) RETURNING id`,
    [couponId, orderId],
  )
  return rows.length > 0
}

/** Frees a coupon used by `orderId` (its order failed or was cancelled); false when that order did not use it. */
export async function markReleased(tx: Db, couponId: string, orderId: string): Promise<boolean> {
  const rows = await tx.query(`UPDATE redemptions SET used_at = NULL, used_order_id = NULL WHERE id = $1 AND used_order_id = $2 RETURNING id`, [
    couponId,
    orderId,
  ])
  return rows.length > 0
}

/** Records a claim of `ruleId` in `period`; false when that period's claim exists. */
export async function insertClaim(tx: Db, memberId: string, ruleId: string, period: string): Promise<boolean> {
  const rows = await tx.query('INSERT INTO claims (member_id, rule_id, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING rule_id', [
    memberId,
    ruleId,
    period,
  ])
  return rows.length > 0
}
