/**
 * The `/v1` endpoint contract (spec §3, types in src/core/contract.ts).
 *
 *   GET  /v1/program                    program in the request's language (ETag, 304)
 *   POST /v1/members                    sign-up → 201 { member, token }
 *   GET  /v1/members/me                 the token's member
 *   GET  /v1/members/me/activity        ledger entries, newest first, keyset cursor
 *   POST /v1/members/me/redemptions     { rewardId } → 201 RedemptionResult
 *   POST /v1/members/me/claims          { ruleId } → 201 ClaimResult
 *   GET  /v1/referrals/{code}           public: what a referred friend gets
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HEADER_IDEMPOTENCY, HEADER_PROGRAM, type ClaimResult, type RedemptionResult, type ReferralOffer, type SignUpResult } from '../../src/core/contract.ts'
import { checkOrigin, corsHeaders, preflightHeaders } from './cors.ts'
import type { Db } from './db/index.ts'
import { HttpProblem, header, invalid, notFound, readJson, send, serverError, type Reply } from './http.ts'
import { fingerprint } from './idempotency.ts'
import { couponCode, randomId, referralCode } from './ids.ts'
import { negotiateLanguage } from './i18n.ts'
import { ACTIVITY_DEFAULT_LIMIT, ACTIVITY_MAX_LIMIT, activityPage, addEntry, pointsOf } from './ledger.ts'
import { claimPeriod, findByReferralCode, findMemberByToken, insertMember, memberView, type MemberRow } from './members.ts'
import { signupBonus } from './program.ts'
import { clientIp, referralBase, type Services } from './services.ts'
import { bearer, unauthorized, type CustomerClaims } from './tokens.ts'
import { validateId, validateSignUp } from './validate.ts'

/** A request to an API route, after CORS, routing and the program check. */
export interface ApiContext {
  s: Services
  req: IncomingMessage
  url: URL
  /** Path under /v1, e.g. `/members/me`. */
  path: string
  params: string[]
  language: string
  /** The request's Origin when it is an allowed cross-origin (or same-origin) caller. */
  origin: string | undefined
}

type Handler = (ctx: ApiContext) => Promise<Reply>

const ROUTES: { method: 'GET' | 'POST'; path: string; pattern: RegExp; handler: Handler }[] = [
  { method: 'GET', path: '/program', pattern: /^\/program$/, handler: getProgram },
  { method: 'POST', path: '/members', pattern: /^\/members$/, handler: signUp },
  { method: 'GET', path: '/members/me', pattern: /^\/members\/me$/, handler: getMe },
  { method: 'GET', path: '/members/me/activity', pattern: /^\/members\/me\/activity$/, handler: getActivity },
  { method: 'POST', path: '/members/me/redemptions', pattern: /^\/members\/me\/redemptions$/, handler: redeem },
  { method: 'POST', path: '/members/me/claims', pattern: /^\/members\/me\/claims$/, handler: claim },
  { method: 'GET', path: '/referrals/{code}', pattern: /^\/referrals\/([^/]+)$/, handler: getReferral },
]

/** The routes under /v1 as documented in docs/openapi.yaml (checked by a test). */
export const API_ROUTES: readonly { method: string; path: string }[] = ROUTES.map(({ method, path }) => ({ method, path }))

