/**
 * The store's secret API keys on the server-to-server routes: `Authorization:
 * Bearer <key>`, from a server only. A request that a browser sent (it carries
 * `Origin` or `Sec-Fetch-Site`) is refused whatever it holds: a key in a page is
 * a leaked key. Customer tokens are JWTs (three dot-separated parts): one sent
 * here is told which credential the route takes.
 */
import type { Context } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError } from '../errors.ts'
import { findActiveKey, touchKey } from '../repositories/api-keys.ts'
import { bearer, unauthorized } from '../tokens.ts'

export interface KeyPrincipal {
  id: string
  /** Who made a change, as the ledger and logs record it. */
  name: string
}

export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)

export const fromBrowser = (c: Context<AppEnv>): boolean => c.req.header('origin') !== undefined || c.req.header('sec-fetch-site') !== undefined

export const browserRefused = () =>
  new DomainError('forbidden', "This route takes the store's secret API key, which must never reach a browser: call it from the store's server.")

export async function requireKey(c: Context<AppEnv>, deps: Deps): Promise<KeyPrincipal> {
  if (fromBrowser(c)) throw browserRefused()
  const token = bearer(c.req.header('authorization'))
  if (token === undefined) throw unauthorized("Send the store's secret API key as Authorization: Bearer <key>.", true)
  if (looksLikeJwt(token)) throw unauthorized("This route takes the store's secret API key, not a customer token.")
  const key = await findActiveKey(deps.db, deps.def.key, token)
  if (!key) throw unauthorized('This API key is unknown or revoked.')
  touchKey(deps.db, key.id).catch(() => {})
  return { id: key.id, name: `api_key:${key.name}` }
}

/** On shopper routes: a secret key sent instead of a customer token is refused as such, and logged (it may have leaked). */
export async function refuseKey(c: Context<AppEnv>, token: string, deps: Deps): Promise<void> {
  const key = looksLikeJwt(token) ? null : await findActiveKey(deps.db, deps.def.key, token)
  if (key) {
    c.get('log').warn({ apiKey: key.prefix, path: c.req.path }, 'a secret API key was sent to a shopper route: if it came from a browser, rotate it')
    throw new DomainError('forbidden', "This route takes a customer token. Secret API keys belong on the store's server: rotate this one if it was in a page.")
  }
}
