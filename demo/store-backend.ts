/**
 * Trailpack's own small backend (demo only): what a real store's server does with
 * the loyalty API. Checkout checks and uses a coupon and reports the order with the
 * store's secret API key (`POST /v1/orders`, as an order webhook handler would);
 * a refund reports a refund; webhooks from the loyalty server are received,
 * verified (Standard Webhooks) and shown in the page's event log.
 *
 *   POST /_demo/store/checkout  { email, customerId?, amount, coupon? } → { orderId, amount, discount, order }
 *   POST /_demo/store/refunds   { orderId } → the refund of what is left of the order
 *   POST /_demo/store/webhooks  the webhook endpoint (signed deliveries)
 *   GET  /_demo/store/webhooks?after=N → { events: [{ seq, id, type, data }] } (the page polls it)
 */
import { randomUUID } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { Webhook } from 'standardwebhooks'
import * as v from 'valibot'
import type { AppEnv, Deps } from '../server/src/context.ts'
import { DomainError } from '../server/src/errors.ts'
import { readJson, validate } from '../server/src/http/body.ts'

/** The demo store's webhook signing secret (public, like everything in demo mode). */
export const DEMO_WEBHOOK_SECRET = 'whsec_' + Buffer.from('trailpack-demo-webhook-secret-32').toString('base64')
export const DEMO_WEBHOOK_PATH = '/_demo/store/webhooks'

const Checkout = v.strictObject({
  email: v.pipe(v.string(), v.email(), v.maxLength(254)),
  customerId: v.optional(v.pipe(v.string(), v.regex(/^[\w.-]{1,100}$/))),
  amount: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(100_000)),
  coupon: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(64))),
})
const Refund = v.strictObject({ orderId: v.pipe(v.string(), v.regex(/^[\w.-]{1,100}$/)) })

interface Received {
  seq: number
  id: string
  type: string
  data: unknown
}

const COUPON_REASONS: Record<string, string> = {
  used: 'This coupon was already used.',
  expired: 'This coupon has expired.',
  below_minimum: 'This coupon needs a larger order.',
}

export function storeBackend(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const key = deps.config.apiKey
  const received: Received[] = []
  let seq = 0

  /** The loyalty API, as the store's server calls it: the secret key, no browser headers. */
  async function api(c: Context<AppEnv>, method: string, path: string, body?: unknown, idempotencyKey?: string) {
    const response = await fetch(new URL(c.req.url).origin + '/v1' + path, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        'X-Loyalkit-Program': deps.def.key,
        'Accept-Language': 'en',
        ...(body !== undefined && { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey ?? randomUUID() }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    // biome-ignore lint/suspicious/noExplicitAny: the JSON of our own API, read by this demo backend without its schemas
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }
  }
  const refuse = (detail: string) => new DomainError('invalid_fields', detail, { errors: [{ field: 'coupon', code: 'invalid' }] })

  app.post('/checkout', async (c) => {
    const input = validate(Checkout, await readJson(c), 'Give an email and an amount.')
    const orderId = `TP-${Date.now().toString(36).toUpperCase()}-${randomUUID().slice(0, 4).toUpperCase()}`
    let discount = 0
    if (input.coupon) {
      const check = await api(c, 'GET', `/coupons/${encodeURIComponent(input.coupon)}?amount=${input.amount}`)
      if (check.status == 404) throw refuse('There is no such coupon code.')
      if (check.status != 200) throw new Error(`coupon check: ${check.status}`)
      if (!check.body.valid) throw refuse(COUPON_REASONS[check.body.reason] ?? 'This coupon cannot be used.')
      discount = check.body.discount ?? 0
      // Used first: if another checkout took it a moment ago, this order is not placed.
      const use = await api(c, 'POST', `/coupons/${encodeURIComponent(input.coupon)}/uses`, { orderId, amount: input.amount })
      if (use.status >= 400) throw refuse(use.body?.detail ?? 'This coupon cannot be used.')
    }
    const amount = Math.round((input.amount - discount) * 100) / 100
    const order = await api(
      c,
      'POST',
      '/orders',
      { id: orderId, customer: { email: input.email, ...(input.customerId && { id: input.customerId }) }, amount, currency: deps.def.currency },
      `order-${orderId}`,
    )
    if (order.status >= 300) throw new Error(`order: ${order.status} ${JSON.stringify(order.body)}`)
    return c.json({ orderId, amount, discount, order: order.body }, 201)
  })

  app.post('/refunds', async (c) => {
    const { orderId } = validate(Refund, await readJson(c), 'Say which order to refund.')
    const order = await api(c, 'GET', `/orders/${encodeURIComponent(orderId)}`)
    if (order.status != 200) throw new DomainError('not_found', 'There is no such order.')
    const left = Math.round((order.body.amount - order.body.refundedAmount) * 100) / 100
    if (left <= 0) throw new DomainError('invalid_fields', 'This order was already refunded.', { errors: [{ field: 'orderId', code: 'refunded' }] })
    const refund = await api(c, 'POST', `/orders/${encodeURIComponent(orderId)}/refunds`, { amount: left }, `refund-${orderId}-${left}`)
    if (refund.status >= 300) throw new Error(`refund: ${refund.status} ${JSON.stringify(refund.body)}`)
    return c.json(refund.body, 201)
  })

  const webhook = new Webhook(DEMO_WEBHOOK_SECRET)
  app.post('/webhooks', async (c) => {
    const body = await c.req.text()
    let event: { type: string; data: unknown }
    try {
      event = webhook.verify(body, Object.fromEntries(c.req.raw.headers)) as typeof event
    } catch {
      return c.json({ error: 'bad signature' }, 400)
    }
    const id = c.req.header('webhook-id')!
    // At-least-once delivery: the same webhook-id may come again.
    if (!received.some((r) => r.id == id)) {
      received.push({ seq: ++seq, id, type: event.type, data: event.data })
      if (received.length > 200) received.shift()
    }
    return c.body(null, 204)
  })

  app.get('/webhooks', (c) => {
    const after = Number(c.req.query('after') ?? 0) || 0
    return c.json({ events: received.filter((r) => r.seq > after) })
  })

  return app
}
