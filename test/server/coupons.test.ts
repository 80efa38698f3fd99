/**
 * Coupons at the store's checkout: `GET /v1/coupons/{code}` checks one against a
 * cart, `POST /v1/coupons/{code}/uses` uses it exactly once, and the shopper's
 * "Your coupons" shows used and expired ones.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CouponStatus, Problem, RedemptionResult } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, signUp, start, storeCall } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

/** A member with a fresh coupon of `rewardId` (points topped up by an order). */
async function couponOf(rewardId: string) {
  const { member, token } = await signUp(server)
  await order(server, { email: member.email }, 1000)
  const r = await call(server, '/v1/members/me/redemptions', { token, body: { rewardId } })
  expect(r.status).toBe(201)
  const { redemption } = (await r.json()) as RedemptionResult
  return { member, token, code: redemption.code! }
}
const check = async (code: string, amount?: number) => {
  const r = await storeCall(server, `/v1/coupons/${encodeURIComponent(code)}${amount === undefined ? '' : `?amount=${amount}`}`)
  return { status: r.status, body: (await r.json()) as CouponStatus & Problem }
}
const use = (code: string, orderId: string, amount?: number) =>
  storeCall(server, `/v1/coupons/${encodeURIComponent(code)}/uses`, { body: { orderId, ...(amount !== undefined && { amount }) } })

describe('coupons at checkout', () => {
  it('checks a code against a cart: discount, minimum order, expiry (case-insensitive)', async () => {
    const { member, code } = await couponOf('five-euro-off')
    const { status, body } = await check(code.toLowerCase(), 40)
    expect(status).toBe(200)
    expect(body).toMatchObject({
      code,
      kind: 'amount_off',
      rewardId: 'five-euro-off',
      value: 5,
      state: 'active',
      minOrderAmount: 25,
      memberId: member.id,
      valid: true,
      reason: null,
      discount: 5,
    })
    // Issued now, valid for the program's 90 days.
    const days = (Date.parse(body.expiresAt!) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(89.9)
    expect(days).toBeLessThanOrEqual(90)
    expect((await check(code, 20)).body).toMatchObject({ valid: false, reason: 'below_minimum', discount: null })
    expect((await check(code)).body).toMatchObject({ valid: true, discount: null })
    const percent = await couponOf('ten-percent-off')
    expect((await check(percent.code, 59.99)).body).toMatchObject({ kind: 'percent_off', valid: true, discount: 6 })
    expect((await check('TP-NOPE-NOPE-NOPE')).status).toBe(404)
    expect((await check('TP-NOPE-NOPE-NOPE', -1)).status).toBe(400)
  })

  it('is used once: another order gets 409 coupon_used, the same order its answer again', async () => {
    const { token, code } = await couponOf('free-shipping')
    const first = await use(code, 'order-1')
    expect(first.status).toBe(201)
    expect((await first.json()) as CouponStatus).toMatchObject({ state: 'used', orderId: 'order-1', valid: false, reason: 'used', usedAt: expect.any(String) })
    const other = await use(code, 'order-2')
    expect(other.status).toBe(409)
    expect(((await other.json()) as Problem).code).toBe('coupon_used')
    expect((await use(code, 'order-1')).status).toBe(200)
    expect((await check(code)).body).toMatchObject({ state: 'used', valid: false, reason: 'used' })
    // The shopper sees it used.
    expect((await me(server, token)).coupons[0]).toMatchObject({ code, state: 'used' })
    const events = await server.db.query<{ payload: string }>(`SELECT payload FROM webhook_events WHERE type = 'coupon.used' AND payload LIKE $1`, [
      `%${code}%`,
    ])
    expect(events).toHaveLength(1)
  })

  it('is released from an order whose payment failed: usable again, once; not by another order; a retry changes nothing', async () => {
    const { token, code } = await couponOf('free-shipping')
    const release = (orderId: string) => storeCall(server, `/v1/coupons/${encodeURIComponent(code)}/uses/${orderId}`, { method: 'DELETE' })
    expect((await use(code, 'failed-payment')).status).toBe(201)
    // Not that order's to release.
    const wrong = await release('someone-else')
    expect(wrong.status).toBe(409)
    expect(((await wrong.json()) as Problem).code).toBe('coupon_used')
    const freed = await release('failed-payment')
    expect(freed.status).toBe(200)
    expect(await freed.json()).toMatchObject({ code, state: 'active', valid: true, usedAt: null, orderId: null })
    // A retry of the release changes nothing and says nothing again.
    expect((await release('failed-payment')).status).toBe(200)
    expect((await me(server, token)).coupons[0]).toMatchObject({ code, state: 'active' })
    const released = await server.db.query<{ payload: string }>(`SELECT payload FROM webhook_events WHERE type = 'coupon.released' AND payload LIKE $1`, [
      `%${code}%`,
    ])
    expect(released.map((e) => JSON.parse(e.payload).data)).toEqual([expect.objectContaining({ code, orderId: 'failed-payment', rewardId: 'free-shipping' })])
    // The shopper's next order uses it.
    expect((await use(code, 'paid-order')).status).toBe(201)
    // Released after its time ran out: expired, not usable.
    expect((await release('paid-order')).status).toBe(200)
    await server.db.query(`UPDATE redemptions SET expires_at = now() - interval '1 second' WHERE code = $1`, [code])
    expect(await (await release('paid-order')).json()).toMatchObject({ state: 'expired', valid: false })
    expect((await release('any')).status).toBe(200)
    expect((await storeCall(server, '/v1/coupons/TP-NOPE-NOPE-NOPE/uses/x', { method: 'DELETE' })).status).toBe(404)
  })

  it('100 concurrent uses of one coupon: exactly one succeeds', async () => {
    const { code } = await couponOf('five-euro-off')
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => use(code, `race-${i}`, 50).then(async (r) => ({ status: r.status, body: (await r.json()) as Problem }))),
    )
    expect(answers.filter((a) => a.status == 201)).toHaveLength(1)
    const others = answers.filter((a) => a.status != 201)
    expect(others.every((a) => a.status == 409 && a.body.code == 'coupon_used')).toBe(true)
    const [row] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM redemptions WHERE code = $1 AND used_at IS NOT NULL`, [code])
    expect(Number(row!.n)).toBe(1)
  })

  it('refuses an expired coupon and one below its minimum order', async () => {
    const { token, code } = await couponOf('five-euro-off')
    const below = await use(code, 'small-order', 10)
    expect(below.status).toBe(422)
    expect(((await below.json()) as Problem).code).toBe('coupon_not_applicable')
    await server.db.query(`UPDATE redemptions SET expires_at = now() - interval '1 second' WHERE code = $1`, [code])
    const expired = await use(code, 'late-order', 50)
    expect(expired.status).toBe(422)
    expect(((await expired.json()) as Problem).code).toBe('coupon_expired')
    expect((await check(code, 50)).body).toMatchObject({ state: 'expired', valid: false, reason: 'expired' })
    expect((await me(server, token)).coupons[0]).toMatchObject({ code, state: 'expired' })
  })

  it('works for the referred friend’s welcome coupon (its kind and value from the referral terms)', async () => {
    const advocate = await signUp(server)
    const friend = await signUp(server, { referralCode: advocate.member.referral.code })
    const code = friend.member.coupons[0]!.code!
    expect((await check(code, 80)).body).toMatchObject({ kind: 'percent_off', value: 10, rewardId: null, discount: 8, valid: true, memberId: friend.member.id })
    expect((await use(code, 'ord_' + randomUUID(), 80)).status).toBe(201)
  })
})
