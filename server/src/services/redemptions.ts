/** Redemptions: points for a reward, a coupon code in return; never below zero. */
import type { RedemptionResult } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError } from '../errors.ts'
import { couponCode, randomId } from '../ids.ts'
import type { ProgramDef } from '../program/program.ts'
import { pointsOf } from '../repositories/ledger.ts'
import { moveSeen } from '../repositories/members.ts'
import { spendOnRedemption } from '../repositories/redemptions.ts'
import { couponTerms } from './coupons.ts'
import { announce } from './points.ts'
import type { CustomerClaims } from '../tokens.ts'
import { requireMember } from './members.ts'

export async function redeem(tx: Db, def: ProgramDef, claims: CustomerClaims, rewardId: string): Promise<RedemptionResult> {
  const reward = def.rewards.find((r) => r.id == rewardId)
  if (!reward) throw new DomainError('reward_unavailable', 'This reward is not available.')
  // The row lock serialises redemptions of one member, on every replica: the sum below cannot go stale.
  const member = await requireMember(tx, def, claims, true)
  const redemption = { id: randomId('red'), rewardId: reward.id, code: reward.kind == 'donation' ? null : couponCode(def.couponPrefix), points: reward.cost }
  const { balance, spent } = await spendOnRedemption(tx, {
    ...redemption,
    memberId: member.id,
    expiryDays: def.couponExpiryDays ?? null,
    terms: couponTerms(def, reward),
  })
  if (!spent) throw new DomainError('insufficient_points', `This reward costs ${reward.cost} points and the balance is ${balance}.`)
  // Spending leaves lifetime points (and so the tier) as they were: one sum, after, serves both sides.
  const after = await pointsOf(tx, member.id)
  const redeemed = { memberId: member.id, redemptionId: redemption.id, rewardId: reward.id, points: reward.cost, hasCode: redemption.code !== null }
  await announce(tx, def, member.id, { balance, lifetime: after.lifetime }, { type: 'redemption', points: -reward.cost }, after, [
    { type: 'reward.redeemed', data: redeemed, memberId: member.id },
  ])
  await moveSeen(tx, member.id, -reward.cost)
  return { redemption, balance: balance - reward.cost }
}
