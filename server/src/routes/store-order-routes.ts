/**
 * Orders and refunds as the store reports them (the points they earn or take back),
 * and an order read back.
 */
import type { Hono } from 'hono'
import { OrderInputSchema, RefundInputSchema } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { notFound } from '../errors.ts'
import { validate } from '../http/body.ts'
import { findOrder } from '../repositories/orders.ts'
import { orderView, recordOrder, refundOrder } from '../services/orders.ts'
import { authorize, json, keyPost, ORDER_ID } from './store-helpers.ts'
import { localized } from './v1-helpers.ts'

export function storeOrderRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def } = deps

  keyPost(api, deps, '/orders', async (c, tx, body) => {
    const input = validate(OrderInputSchema, body, 'Some fields of the order need attention.')
    const { status, body: result } = await recordOrder(tx, def, input, c.get('language'))
    return { status, body: result, headers: localized(c) }
  })

  api.get('/orders/:id', async (c) => {
    await authorize(c, deps)
    const id = c.req.param('id')
    const order = ORDER_ID.test(id) ? await findOrder(deps.db, def.key, id) : null
    if (!order) throw notFound('There is no such order.')
    return json(c, orderView(order))
  })

  keyPost(api, deps, '/orders/:id/refunds', async (c, tx, body) => {
    const input = validate(RefundInputSchema, body, 'Say how much was refunded.')
    if (!ORDER_ID.test(c.req.param('id')!)) throw notFound('There is no such order.')
    const { status, body: result } = await refundOrder(tx, def, c.req.param('id')!, input, c.get('language'))
    return { status, body: result, headers: localized(c) }
  })
}
