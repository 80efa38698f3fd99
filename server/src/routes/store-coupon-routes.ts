/**
 * Coupons at the store's checkout: a code checked against the cart, its use by an
 * order recorded, and that use released when the order's payment fails or it is cancelled.
 */
import type { Hono } from 'hono'
import { CouponUseInputSchema } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, notFound } from '../errors.ts'
import { validate } from '../http/body.ts'
import { checkCoupon, releaseCoupon, useCoupon } from '../services/coupons.ts'
import { authorize, json, keyPost, ORDER_ID } from './store-helpers.ts'
import { localized } from './v1-helpers.ts'

export function storeCouponRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def } = deps

  api.get('/coupons/:code', async (c) => {
    await authorize(c, deps)
    const raw = c.req.query('amount')
    let amount: number | undefined
    if (raw !== undefined && raw !== '') {
      amount = Number(raw)
      if (!/^\d{1,10}(\.\d{1,2})?$/.test(raw)) {
        throw new DomainError('invalid_request', 'amount is the cart amount, e.g. 49.90.', { errors: [{ field: 'amount', code: 'invalid' }] })
      }
    }
    return json(c, await checkCoupon(deps.db, def, c.req.param('code'), c.get('language'), amount))
  })

  keyPost(api, deps, '/coupons/:code/uses', async (c, tx, body) => {
    const input = validate(CouponUseInputSchema, body, 'Say which order uses the coupon.')
    const { status, body: result } = await useCoupon(tx, def, c.req.param('code')!, input, c.get('language'))
    return { status, body: result, headers: localized(c) }
  })

  // A DELETE of the use: idempotent by itself (a second one finds the coupon free and answers it as it is).
  api.delete('/coupons/:code/uses/:orderId', async (c) => {
    await authorize(c, deps)
    const orderId = c.req.param('orderId')
    if (!ORDER_ID.test(orderId)) throw notFound('There is no such order.')
    const status = await deps.db.transaction((tx) => releaseCoupon(tx, def, c.req.param('code'), orderId, c.get('language')))
    return json(c, status)
  })
}
