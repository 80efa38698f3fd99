/**
 * Demo-only routes under /_demo/ — NOT part of the endpoint contract. They stand
 * in for the store's own server in the Trailpack demo:
 *
 *   POST /_demo/token   { customerId, email, name? } → { token, expiresAt }
 *       mints a customer token as a store's server would (the "signed-in shopper").
 *   POST /_demo/orders  { email | customerId, amount, orderId? } → { points, balance, tier }
 *       awards purchase points as an order webhook would; a referred member's first
 *       purchase also pays the advocate the referral bonus.
 *
 * On by default; LOYALKIT_DEMO_ROUTES=0 turns them off. Anyone who can reach them
 * can mint tokens for any customer: never expose them outside a demo.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HEADER_IDEMPOTENCY } from '../../src/core/contract.ts'
import { checkOrigin, corsHeaders, preflightHeaders } from './cors.ts'
import { HttpProblem, header, invalid, notFound, readJson, send, serverError, type Reply } from './http.ts'
import { fingerprint } from './idempotency.ts'
import type { Db } from './db/index.ts'
import { localize, negotiateLanguage } from './i18n.ts'
import { addEntry, pointsOf } from './ledger.ts'
import { findMember } from './members.ts'
import { advocatePoints, purchaseRule, tierFor } from './program.ts'
import type { Services } from './services.ts'
import { validEmail, type FieldError } from './validate.ts'

export interface DemoOrderResult {
  points: number
  balance: number
  tier: { id: string; name: string }
}

export async function handleDemo(s: Services, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const base: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }
  const cors = checkOrigin(req, s.allowedOrigins)
  if (!cors.allowed) return send(res, new HttpProblem(403, 'invalid_request', `Origin ${cors.origin} is not allowed.`).toReply(), base)
  Object.assign(base, corsHeaders(cors.origin))
  if (req.method == 'OPTIONS') {
    return send(res, { status: 204, headers: cors.origin ? preflightHeaders(cors.origin) : { Allow: 'POST, OPTIONS' } }, base)
  }
  let reply: Reply
  try {
    const handler = path == '/token' ? mintToken : path == '/orders' ? order : undefined
    if (!handler) throw notFound(`There is no demo route ${path}.`)
    if (req.method != 'POST') throw new HttpProblem(405, 'invalid_request', `Use POST for /_demo${path}.`, { headers: { Allow: 'POST' } })
    const key = header(req, HEADER_IDEMPOTENCY)
    if (!key || !/^[\x21-\x7e]{1,255}$/.test(key)) throw invalid(`Send an ${HEADER_IDEMPOTENCY} header.`)
    const { value: body } = await readJson(req)
    reply = await s.idempotency.run({
      programKey: s.def.key,
      key,
      fingerprint: fingerprint('POST', '/_demo' + path, 'demo', body),
      execute: (tx) => handler(s, tx, body, header(req, 'accept-language')),
    })
  } catch (error) {
    if (error instanceof HttpProblem) reply = error.toReply()
    else {
      s.log.error(`${req.method} /_demo${path} failed`, error)
      reply = serverError().toReply()
    }
  }
  send(res, reply, base)
}

type DemoHandler = (s: Services, tx: Db, body: Record<string, unknown>, acceptLanguage?: string) => Promise<Reply>

const mintToken: DemoHandler = async (s, _tx, body) => {
  const errors: FieldError[] = []
  const { customerId, email, name } = body
  if (typeof customerId != 'string' || !/^[\x21-\x7e]{1,200}$/.test(customerId)) errors.push({ field: 'customerId', code: 'invalid' })
  if (typeof email != 'string' || !validEmail(email)) errors.push({ field: 'email', code: 'invalid' })
  if (name !== undefined && (typeof name != 'string' || name.length > 100)) errors.push({ field: 'name', code: 'invalid' })
  if (errors.length) throw invalid('Give a customerId and an email.', errors)
  const { token, expiresAt } = await s.keys.sign({ sub: customerId as string, email: email as string, ...(typeof name == 'string' && name && { name }) })
  return { status: 201, body: { token, expiresAt } }
}

const order: DemoHandler = async (s, tx, body, acceptLanguage) => {
  const errors: FieldError[] = []
  const { email, customerId, amount, orderId } = body
  if (email === undefined && customerId === undefined) errors.push({ field: 'email', code: 'required' })
  if (email !== undefined && (typeof email != 'string' || !validEmail(email))) errors.push({ field: 'email', code: 'invalid' })
  if (customerId !== undefined && (typeof customerId != 'string' || !customerId)) errors.push({ field: 'customerId', code: 'invalid' })
  if (typeof amount != 'number' || !Number.isFinite(amount) || amount <= 0 || amount > 1_000_000) errors.push({ field: 'amount', code: 'invalid' })
  if (orderId !== undefined && (typeof orderId != 'string' || !/^[\w.#-]{1,64}$/.test(orderId))) errors.push({ field: 'orderId', code: 'invalid' })
  if (errors.length) throw invalid('Give the member (email or customerId) and a positive amount.', errors)

  const member = await findMember(tx, s.def.key, { email: email as string | undefined, customerId: customerId as string | undefined }, true)
  if (!member) throw notFound('No member with this email or customer id.')
  if (orderId !== undefined) {
    const seen = await tx.query(`SELECT 1 FROM ledger WHERE member_id = $1 AND type = 'purchase' AND order_id = $2`, [member.id, orderId])
    if (seen.length) throw invalid('This order was already recorded.', [{ field: 'orderId', code: 'duplicate' }])
  }
  const before = await pointsOf(tx, member.id)
  const rule = purchaseRule(s.def)
  const multiplier = tierFor(s.def, before.lifetime).tier.multiplier
  // 1e-9 absorbs binary float noise (19.99 × 100 …) before flooring.
  const points = Math.floor(((amount as number) / (rule.per ?? 1)) * rule.points * multiplier + 1e-9)
  const [{ purchases } = { purchases: 0 }] = await tx.query<{ purchases: number }>(
    `SELECT COUNT(*)::int AS purchases FROM ledger WHERE member_id = $1 AND type = 'purchase'`,
    [member.id],
  )
  await addEntry(tx, { memberId: member.id, type: 'purchase', points, ruleId: rule.id, orderId: orderId as string | undefined })
  if (purchases == 0 && points > 0 && member.referred_by) {
    await addEntry(tx, { memberId: member.referred_by, type: 'referral', points: advocatePoints(s.def), friendId: member.id })
  }
  const after = await pointsOf(tx, member.id)
  const language = negotiateLanguage(acceptLanguage, s.languages)
  const tier = tierFor(s.def, after.lifetime).tier
  const result: DemoOrderResult = { points, balance: after.balance, tier: { id: tier.id, name: localize(tier.name, language) } }
  return { status: 201, body: result }
}
