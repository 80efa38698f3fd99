/**
 * Conformance checks of coupons at the store's checkout (`GET /coupons/{code}`, `POST /coupons/{code}/uses`,
 * `DELETE /coupons/{code}/uses/{orderId}`).
 */
import type { Reward, SignUpResult } from '../../src/core/contract.ts'
import { CouponStatusSchema, OrderResultSchema, RedemptionResultSchema } from '../../src/core/schemas.ts'
import { check, equal, need } from './http.ts'
import { enc, money, type Helpers, type Shared } from './store-helpers.ts'

/** A redeemed reward's coupon checked and used at checkout, exactly once; the referral welcome coupon. */
export function couponChecks(h: Helpers, s: Shared): void {
  rewardCouponChecks(h)
  referralCouponChecks(h, s)
}

/** A fresh member redeems the cheapest reward with a coupon code (topped up with an order when the sign-up bonus is not enough). */
async function redeemCoupon(h: Helpers): Promise<{ reward: Reward; holder: SignUpResult; code: string }> {
  const { send, json, keyed, orderBody, earning } = h
  const p = h.program()
  const reward = p.rewards.filter((r) => r.kind != 'donation').sort((a, b) => a.cost - b.cost)[0]
  check(reward, 'program assumption: a reward with a coupon code (not a donation)')
  const holder = await h.signUp('coupon')
  const missing = reward.cost - holder.member.balance
  if (missing > 0) {
    // Points topped up with an order.
    const body = orderBody(holder.member.email, earning(holder.member.lifetimePoints).amountFor(missing))
    const topped = json(await keyed('POST', '/orders', { body }), 201, OrderResultSchema, 'order result')
    check((topped.member?.balance ?? 0) >= reward.cost, `an order of ${body.amount} gives ${reward.cost} points, got a balance of ${topped.member?.balance}`)
  }
  const redeemed = json(
    await send('POST', '/members/me/redemptions', { token: holder.token, body: { rewardId: reward.id } }),
    201,
    RedemptionResultSchema,
    'redemption',
  )
  const code = redeemed.redemption.code
  check(code, `a coupon code for ${reward.id}`)
  return { reward, holder, code }
}

