/**
 * Demo-only routes under /_demo/ — NOT part of the endpoint contract, and never
 * mounted by the production server (`npm run server`). They stand in for the
 * store's own server in the Trailpack demo:
 *
 *   POST /_demo/token   { customerId, email, name? } → { token, expiresAt }
 *       mints a customer token as a store's server would (the "signed-in shopper"),
 *       with `email_verified: true`, as a store that checked the email would.
 *   /_demo/store/*      the store's small backend (demo/store-backend.ts): checkout,
 *       refunds and a webhook receiver, calling the store API with the demo key.
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
import { negotiateLanguage } from '../server/src/program/i18n.ts'

const text = (max: number) => v.pipe(v.string('invalid'), v.regex(/^[\x21-\x7e]+$/, 'invalid'), v.maxLength(max, 'too_long'))
const email = v.pipe(v.string('invalid'), v.trim(), v.email('invalid'), v.maxLength(254, 'too_long'), v.transform(normalizeEmail))

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const name = v.pipe(
  v.string('invalid'),
  v.check((s) => !CONTROL.test(s), 'invalid'),
  v.maxLength(100, 'too_long'),
)
const TokenInput = v.strictObject({ customerId: text(200), email, name: v.optional(name) })
export function demoRoutes(deps: Deps): Hono<AppEnv> {
  const { def } = deps
  const app = new Hono<AppEnv>()
  app.use('*', apiCors(deps.allowedOrigins))
  app.post(
    '*',
    bodyLimit({
      maxSize: BODY_LIMIT,
      onError: () => {
        throw new DomainError('body_too_large', `The body is larger than ${BODY_LIMIT / 1024} KB.`, { headers: { Connection: 'close' } })
      },
    }),
  )
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  /** Idempotent POSTs, like the store's own calls would be. */
  const post = (
    path: string,
    run: (
      tx: Parameters<Parameters<typeof deps.idempotency.run>[0]['execute']>[0],
      body: Record<string, unknown>,
      language: string,
    ) => Promise<{ status: number; body: unknown }>,
  ) =>
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
    const { token, expiresAt } = await deps.keys.sign({
      sub: input.customerId,
      email: input.email,
      emailVerified: true,
      ...(input.name && { name: input.name }),
    })
    return { status: 201, body: { token, expiresAt } }
  })

  app.all('*', (c) => {
    throw notFound(`There is no demo route ${c.req.path}.`)
  })
  return app
}
