/**
 * What every /v1 route does the same way, the shopper's and the store's: the program
 * header checked, localized answers labelled, a POST run once under its Idempotency-Key.
 */
import type { Context } from 'hono'
import { HEADER_IDEMPOTENCY, HEADER_PROGRAM } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import type { Db } from '../db/index.ts'
import { type DomainError, invalid, notFound } from '../errors.ts'
import { optionalAuth, requireAuth } from '../http/auth.ts'
import { readJson } from '../http/body.ts'
import { type Reply, runKeyed, shopperKey } from '../http/idempotency.ts'
import { clientKey, ownOrigin } from '../http/request.ts'
import type { LimitedAction } from '../services/rate-limits.ts'
import type { CustomerClaims } from '../tokens.ts'

type C = Context<AppEnv>

/** The program this request names (X-Loyalkit-Program): this server has exactly one. */
export function requireProgram(c: C, deps: Deps): void {
  const key = c.req.header(HEADER_PROGRAM)
  if (!key) throw invalid(`Send the ${HEADER_PROGRAM} header with the program key.`)
  if (key !== deps.def.key) throw notFound(`There is no loyalty program "${key.slice(0, 100)}" here.`)
}

/** The headers of an answer in the negotiated language. */
export function localized(c: C): Record<string, string> {
  return { 'Content-Language': c.get('language'), Vary: 'Accept-Language' }
}

/** Where referral links point: the program's store URL, else the calling page's origin, else this server. */
export function referralBase(c: C, deps: Deps): string {
  return deps.def.storeUrl ?? c.get('origin') ?? ownOrigin(c)
}

/** The operation under its Idempotency-Key, bound to (method, path, principal, body). */
export function runIdempotent(
  c: C,
  deps: Deps,
  key: string,
  principal: string,
  body: unknown,
  execute: (tx: Db) => Promise<Reply>,
  o: { before?: () => Promise<void>; stores?: (error: DomainError) => boolean } = {},
): Promise<Response> {
  return runKeyed(deps.idempotency, c.req, { programKey: deps.def.key, key, principal, body, execute, ...o })
}

/** An idempotent POST of the shopper: key, body, customer token, rate limit, then the operation in one transaction. */
export async function idempotentPost(
  c: C,
  deps: Deps,
  o: { auth: 'required' | 'optional'; limit: LimitedAction },
  execute: (tx: Db, body: Record<string, unknown>, claims: CustomerClaims | undefined) => Promise<Reply>,
): Promise<Response> {
  requireProgram(c, deps)
  const key = shopperKey(c.req.header(HEADER_IDEMPOTENCY))
  const body = await readJson(c)
  const claims = o.auth == 'required' ? await requireAuth(c, deps) : await optionalAuth(c, deps)
  return runIdempotent(c, deps, key, claims?.sub ?? '', body, (tx) => execute(tx, body, claims), {
    before: () => deps.limits.take(o.limit, clientKey(c, deps)),
  })
}
