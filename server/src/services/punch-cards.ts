/**
 * Punch cards (`punch_card` rules): each order credited to a member counts once on every card;
 * every `every`th order earns the rule's points (a `claim` entry of the rule, naming it in the
 * activity) and, with `rewardId`, that reward's coupon at no cost; then the card starts again.
 * A fully refunded order takes its punch back (see takeBackPunches).
 */
import type { PunchCard } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { couponCode, randomId } from '../ids.ts'
import { punchCardRules, type ProgramDef } from '../program/program.ts'
import { insertPunchCoupon, punch } from '../repositories/punch-cards.ts'
import type { OrderRow } from '../repositories/orders.ts'
import { couponTerms } from './coupons.ts'
import { changePoints } from './points.ts'

/**
 * Whether an order counts: something was bought and not all of it refunded. A free order (the card's own
 * free item, say) buys nothing, so it does not start the next card.
 */
export const punchable = (order: Pick<OrderRow, 'amount' | 'refunded'>): boolean => order.amount > 0 && order.refunded < order.amount

/** Counts a credited order on each card of `memberId` (locked), paying out the cards it completes. */
export async function punchOrder(tx: Db, def: ProgramDef, memberId: string, order: OrderRow): Promise<void> {
  if (!punchable(order)) return
  for (const rule of punchCardRules(def)) {
    const { completes } = await punch(tx, { programKey: def.key, orderId: order.id, ruleId: rule.id, memberId, every: rule.every })
    if (!completes) continue
    const reward = rule.rewardId === undefined ? undefined : def.rewards.find((r) => r.id == rule.rewardId)
    if (reward) {
      await insertPunchCoupon(tx, {
        id: randomId('red'),
        memberId,
        rewardId: reward.id,
        code: reward.kind == 'donation' ? null : couponCode(def.couponPrefix),
        points: 0,
        expiryDays: def.couponExpiryDays ?? null,
        terms: couponTerms(def, reward),
        programKey: def.key,
        orderId: order.id,
        ruleId: rule.id,
      })
    }
    if (rule.points > 0) await changePoints(tx, def, { memberId, type: 'claim', points: rule.points, ruleId: rule.id, orderId: order.id })
  }
}

/** Each punch-card rule of the program with the member's count (0 to every − 1: a card whose `every` was lowered shows full). */
export function punchCardsView(def: ProgramDef, stored: readonly { rule_id: string; count: number }[]): PunchCard[] {
  return punchCardRules(def).map((rule) => ({
    ruleId: rule.id,
    count: Math.min(stored.find((c) => c.rule_id == rule.id)?.count ?? 0, rule.every - 1),
  }))
}
