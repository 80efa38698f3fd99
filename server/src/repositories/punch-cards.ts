/** SQL of punch cards: a member's count per punch-card rule, and the orders each card counted. */
import type { Db } from '../db/index.ts'
import type { NewRedemption } from './redemptions.ts'

/**
 * Counts `orderId` on the member's card of `ruleId` (every `every`th completes it), once per
 * order and rule: `punched` is false when the order was counted before. A punch owed (after a
 * refund) is paid off instead of counting. The member row must be locked.
 */
export async function punch(
  tx: Db,
  p: { programKey: string; orderId: string; ruleId: string; memberId: string; every: number },
): Promise<{ punched: boolean; completes: boolean }> {
  const [row] = await tx.query<{ punched: boolean; completes: boolean }>(
    `WITH punch AS (
       INSERT INTO punches (program_key, order_id, rule_id, member_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1),
     card AS (
       SELECT COALESCE(MAX(count), 0) AS count, COALESCE(MAX(owed), 0) AS owed FROM punch_cards WHERE member_id = $4 AND rule_id = $3),
     next AS (
       SELECT CASE WHEN owed > 0 THEN count WHEN count + 1 >= $5 THEN 0 ELSE count + 1 END AS count,
              GREATEST(owed - 1, 0) AS owed, owed = 0 AND count + 1 >= $5 AS completes
         FROM card),
     saved AS (
       INSERT INTO punch_cards (member_id, rule_id, count, owed) SELECT $4, $3, next.count, next.owed FROM next, punch
       ON CONFLICT (member_id, rule_id) DO UPDATE SET count = EXCLUDED.count, owed = EXCLUDED.owed)
     SELECT EXISTS (SELECT 1 FROM punch) AS punched, next.completes FROM next`,
    [p.programKey, p.orderId, p.ruleId, p.memberId, p.every],
  )
  return { punched: row!.punched, completes: row!.punched && row!.completes }
}

/** A full card's coupon: the reward at no cost, linked to the order that completed the card. */
export async function insertPunchCoupon(tx: Db, c: NewRedemption & { programKey: string; orderId: string; ruleId: string }): Promise<void> {
  await tx.query(
    `WITH coupon AS (
       INSERT INTO redemptions (id, member_id, reward_id, kind, code, points, expires_at, terms)
       VALUES ($1, $2, $3, 'punch_card', $4, 0, now() + make_interval(days => $5::int), $9) RETURNING id)
     UPDATE punches SET redemption_id = coupon.id FROM coupon WHERE program_key = $6 AND order_id = $7 AND rule_id = $8`,
    [c.id, c.memberId, c.rewardId, c.code, c.expiryDays, c.programKey, c.orderId, c.ruleId, c.terms],
  )
}

/**
 * Takes back the punches of a fully refunded order, once: each card loses one, or owes one when
 * the card in progress has none. The order's member row must be locked.
 */
export async function takeBackPunches(tx: Db, programKey: string, orderId: string): Promise<void> {
  await tx.query(
    `WITH back AS (
       UPDATE punches SET taken_back_at = now() WHERE program_key = $1 AND order_id = $2 AND taken_back_at IS NULL RETURNING member_id, rule_id)
     UPDATE punch_cards c SET count = GREATEST(c.count - 1, 0), owed = CASE WHEN c.count > 0 THEN c.owed ELSE c.owed + 1 END
       FROM back WHERE c.member_id = back.member_id AND c.rule_id = back.rule_id`,
    [programKey, orderId],
  )
}
