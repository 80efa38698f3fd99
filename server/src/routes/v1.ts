/**
 * The `/v1` endpoint contract (docs/openapi.yaml, generated from the contract's
 * schemas). Routes do HTTP only: headers, bodies, status codes; the rules are in
 * services/, the SQL in repositories/.
 */
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import {
  ClaimInputSchema,
  ConsentInputSchema,
  ErasureInputSchema,
  HEADER_IDEMPOTENCY,
  HEADER_PROGRAM,
  OPERATIONS,
  ProfileInputSchema,
  RedemptionInputSchema,
  SignUpInputSchema,
} from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, invalid, notFound } from '../errors.ts'
import { optionalAuth, requireAuth } from '../http/auth.ts'
import { BODY_LIMIT, readJson, tooLarge, validate } from '../http/body.ts'
import { apiCors } from '../http/cors.ts'
import { idempotencyKey, runKeyed, type Reply } from '../http/idempotency.ts'
import { clientKey, ownOrigin } from '../http/request.ts'
import { toResponse } from '../http/reply.ts'
import { negotiateLanguage } from '../program/i18n.ts'
import type { Db } from '../db/index.ts'
import type { CustomerClaims } from '../tokens.ts'
import { claim } from '../services/claims.ts'
import { changeConsent, erase, exportMember } from '../services/member-admin.ts'
import { updateProfile } from '../services/profile.ts'
import { ACTIVITY_DEFAULT_LIMIT, ACTIVITY_MAX_LIMIT, activityPage, memberOffers, memberOfToken, memberView, requireMember } from '../services/members.ts'
import { redeem } from '../services/redemptions.ts'
import { referralOffer } from '../services/referrals.ts'
import { signUp } from '../services/signup.ts'
import type { LimitedAction } from '../services/rate-limits.ts'
import { countOpen } from '../repositories/widget-opens.ts'
import { storeRoutes } from './store.ts'

type C = Context<AppEnv>

