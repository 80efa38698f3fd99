/**
 * The store's server-to-server routes of the /v1 contract: orders and refunds,
 * coupons at checkout, members (look-up, corrections, consent, export, erasure).
 * Every one takes a secret API key and refuses browsers (http/api-key.ts); POSTs
 * are idempotent like the shopper's, bound to the key.
 */
import type { Context, Hono } from 'hono'
import {
  AdjustmentInputSchema,
  ConsentInputSchema,
  CouponUseInputSchema,
  CustomerErasureInputSchema,
  HEADER_IDEMPOTENCY,
  normalizeEmail,
  OrderInputSchema,
  RefundInputSchema,
} from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import type { Db } from '../db/index.ts'
import { DomainError, notFound } from '../errors.ts'
import { requireKey, type KeyPrincipal } from '../http/api-key.ts'
import { readJson, validate } from '../http/body.ts'
import { idempotencyKey, type Reply } from '../http/idempotency.ts'
import { toResponse } from '../http/reply.ts'
import { findByEmail } from '../repositories/members.ts'
import { findOrder } from '../repositories/orders.ts'
import { checkCoupon, releaseCoupon, useCoupon } from '../services/coupons.ts'
import { adjust, changeConsent, erase, eraseCustomer, exportMember } from '../services/member-admin.ts'
import { memberRecord, requireMemberById } from '../services/members.ts'
import { orderView, recordOrder, refundOrder } from '../services/orders.ts'

type C = Context<AppEnv>

/** What an order id can be (OrderInput's rule): anything else is no order here. */
const ORDER_ID = /^[\x21-\x7e]{1,100}$/

export interface V1Helpers {
  requireProgram(c: C): void
  runIdempotent(
    c: C,
    key: string,
    principal: string,
    body: unknown,
    execute: (tx: Db) => Promise<Reply>,
    o?: { stores?: (error: DomainError) => boolean },
  ): Promise<Response>
  localized(c: C): Record<string, string>
}

export function storeRoutes(app: Hono<AppEnv>, deps: Deps, h: V1Helpers): void {
  const { def } = deps

  /** Program header, then the key (a browser is refused before anything is read). */
  const authorize = async (c: C): Promise<KeyPrincipal> => {
    h.requireProgram(c)
    return requireKey(c, deps)
  }
  const keyPost = (path: string, execute: (c: C, tx: Db, body: Record<string, unknown>, who: KeyPrincipal) => Promise<Reply>) =>
    app.post(path, async (c) => {
      const who = await authorize(c)
      // The store's keys live apart from shoppers' (an anonymous request cannot take a key the store will use)
      // and are the store's, not one API key's: a retry sent with a rotated key, or by a second store
      // server with its own, is the same request and is answered, not applied again.
      const key = 'store:' + idempotencyKey(c.req.header(HEADER_IDEMPOTENCY))
      const body = await readJson(c)
      // "No such order (yet)" is not kept: a refund reported before its order must succeed once the order exists.
      return h.runIdempotent(c, key, 'store', body, (tx) => execute(c, tx, body, who), { stores: (e) => e.kind != 'not_found' })
    })
  const json = (c: C, body: unknown, status = 200) => toResponse({ status, body, headers: h.localized(c) })

  keyPost('/orders', async (c, tx, body) => {
    const input = validate(OrderInputSchema, body, 'Some fields of the order need attention.')
    const { status, body: result } = await recordOrder(tx, def, input, c.get('language'))
    return { status, body: result, headers: h.localized(c) }
  })

  app.get('/orders/:id', async (c) => {
    await authorize(c)
    const id = c.req.param('id')
    const order = ORDER_ID.test(id) ? await findOrder(deps.db, def.key, id) : null
    if (!order) throw notFound('There is no such order.')
    return json(c, orderView(order))
  })

  keyPost('/orders/:id/refunds', async (c, tx, body) => {
    const input = validate(RefundInputSchema, body, 'Say how much was refunded.')
    if (!ORDER_ID.test(c.req.param('id')!)) throw notFound('There is no such order.')
    const { status, body: result } = await refundOrder(tx, def, c.req.param('id')!, input, c.get('language'))
    return { status, body: result, headers: h.localized(c) }
  })

  app.get('/coupons/:code', async (c) => {
    await authorize(c)
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

  keyPost('/coupons/:code/uses', async (c, tx, body) => {
    const input = validate(CouponUseInputSchema, body, 'Say which order uses the coupon.')
    const { status, body: result } = await useCoupon(tx, def, c.req.param('code')!, input, c.get('language'))
    return { status, body: result, headers: h.localized(c) }
  })

  // A DELETE of the use: idempotent by itself (a second one finds the coupon free and answers it as it is).
  app.delete('/coupons/:code/uses/:orderId', async (c) => {
    await authorize(c)
    const orderId = c.req.param('orderId')
    if (!ORDER_ID.test(orderId)) throw notFound('There is no such order.')
    const status = await deps.db.transaction((tx) => releaseCoupon(tx, def, c.req.param('code'), orderId, c.get('language')))
    return json(c, status)
  })

  app.get('/members', async (c) => {
    await authorize(c)
    const email = c.req.query('email')
    if (!email) throw new DomainError('invalid_request', 'Give the email to look for: /members?email=…', { errors: [{ field: 'email', code: 'required' }] })
    const member = await findByEmail(deps.db, def.key, normalizeEmail(email))
    return json(c, { members: member ? [await memberRecord(deps.db, def, member, c.get('language'))] : [] })
  })

  app.get('/members/:id', async (c) => {
    await authorize(c)
    const member = await requireMemberById(deps.db, def, c.req.param('id'))
    return json(c, await memberRecord(deps.db, def, member, c.get('language')))
  })

  app.delete('/members/:id', async (c) => {
    await authorize(c)
    await deps.db.transaction(async (tx) => erase(tx, def, await requireMemberById(tx, def, c.req.param('id')!, true), deps.returnsKey))
    return toResponse({ status: 204 })
  })

  app.get('/members/:id/export', async (c) => {
    await authorize(c)
    const member = await requireMemberById(deps.db, def, c.req.param('id'))
    return toResponse({
      status: 200,
      body: await exportMember(deps.db, def, member, c.get('language')),
      headers: { 'Content-Disposition': `attachment; filename="${member.id}.json"` },
    })
  })

  keyPost('/customers/erasure', async (_c, tx, body) => {
    const who = validate(CustomerErasureInputSchema, body, 'Name the person by email, customer id, or both.')
    return { status: 200, body: await eraseCustomer(tx, def, who, deps.returnsKey) }
  })

  keyPost('/members/:id/adjustments', async (c, tx, body, who) => {
    const { points, reason } = validate(AdjustmentInputSchema, body, 'Give the points (signed) and a reason.')
    const member = await requireMemberById(tx, def, c.req.param('id')!, true)
    return { status: 201, body: await adjust(tx, def, member, points, reason, who.name) }
  })

  keyPost('/members/:id/consent', async (c, tx, body) => {
    const { marketing } = validate(ConsentInputSchema, body, 'Say whether the member wants marketing emails.')
    const member = await requireMemberById(tx, def, c.req.param('id')!, true)
    await changeConsent(tx, def, member, marketing, 'store')
    const updated = await requireMemberById(tx, def, member.id)
    return { status: 200, body: await memberRecord(tx, def, updated, c.get('language')), headers: h.localized(c) }
  })
}
