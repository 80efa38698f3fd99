/**
 * Purchase points: the program's purchase rule × the member's tier multiplier; a
 * referred member's first purchase also pays the advocate. Used by the demo's order
 * route (the store's order webhook stand-in).
 */
import type { Db } from '../db/index.ts'
import { invalid } from '../errors.ts'
import { advocatePoints, purchaseRule, tierFor, type ProgramDef } from '../program/program.ts'
import { addEntry, orderRecorded, pointsOf, purchaseCount } from '../repositories/ledger.ts'
import type { MemberRow } from '../repositories/members.ts'

export interface PurchaseResult {
  points: number
  balance: number
  lifetime: number
}

/** `member` must be locked by the caller's transaction. */
export async function creditPurchase(tx: Db, def: ProgramDef, member: MemberRow, amount: number, orderId?: string): Promise<PurchaseResult> {
  if (orderId !== undefined && (await orderRecorded(tx, member.id, orderId))) {
    throw invalid('This order was already recorded.', [{ field: 'orderId', code: 'duplicate' }])
  }
  const before = await pointsOf(tx, member.id)
  const rule = purchaseRule(def)
  const multiplier = tierFor(def, before.lifetime).tier.multiplier
  // 1e-9 absorbs binary float noise (19.99 × 100 …) before flooring.
  const points = Math.floor((amount / (rule.per ?? 1)) * rule.points * multiplier + 1e-9)
  const purchases = await purchaseCount(tx, member.id)
  await addEntry(tx, { memberId: member.id, type: 'purchase', points, ruleId: rule.id, orderId })
  if (purchases == 0 && points > 0 && member.referred_by) {
    await addEntry(tx, { memberId: member.referred_by, type: 'referral', points: advocatePoints(def), friendId: member.id })
  }
  const after = await pointsOf(tx, member.id)
  return { points, balance: after.balance, lifetime: after.lifetime }
}