/** A reward's coupon: its status and discount, used once by one order, then shown as used; an unknown code. */
function rewardCouponChecks(h: Helpers): void {
  const { json, expectProblem, test, run, keyed, newOrderId, me } = h
  let coupon: { code: string; token: string; cart: number } | undefined

  test('a member’s coupon: GET /coupons/{code}?amount= → CouponStatus, active, with its discount', async () => {
    const { reward, holder, code } = await redeemCoupon(h)
    const status = json(await keyed('GET', `/coupons/${enc(code)}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [status.code, status.kind, status.rewardId, status.memberId, status.state, status.valid, status.usedAt, status.orderId, status.discount],
      [code, reward.kind, reward.id, holder.member.id, 'active', true, null, null, null],
      '[code, kind, rewardId, memberId, state, valid, usedAt, orderId, discount]',
    )
    const cart = money(Math.max(100, status.minOrderAmount ?? 0, (status.value ?? 0) * 2))
    const priced = json(await keyed('GET', `/coupons/${enc(code.toLowerCase())}?amount=${cart}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [priced.code, priced.state, priced.valid, priced.reason],
      [code, 'active', true, null],
      `[code, state, valid, reason] for a cart of ${cart} (code in lower case)`,
    )
    const discount = status.kind == 'amount_off' ? Math.min(status.value ?? 0, cart) : status.kind == 'percent_off' ? (cart * (status.value ?? 0)) / 100 : null
    check(
      discount === null ? priced.discount === null : priced.discount !== null && Math.abs(priced.discount - discount) < 0.006,
      `discount on ${cart}: expected ${discount}, got ${priced.discount}`,
    )
    if (status.minOrderAmount) {
      const below = json(await keyed('GET', `/coupons/${enc(code)}?amount=${money(status.minOrderAmount - 0.01)}`), 200, CouponStatusSchema, 'coupon')
      equal([below.valid, below.reason, below.discount], [false, 'below_minimum', null], '[valid, reason, discount] below the minimum order amount')
    }
    coupon = { code, token: holder.token, cart }
  })

  let useOrderId: string | undefined

  test('POST /coupons/{code}/uses → 201, the coupon used by that order', async () => {
    const { code, cart } = need(coupon, 'a coupon')
    const orderId = newOrderId()
    const used = json(await keyed('POST', `/coupons/${enc(code)}/uses`, { body: { orderId, amount: cart } }), 201, CouponStatusSchema, 'coupon')
    equal([used.code, used.state, used.orderId, used.valid, used.reason], [code, 'used', orderId, false, 'used'], '[code, state, orderId, valid, reason]')
    check(used.usedAt, 'usedAt')
    useOrderId = orderId
  })

  test('using it again: another order → 409 coupon_used, the same order → 200', async () => {
    const { code } = need(coupon, 'a coupon')
    const orderId = need(useOrderId, 'a coupon use')
    expectProblem(await keyed('POST', `/coupons/${enc(code)}/uses`, { body: { orderId: newOrderId() } }), 409, 'coupon_used')
    const same = json(await keyed('POST', `/coupons/${enc(code)}/uses`, { body: { orderId } }), 200, CouponStatusSchema, 'coupon')
    equal([same.state, same.orderId], ['used', orderId], '[state, orderId]')
    const status = json(await keyed('GET', `/coupons/${enc(code)}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [status.state, status.valid, status.reason, status.orderId],
      ['used', false, 'used', orderId],
      '[state, valid, reason, orderId] of GET /coupons/{code}',
    )
  })

  test('the shopper’s GET /members/me shows the coupon used', async () => {
    const { code, token } = need(coupon, 'a coupon')
    need(useOrderId, 'a coupon use')
    const held = (await me(token)).coupons.find((c) => c.code == code)
    check(held, `coupon ${code} among the member's coupons`)
    equal(held.state, 'used', 'coupon state')
  })

  test('DELETE /coupons/{code}/uses/{orderId} → 200, active again (another order’s use: 409); another order may use it', async () => {
    const { code } = need(coupon, 'a coupon')
    const orderId = need(useOrderId, 'a coupon use')
    expectProblem(await keyed('DELETE', `/coupons/${enc(code)}/uses/${enc(newOrderId())}`), 409, 'coupon_used')
    const freed = json(await keyed('DELETE', `/coupons/${enc(code)}/uses/${enc(orderId)}`), 200, CouponStatusSchema, 'coupon')
    equal([freed.state, freed.valid, freed.orderId, freed.usedAt], ['active', true, null, null], '[state, valid, orderId, usedAt] once released')
    const again = json(await keyed('DELETE', `/coupons/${enc(code)}/uses/${enc(orderId)}`), 200, CouponStatusSchema, 'coupon')
    equal(again.state, 'active', 'state after a second release (nothing changes)')
    const next = newOrderId()
    const used = json(await keyed('POST', `/coupons/${enc(code)}/uses`, { body: { orderId: next } }), 201, CouponStatusSchema, 'coupon')
    equal([used.state, used.orderId], ['used', next], '[state, orderId] used by the next order')
  })

  test('an unknown coupon code → 404 not_found (GET and use)', async () => {
    const code = `NOPE-${run.toUpperCase()}-0000`
    expectProblem(await keyed('GET', `/coupons/${code}`), 404, 'not_found')
    expectProblem(await keyed('POST', `/coupons/${code}/uses`, { body: { orderId: newOrderId() } }), 404, 'not_found')
  })
}

/** A referred friend's welcome coupon, on the program's referral terms. */
function referralCouponChecks(h: Helpers, s: Shared): void {
  const { json, test, keyed } = h

  test('a referred friend’s welcome coupon is a coupon at checkout, on the program’s referral terms', async () => {
    const p = h.program()
    const friend = await h.signUp('friend', { extra: { referralCode: need(s.buyer, 'a member').member.referral.code } })
    const welcome = friend.member.coupons.find((c) => c.code && c.state == 'active')
    check(welcome, `a welcome coupon among the friend's coupons at sign-up, got ${JSON.stringify(friend.member.coupons)}`)
    const status = json(await keyed('GET', `/coupons/${enc(welcome.code!)}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [status.kind, status.value, status.rewardId, status.memberId, status.state],
      [p.referral.friend.kind, p.referral.friend.value, null, friend.member.id, 'active'],
      '[kind, value, rewardId, memberId, state]',
    )
  })
}