export async function handleApi(s: Services, req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> {
  const base: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }
  const cors = checkOrigin(req, s.allowedOrigins)
  if (!cors.allowed) {
    // No CORS headers: the browser hides this answer from the page.
    return send(res, new HttpProblem(403, 'invalid_request', `Origin ${cors.origin} is not allowed to call this loyalty program.`).toReply(), base)
  }
  Object.assign(base, corsHeaders(cors.origin))
  if (req.method == 'OPTIONS') {
    const preflight = cors.origin && header(req, 'access-control-request-method')
    return send(res, { status: 204, headers: preflight ? preflightHeaders(cors.origin!) : { Allow: 'GET, POST, OPTIONS' } }, base)
  }
  let reply: Reply
  try {
    const method = req.method == 'HEAD' ? 'GET' : req.method
    const matches = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).filter((x) => x.m)
    if (!matches.length) throw notFound(`There is no ${path} in the v1 API.`)
    const found = matches.find((x) => x.r.method == method)
    if (!found) {
      throw new HttpProblem(405, 'invalid_request', `Use ${matches.map((x) => x.r.method).join(' or ')} for ${path}.`, {
        headers: { Allow: matches.map((x) => x.r.method).join(', ') },
      })
    }
    const program = header(req, HEADER_PROGRAM)
    if (!program) throw invalid(`Send the ${HEADER_PROGRAM} header with the program key.`)
    if (program !== s.def.key) throw notFound(`There is no loyalty program "${program.slice(0, 100)}" here.`)
    const language = negotiateLanguage(header(req, 'accept-language'), s.languages)
    reply = await found.r.handler({ s, req, url, path, params: found.m!.slice(1), language, origin: cors.origin })
  } catch (error) {
    if (error instanceof HttpProblem) reply = error.toReply()
    else {
      s.log.error(`${req.method} ${url.pathname} failed`, error)
      reply = serverError().toReply()
    }
  }
  const vary = [cors.origin && 'Origin', reply.headers?.Vary].filter(Boolean).join(', ')
  send(res, { ...reply, headers: { ...reply.headers, ...(vary && { Vary: vary }) } }, base)
}

// ---- helpers -------------------------------------------------------------

async function requireAuth(ctx: ApiContext): Promise<CustomerClaims> {
  const token = bearer(header(ctx.req, 'authorization'))
  if (token === undefined) throw unauthorized('Send the customer token as Authorization: Bearer <token>.', true)
  return ctx.s.keys.verify(token)
}

async function optionalAuth(ctx: ApiContext): Promise<CustomerClaims | undefined> {
  const token = bearer(header(ctx.req, 'authorization'))
  return token === undefined ? undefined : ctx.s.keys.verify(token)
}

function idempotencyKey(ctx: ApiContext): string {
  const key = header(ctx.req, HEADER_IDEMPOTENCY)
  if (!key) throw invalid(`Send an ${HEADER_IDEMPOTENCY} header (one UUID per user action, reused on retries).`)
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw invalid(`The ${HEADER_IDEMPOTENCY} must be 1–255 visible ASCII characters.`)
  return key
}

/** Common shape of the POST routes: key, body, principal, then the idempotent operation. */
async function idempotentPost(
  ctx: ApiContext,
  auth: 'required' | 'optional',
  execute: (tx: Db, body: Record<string, unknown>, claims: CustomerClaims | undefined) => Promise<Reply>,
  before?: () => void,
): Promise<Reply> {
  const key = idempotencyKey(ctx)
  const { value: body } = await readJson(ctx.req)
  const claims = auth == 'required' ? await requireAuth(ctx) : await optionalAuth(ctx)
  return ctx.s.idempotency.run({
    programKey: ctx.s.def.key,
    key,
    fingerprint: fingerprint('POST', '/v1' + ctx.path, claims?.sub ?? '', body),
    before,
    execute: (tx) => execute(tx, body, claims),
  })
}

async function memberOf(ctx: ApiContext, db: Db, claims: CustomerClaims, lock = false): Promise<MemberRow> {
  const member = await findMemberByToken(db, ctx.s.def.key, claims, lock)
  if (!member) throw notFound('This customer is not a member yet. Sign up to join the program.')
  return member
}

const localized = (ctx: ApiContext) => ({ 'Content-Language': ctx.language, Vary: 'Accept-Language' })

// ---- routes --------------------------------------------------------------

async function getProgram(ctx: ApiContext): Promise<Reply> {
  const rendered = ctx.s.render(ctx.language)
  const headers = {
    ETag: rendered.etag,
    'Cache-Control': 'public, max-age=60',
    Vary: 'Accept-Language, X-Loyalkit-Program',
    'Content-Language': rendered.language,
  }
  if (etagMatches(header(ctx.req, 'if-none-match'), rendered.etag)) return { status: 304, headers }
  return { status: 200, body: rendered.json, contentType: 'application/json', headers }
}

