/**
 * Coupons at the store's checkout: a redemption's (or a referred friend's welcome)
 * code, checked against a cart amount and used exactly once.
 */
import type { CouponStatus } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError, notFound } from '../errors.ts'
import { localize } from '../program/i18n.ts'
import type { ProgramDef } from '../program/program.ts'
import type { CouponRow } from '../repositories/members.ts'
import { findCoupon, markReleased, markUsed, type CouponLookup } from '../repositories/redemptions.ts'
import { emit } from '../webhooks/outbox.ts'

const CODE = /^[A-Za-z0-9-]{1,64}$/

type Reward = ProgramDef['rewards'][number]

/** What a coupon is worth, in the words of the program as it is now. */
interface Terms {
  kind: CouponStatus['kind']
  value: number | null
  minOrderAmount: number | null
  name: Parameters<typeof localize>[0]
}

const termsOf = (def: ProgramDef, reward?: Reward): Terms => {
  const f = def.referral.friend
  return reward
    ? { kind: reward.kind as Terms['kind'], value: reward.value ?? null, minOrderAmount: reward.minOrderAmount ?? null, name: reward.name }
    : { kind: f.kind, value: f.value, minOrderAmount: null, name: f.description }
}

/**
 * Recorded with a coupon when it is issued (a reward's, a full punch card's, or without a reward a
 * referred friend's welcome): what it is worth stays what it was, whatever the program says later.
 */
export const couponTerms = (def: ProgramDef, reward?: Reward): string => JSON.stringify(termsOf(def, reward))

/** The terms recorded with a coupon (couponTerms). */
export const recordedTerms = (json: string): Terms => JSON.parse(json) as Terms

/** What a coupon is: as recorded when issued; a coupon older than that record reads the program. */
export function couponTermsOf(def: ProgramDef, c: CouponRow): Terms {
  if (c.terms) return recordedTerms(c.terms)
  if (c.kind == 'welcome') return termsOf(def)
  const reward = def.rewards.find((r) => r.id == c.reward_id)
  return reward ? termsOf(def, reward) : { kind: 'free_product', value: null, minOrderAmount: null, name: c.reward_id }
}

function terms(def: ProgramDef, c: CouponLookup, language: string) {
  const t = couponTermsOf(def, c)
  return { ...t, rewardId: c.kind == 'welcome' ? null : c.reward_id, name: localize(t.name, language) }
}

export function couponStatus(def: ProgramDef, c: CouponLookup, language: string, amount?: number): CouponStatus {
  const t = terms(def, c, language)
  const below = amount !== undefined && t.minOrderAmount !== null && amount < t.minOrderAmount
  const reason = c.state == 'used' ? 'used' : c.state == 'expired' ? 'expired' : below ? 'below_minimum' : null
  let discount: number | null = null
  if (amount !== undefined && reason === null) {
    if (t.kind == 'amount_off') discount = Math.min(t.value ?? 0, amount)
    if (t.kind == 'percent_off') discount = Math.round(amount * (t.value ?? 0)) / 100
  }
  return {
    code: c.code!,
    kind: t.kind,
    rewardId: t.rewardId,
    name: t.name,
    value: t.value,
    state: c.state,
    expiresAt: c.expires_at,
    minOrderAmount: t.minOrderAmount,
    memberId: c.member_id,
    usedAt: c.used_at,
    orderId: c.used_order_id,
    valid: reason === null,
    reason,
    discount,
  }
}

async function requireCoupon(db: Db, def: ProgramDef, code: string): Promise<CouponLookup> {
  const coupon = CODE.test(code) ? await findCoupon(db, def.key, code) : null
  if (!coupon || coupon.code === null) throw notFound('There is no such coupon code.')
  return coupon
}

export async function checkCoupon(db: Db, def: ProgramDef, code: string, language: string, amount?: number): Promise<CouponStatus> {
  return couponStatus(def, await requireCoupon(db, def, code), language, amount)
}

/** Uses the coupon on `orderId`: 201 the first time, 200 for the same order again; 409/422 otherwise. */
export async function useCoupon(
  tx: Db,
  def: ProgramDef,
  code: string,
  input: { orderId: string; amount?: number },
  language: string,
): Promise<{ status: 200 | 201; body: CouponStatus }> {
  const coupon = await requireCoupon(tx, def, code)
  if (coupon.state == 'active') {
    const status = couponStatus(def, coupon, language, input.amount)
    if (status.reason == 'below_minimum') {
      throw new DomainError('coupon_not_applicable', `This coupon is for orders of at least ${status.minOrderAmount} ${def.currency}.`)
    }
    if (await markUsed(tx, coupon.id, input.orderId)) {
      await emit(
        tx,
        def.key,
        'coupon.used',
        { code: coupon.code, memberId: coupon.member_id, rewardId: status.rewardId, orderId: input.orderId },
        { memberId: coupon.member_id },
      )
      const used = (await findCoupon(tx, def.key, code))!
      return { status: 201, body: couponStatus(def, used, language) }
    }
  }
  // Not active, or it stopped being so while we waited for its row: say why, from what is committed now.
  const now = (await findCoupon(tx, def.key, code))!
  if (now.state == 'used') {
    if (now.used_order_id == input.orderId) return { status: 200, body: couponStatus(def, now, language) }
    throw new DomainError('coupon_used', 'This coupon was already used on another order.')
  }
  throw new DomainError('coupon_expired', 'This coupon has expired.')
}

/**
 * Frees the coupon from `orderId` (its payment failed, or it was cancelled): usable again, unless its time
 * ran out meanwhile. A coupon that order does not use is answered as it is, so a retry changes nothing;
 * one used by another order is `coupon_used`.
 */
export async function releaseCoupon(tx: Db, def: ProgramDef, code: string, orderId: string, language: string): Promise<CouponStatus> {
  const coupon = await requireCoupon(tx, def, code)
  if (await markReleased(tx, coupon.id, orderId)) {
    await emit(
      tx,
      def.key,
      'coupon.released',
      { code: coupon.code, memberId: coupon.member_id, rewardId: coupon.kind == 'welcome' ? null : coupon.reward_id, orderId },
      { memberId: coupon.member_id },
    )
  }
  const now = (await findCoupon(tx, def.key, code))!
  if (now.state == 'used' && now.used_order_id != orderId) throw new DomainError('coupon_used', 'This coupon is used by another order.')
  return couponStatus(def, now, language)
}
