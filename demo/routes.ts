/**
 * Demo-only routes under /_demo/ — NOT part of the endpoint contract, and never
 * mounted by the production server (`npm run server`). They stand in for the
 * store's own server in the Trailpack demo:
 *
 *   POST /_demo/token   { customerId, email, name? } → { token, expiresAt }
 *       mints a customer token as a store's server would (the "signed-in shopper"),
 *       with `email_verified: true`, as a store that checked the email would.
 *   POST /_demo/orders  { email | customerId, amount, orderId? } → { points, balance, tier }
 *       awards purchase points as an order webhook would; a referred member's first
 *       purchase also pays the advocate the referral bonus.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as v from 'valibot'
import { HEADER_IDEMPOTENCY, normalizeEmail } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../server/src/context.ts'
import { DomainError, notFound } from '../server/src/errors.ts'
import { BODY_LIMIT, readJson, validate } from '../server/src/http/body.ts'
import { apiCors } from '../server/src/http/cors.ts'
import { fingerprint, idempotencyKey } from '../server/src/http/idempotency.ts'
import { toResponse } from '../server/src/http/reply.ts'
import { localize, negotiateLanguage } from '../server/src/program/i18n.ts'
import { tierFor } from '../server/src/program/program.ts'
import { findByEmail, findBySubject } from '../server/src/repositories/members.ts'
import { creditPurchase } from '../server/src/services/purchases.ts'

export interface DemoOrderResult {
  points: number
  balance: number
  tier: { id: string; name: string }
}

const text = (max: number) => v.pipe(v.string('invalid'), v.regex(/^[\x21-\x7e]+$/, 'invalid'), v.maxLength(max, 'too_long'))
const email = v.pipe(v.string('invalid'), v.trim(), v.email('invalid'), v.maxLength(254, 'too_long'), v.transform(normalizeEmail))

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const name = v.pipe(v.string('invalid'), v.check((s) => !CONTROL.test(s), 'invalid'), v.maxLength(100, 'too_long'))
const TokenInput = v.strictObject({ customerId: text(200), email, name: v.optional(name) })
const OrderInput = v.pipe(
  v.strictObject({
    email: v.optional(email),
    customerId: v.optional(text(200)),
    amount: v.pipe(v.number('invalid'), v.finite('invalid'), v.gtValue(0, 'invalid'), v.maxValue(1_000_000, 'invalid')),
    orderId: v.optional(v.pipe(v.string('invalid'), v.regex(/^[\w.#-]{1,64}$/, 'invalid'))),
  }),
  v.forward(v.check((o) => o.email !== undefined || o.customerId !== undefined, 'required'), ['email']),
)

export function demoRoutes(deps: Deps): Hono<AppEnv> {
  const { def } = deps
  const app = new Hono<AppEnv>()
  app.use('*', apiCors(deps.allowedOrigins))
  app.post('*', bodyLimit({ maxSize: BODY_LIMIT, onError: () => { throw new DomainError('body_too_large', `The body is larger than ${BODY_LIMIT / 1024} KB.`, { headers: { Connection: 'close' } }) } }))
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  /** Both routes are idempotent POSTs, like the store's own calls would be. */
  const post = (path: string, run: (tx: Parameters<Parameters<typeof deps.idempotency.run>[0]['execute']>[0], body: Record<string, unknown>, language: string) => Promise<{ status: number; body: unknown }>) =>
    app.post(path, async (c) => {
      const key = idempotencyKey(c.req.header(HEADER_IDEMPOTENCY))
      const body = await readJson(c)
      const language = negotiateLanguage(c.req.header('accept-language'), deps.languages)
      const reply = await deps.idempotency.run({
        programKey: def.key,
        key,
        fingerprint: fingerprint('POST', '/_demo' + path, 'demo', body),
        execute: (tx) => run(tx, body, language),
      })
      return toResponse(reply)
    })

  post('/token', async (_tx, body) => {
    const input = validate(TokenInput, body, 'Give a customerId and an email.')
    const { token, expiresAt } = await deps.keys.sign({ sub: input.customerId, email: input.email, emailVerified: true, ...(input.name && { name: input.name }) })
    return { status: 201, body: { token, expiresAt } }
  })

  post('/orders', async (tx, body, language) => {
    const input = validate(OrderInput, body, 'Give the member (email or customerId) and a positive amount.')
    const member = input.customerId !== undefined ? await findBySubject(tx, def.key, input.customerId, true) : await findByEmail(tx, def.key, input.email!, true)
    if (!member) throw notFound('No member with this email or customer id.')
    const result = await creditPurchase(tx, def, member, input.amount, input.orderId)
    const tier = tierFor(def, result.lifetime).tier
    const answer: DemoOrderResult = { points: result.points, balance: result.balance, tier: { id: tier.id, name: localize(tier.name, language) } }
    return { status: 201, body: answer }
  })

  app.all('*', (c) => {
    throw notFound(`There is no demo route ${c.req.path}.`)
  })
  return app
}