export function v1Routes(deps: Deps): Hono<AppEnv> {
  const { def } = deps
  const app = new Hono<AppEnv>()
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', c.res.headers.get('Cache-Control') ?? 'no-store')
  })
  app.use('*', apiCors(deps.allowedOrigins))
  app.use('*', async (c, next) => {
    c.set('language', negotiateLanguage(c.req.header('accept-language'), deps.languages))
    return next()
  })
  app.post(
    '*',
    bodyLimit({
      maxSize: BODY_LIMIT,
      onError: () => {
        throw tooLarge()
      },
    }),
  )

  /** The program this request names (X-Loyalkit-Program): this server has exactly one. */
  const requireProgram = (c: C) => {
    const key = c.req.header(HEADER_PROGRAM)
    if (!key) throw invalid(`Send the ${HEADER_PROGRAM} header with the program key.`)
    if (key !== def.key) throw notFound(`There is no loyalty program "${key.slice(0, 100)}" here.`)
  }
  const localized = (c: C): Record<string, string> => ({ 'Content-Language': c.get('language'), Vary: 'Accept-Language' })
  /** Where referral links point: the program's store URL, else the calling page's origin, else this server. */
  const referralBase = (c: C) => def.storeUrl ?? c.get('origin') ?? ownOrigin(c)

  /** An idempotent POST of the shopper: key, body, customer token, rate limit, then the operation in one transaction. */
  const idempotentPost = async (
    c: C,
    o: { auth: 'required' | 'optional'; limit: LimitedAction },
    execute: (tx: Db, body: Record<string, unknown>, claims: CustomerClaims | undefined) => Promise<Reply>,
  ): Promise<Response> => {
    requireProgram(c)
    const key = idempotencyKey(c.req.header(HEADER_IDEMPOTENCY))
    const body = await readJson(c)
    const claims = o.auth == 'required' ? await requireAuth(c, deps) : await optionalAuth(c, deps)
    return runIdempotent(c, key, claims?.sub ?? '', body, (tx) => execute(tx, body, claims), { before: () => deps.limits.take(o.limit, clientKey(c, deps)) })
  }

  /** The operation under its Idempotency-Key, bound to (method, path, principal, body). */
  const runIdempotent = async (
    c: C,
    key: string,
    principal: string,
    body: unknown,
    execute: (tx: Db) => Promise<Reply>,
    o: { before?: () => Promise<void>; stores?: (error: DomainError) => boolean } = {},
  ) => runKeyed(deps.idempotency, c.req, { programKey: def.key, key, principal, body, execute, ...o })

  app.get('/program', (c) => {
    requireProgram(c)
    const rendered = deps.render(c.get('language'))
    const headers = {
      ETag: rendered.etag,
      'Cache-Control': 'public, max-age=60',
      Vary: 'Accept-Language, X-Loyalkit-Program',
      'Content-Language': rendered.language,
    }
    if (etagMatches(c.req.header('if-none-match'), rendered.etag)) return toResponse({ status: 304, headers })
    return toResponse({ status: 200, body: rendered.json, contentType: 'application/json', headers })
  })

  // The program by its key in the address: what a page fetches before anyone touches the widget.
  app.get('/programs/:key', (c) => {
    if (c.req.param('key') !== def.key) throw notFound(`There is no loyalty program "${c.req.param('key').slice(0, 100)}" here.`)
    const locale = c.req.query('locale')
    if (locale !== undefined && !(locale.length <= 35 && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(locale))) {
      throw new DomainError('invalid_request', 'locale is a BCP 47 language tag such as "lv" or "en-GB".', { errors: [{ field: 'locale', code: 'invalid' }] })
    }
    const language = locale === undefined ? c.get('language') : negotiateLanguage(locale, deps.languages)
    const rendered = deps.render(language)
    const headers: Record<string, string> = {
      ETag: rendered.etag,
      'Cache-Control': 'public, max-age=60, stale-while-revalidate=300',
      ...(locale === undefined && { Vary: 'Accept-Language' }),
      'Content-Language': rendered.language,
    }
    if (etagMatches(c.req.header('if-none-match'), rendered.etag)) return toResponse({ status: 304, headers })
    return toResponse({ status: 200, body: rendered.json, contentType: 'application/json', headers })
  })

  // A guest opened the panel: one more on today's counter (the console's sign-up conversion), nothing else kept.
  app.post('/programs/:key/opens', async (c) => {
    if (c.req.param('key') !== def.key) throw notFound(`There is no loyalty program "${c.req.param('key').slice(0, 100)}" here.`)
    // Allowed origins only (the CORS check has refused the others): a page's beacon, not a script's loop.
    if (!c.get('origin')) throw new DomainError('forbidden', 'Opens are counted from a page of an allowed origin (an Origin header).')
    await deps.limits.take('open', clientKey(c, deps))
    await countOpen(deps.db, def.key)
    return toResponse({ status: 204 })
  })

  app.post('/members', (c) =>
    idempotentPost(c, { auth: 'optional', limit: 'signup' }, async (tx, body, claims) => {
      const input = validate(SignUpInputSchema, body, 'Some fields need attention.')
      const base = referralBase(c)
      const result = await signUp(tx, deps, input, claims, (row) => memberView(tx, def, row, c.get('language'), base))
      return { status: 201, body: result, headers: localized(c) }
    }),
  )

  app.get('/members/me', async (c) => {
    requireProgram(c)
    const claims = await requireAuth(c, deps)
    const member = await memberOfToken(deps.db, def, claims)
    // Not an error: the store knows this shopper, who has not joined yet. A 404 would put
    // a red "Failed to load resource" line in the host page's console on every page view.
    if (!member) return toResponse({ status: 204 })
    const view = await memberView(deps.db, def, member, c.get('language'), referralBase(c))
    return toResponse({ status: 200, body: view, headers: localized(c) })
  })

  app.get('/members/me/activity', async (c) => {
    requireProgram(c)
    const claims = await requireAuth(c, deps)
    const cursor = c.req.query('cursor') || null
    const limitParam = c.req.query('limit')
    let limit = ACTIVITY_DEFAULT_LIMIT
    if (limitParam !== undefined && limitParam !== '') {
      if (!/^\d{1,6}$/.test(limitParam) || Number(limitParam) < 1) {
        throw new DomainError('invalid_request', `limit is a whole number from 1 to ${ACTIVITY_MAX_LIMIT}.`, { errors: [{ field: 'limit', code: 'invalid' }] })
      }
      limit = Math.min(Number(limitParam), ACTIVITY_MAX_LIMIT)
    }
    const member = await requireMember(deps.db, def, claims)
    const page = await activityPage(deps.db, def, member.id, c.get('language'), cursor, limit)
    return toResponse({ status: 200, body: page, headers: localized(c) })
  })

  app.get('/members/me/offers', async (c) => {
    requireProgram(c)
    const claims = await requireAuth(c, deps)
    const member = await requireMember(deps.db, def, claims)
    return toResponse({ status: 200, body: await memberOffers(deps.db, def, member) })
  })

  app.post('/members/me/redemptions', (c) =>
    idempotentPost(c, { auth: 'required', limit: 'redeem' }, async (tx, body, claims) => {
      const { rewardId } = validate(RedemptionInputSchema, body, 'Say which reward to redeem.')
      return { status: 201, body: await redeem(tx, def, claims!, rewardId) }
    }),
  )

  app.post('/members/me/claims', (c) =>
    idempotentPost(c, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      const { ruleId } = validate(ClaimInputSchema, body, 'Say which rule to claim.')
      return { status: 201, body: await claim(tx, def, claims!, ruleId) }
    }),
  )

  app.post('/members/me/consent', (c) =>
    idempotentPost(c, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      const { marketing } = validate(ConsentInputSchema, body, 'Say whether you want marketing emails.')
      const member = await requireMember(tx, def, claims!, true)
      await changeConsent(tx, def, member, marketing, 'widget')
      const view = await memberView(tx, def, { ...member, marketing }, c.get('language'), referralBase(c))
      return { status: 200, body: view, headers: localized(c) }
    }),
  )

  app.post('/members/me/profile', (c) =>
    idempotentPost(c, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      const input = validate(ProfileInputSchema, body, 'Say what to change: name, birthday or both.')
      const member = await updateProfile(tx, def, await requireMember(tx, def, claims!, true), input)
      return { status: 200, body: await memberView(tx, def, member, c.get('language'), referralBase(c)), headers: localized(c) }
    }),
  )

  app.get('/members/me/export', async (c) => {
    requireProgram(c)
    const member = await requireMember(deps.db, def, await requireAuth(c, deps))
    return toResponse({ status: 200, body: await exportMember(deps.db, def, member, c.get('language')), headers: localized(c) })
  })

  app.post('/members/me/erasure', (c) =>
    idempotentPost(c, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      validate(ErasureInputSchema, body, 'Confirm the erasure with {"confirm": "erase"}.')
      await erase(tx, def, await requireMember(tx, def, claims!, true), deps.returnsKey)
      return { status: 200, body: { erased: true } }
    }),
  )

  app.get('/referrals/:code', async (c) => {
    requireProgram(c)
    await deps.limits.take('referral', clientKey(c, deps))
    // Hono's param() is already percent-decoded: decoding again would make %2541 mean A.
    const code = c.req.param('code')
    const offer = await referralOffer(deps.db, def.key, code, deps.render(c.get('language')).program.referral.friend)
    return toResponse({ status: 200, body: offer, headers: { ...localized(c), 'Cache-Control': 'public, max-age=60' } })
  })

  storeRoutes(app, deps, { requireProgram, runIdempotent, localized })

  // A known path with another method: 405 with Allow, not 404 (the paths as the contract documents them;
  // a test checks that the routes above are exactly those).
  const methods = new Map<string, string[]>()
  for (const r of OPERATIONS) methods.set(r.path, [...(methods.get(r.path) ?? []), r.method])
  for (const [path, allowed] of methods) {
    app.all(path.replace(/\{(\w+)\}/g, ':$1'), () => {
      throw new DomainError('method_not_allowed', `Use ${allowed.join(' or ')} for ${path}.`, { headers: { Allow: allowed.join(', ') } })
    })
  }
  app.all('*', (c) => {
    throw notFound(`There is no ${c.req.path.slice(3) || '/'} in the v1 API.`)
  })
  return app
}

/** `If-None-Match` (weak comparison, lists and `*`) against our strong ETag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() == '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') == etag)
}