/** `If-None-Match` (weak comparison, lists and `*`) against our strong ETag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() == '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') == etag)
}

async function signUp(ctx: ApiContext): Promise<Reply> {
  const { s } = ctx
  const rateLimit = () => {
    const wait = s.signupLimiter.take(clientIp(ctx.req))
    if (wait) throw new HttpProblem(429, 'rate_limited', `Too many sign-ups from your network. Try again in ${wait} s.`, { retryAfter: wait })
  }
  return idempotentPost(
    ctx,
    'optional',
    async (tx, body, claims) => {
      const { input, errors } = validateSignUp(body)
      if (errors.length) throw invalid('Some fields need attention.', errors)
      let referredBy: string | null = null
      if (input.referralCode) {
        const advocate = await findByReferralCode(tx, s.def.key, input.referralCode)
        if (!advocate) throw invalid('This referral code does not exist.', [{ field: 'referralCode', code: 'unknown' }])
        referredBy = advocate.id
      }
      // A token names a member by customer id, or by member id for tokens this server issued
      // at sign-up: either way, that shopper is already a member.
      const customerTaken = async () =>
        claims &&
        (await tx.query('SELECT 1 FROM members WHERE program_key = $1 AND (customer_id = $2 OR id = $2)', [s.def.key, claims.sub])).length > 0
      const alreadyMember = () =>
        new HttpProblem(422, 'invalid_request', 'This customer is already a member.', { errors: [{ field: 'authorization', code: 'already_member' }] })
      if (await customerTaken()) throw alreadyMember()

      let row: MemberRow | null = null
      for (let attempt = 0; !row && attempt < 5; attempt++) {
        row = await insertMember(tx, s.def.key, {
          id: randomId('mem'),
          email: input.email,
          customerId: claims?.sub ?? null,
          name: input.name ?? null,
          birthday: input.birthday ?? null,
          marketing: input.consent.marketing,
          referralCode: referralCode(),
          referredBy,
        })
        if (row) break
        // A unique key was taken: the email, the customer, or (rarely) the random referral code.
        const email = await tx.query('SELECT 1 FROM members WHERE program_key = $1 AND lower(email) = lower($2)', [s.def.key, input.email])
        if (email.length) {
          throw new HttpProblem(422, 'email_taken', 'This email is already a member. Sign in to see your points.', {
            errors: [{ field: 'email', code: 'email_taken' }],
          })
        }
        if (await customerTaken()) throw alreadyMember()
      }
      if (!row) throw new Error('could not allocate a unique referral code')
      await addEntry(tx, { memberId: row.id, type: 'signup', points: signupBonus(s.def), ruleId: s.def.rules.find((r) => r.kind == 'signup')?.id })
      const member = await memberView(tx, s.def, row, ctx.language, referralBase(s, ctx.req, ctx.origin))
      const { token } = await s.keys.sign({ sub: row.customer_id ?? row.id, email: row.email })
      const result: SignUpResult = { member, token }
      return { status: 201, body: result, headers: localized(ctx) }
    },
    rateLimit,
  )
}

async function getMe(ctx: ApiContext): Promise<Reply> {
  const claims = await requireAuth(ctx)
  const member = await findMemberByToken(ctx.s.db, ctx.s.def.key, claims)
  // Not an error: the store knows this shopper, who has not joined yet. A 404 would put
  // a red "Failed to load resource" line in the host page's console on every page view.
  if (!member) return { status: 204, headers: { 'Cache-Control': 'no-store' } }
  const view = await memberView(ctx.s.db, ctx.s.def, member, ctx.language, referralBase(ctx.s, ctx.req, ctx.origin))
  return { status: 200, body: view, headers: localized(ctx) }
}

async function getActivity(ctx: ApiContext): Promise<Reply> {
  const claims = await requireAuth(ctx)
  const cursor = ctx.url.searchParams.get('cursor') || null
  const limitParam = ctx.url.searchParams.get('limit')
  let limit = ACTIVITY_DEFAULT_LIMIT
  if (limitParam !== null && limitParam !== '') {
    if (!/^\d{1,6}$/.test(limitParam) || Number(limitParam) < 1) {
      throw new HttpProblem(400, 'invalid_request', `limit is a whole number from 1 to ${ACTIVITY_MAX_LIMIT}.`, { errors: [{ field: 'limit', code: 'invalid' }] })
    }
    limit = Math.min(Number(limitParam), ACTIVITY_MAX_LIMIT)
  }
  const member = await memberOf(ctx, ctx.s.db, claims)
  const page = await activityPage(ctx.s.db, ctx.s.def, member.id, ctx.language, cursor, limit)
  return { status: 200, body: page, headers: localized(ctx) }
}

async function redeem(ctx: ApiContext): Promise<Reply> {
  const { s } = ctx
  return idempotentPost(ctx, 'required', async (tx, body, claims) => {
    const { id, errors } = validateId(body, 'rewardId')
    if (errors.length) throw invalid('Say which reward to redeem.', errors)
    const reward = s.def.rewards.find((r) => r.id == id)
    if (!reward) throw new HttpProblem(422, 'reward_unavailable', 'This reward is not available.')
    // The row lock serializes redemptions of one member: the sum below cannot go stale.
    const member = await memberOf(ctx, tx, claims!, true)
    const { balance } = await pointsOf(tx, member.id)
    if (balance < reward.cost) {
      throw new HttpProblem(422, 'insufficient_points', `This reward costs ${reward.cost} points and the balance is ${balance}.`)
    }
    const redemption = { id: randomId('red'), rewardId: reward.id, code: reward.kind == 'donation' ? null : couponCode(s.def.couponPrefix), points: reward.cost }
    await tx.query('INSERT INTO redemptions (id, member_id, reward_id, code, points) VALUES ($1, $2, $3, $4, $5)', [
      redemption.id,
      member.id,
      redemption.rewardId,
      redemption.code,
      redemption.points,
    ])
    await addEntry(tx, { memberId: member.id, type: 'redemption', points: -reward.cost, rewardId: reward.id, redemptionId: redemption.id })
    const result: RedemptionResult = { redemption, balance: balance - reward.cost }
    return { status: 201, body: result }
  })
}

async function claim(ctx: ApiContext): Promise<Reply> {
  const { s } = ctx
  return idempotentPost(ctx, 'required', async (tx, body, claims) => {
    const { id, errors } = validateId(body, 'ruleId')
    if (errors.length) throw invalid('Say which rule to claim.', errors)
    const rule = s.def.rules.find((r) => r.id == id)
    if (!rule) throw invalid('There is no such way to earn points.', [{ field: 'ruleId', code: 'unknown' }])
    if (!rule.claimable) throw invalid('These points are awarded automatically, not claimed.', [{ field: 'ruleId', code: 'not_claimable' }])
    const member = await memberOf(ctx, tx, claims!, true)
    if (rule.kind == 'birthday' && !member.birthday) {
      throw invalid('Birthday points need a birthday on the membership.', [{ field: 'ruleId', code: 'no_birthday' }])
    }
    const inserted = await tx.query(
      'INSERT INTO claims (member_id, rule_id, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING rule_id',
      [member.id, rule.id, claimPeriod(rule.kind)],
    )
    if (!inserted.length) {
      throw new HttpProblem(422, 'already_claimed', rule.kind == 'birthday' ? 'Birthday points were already claimed this year.' : 'These points were already claimed.')
    }
    await addEntry(tx, { memberId: member.id, type: 'claim', points: rule.points, ruleId: rule.id })
    const { balance } = await pointsOf(tx, member.id)
    const result: ClaimResult = { ruleId: rule.id, points: rule.points, balance }
    return { status: 201, body: result }
  })
}

async function getReferral(ctx: ApiContext): Promise<Reply> {
  let code: string
  try {
    code = decodeURIComponent(ctx.params[0]!)
  } catch {
    throw notFound('There is no such referral code.')
  }
  const advocate = /^[A-Za-z0-9_-]{1,64}$/.test(code) ? await findByReferralCode(ctx.s.db, ctx.s.def.key, code) : null
  if (!advocate) throw notFound('There is no such referral code.')
  const offer: ReferralOffer = { code: advocate.referral_code, friend: ctx.s.render(ctx.language).program.referral.friend }
  return { status: 200, body: offer, headers: { ...localized(ctx), 'Cache-Control': 'public, max-age=60' } }
}
