/**
 * CORS for the API (Hono's cors middleware): only the program's allowed origins
 * and the server's own origin get CORS headers; any other Origin is refused with
 * 403 before a route runs. No credentials: tokens travel in Authorization. The
 * program by key (`GET /programs/{key}`) is public: `*` for every origin.
 */
import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { AppEnv } from '../context.ts'
import { DomainError } from '../errors.ts'
import { browserRefused } from './api-key.ts'
import { isKeyRoute, isPublicRead } from './operation-match.ts'

/** The shopper's methods: the store's routes (DELETE among them) are never called cross-origin. */
export const ALLOWED_METHODS = ['GET', 'POST', 'OPTIONS']
export const ALLOWED_HEADERS = ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Loyalkit-Program', 'Accept-Language', 'If-None-Match']
export const EXPOSED_HEADERS = ['Retry-After', 'ETag', 'Idempotent-Replayed', 'X-Request-Id']
export const PREFLIGHT_MAX_AGE = 600

/** An Origin is allowed when listed, or when it is this server's own (same Host, plain HTTP or HTTPS). */
export function originAllowed(origin: string, host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (allowed.has(origin)) return true
  const own = host?.toLowerCase()
  return !!own && (origin.toLowerCase() == `http://${own}` || origin.toLowerCase() == `https://${own}`)
}

export function apiCors(allowed: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  const headers = cors({
    origin: (origin, c) => (origin && originAllowed(origin, c.req.header('host'), allowed) ? origin : null),
    allowMethods: ALLOWED_METHODS,
    allowHeaders: ALLOWED_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE,
  })
  return async (c, next) => {
    const origin = c.req.header('origin')
    // The store's routes take a secret key, from a server: a browser gets no CORS headers and a 403.
    const method = c.req.method == 'OPTIONS' ? (c.req.header('access-control-request-method') ?? 'OPTIONS') : c.req.method
    if (isKeyRoute(method.toUpperCase(), c.req.path.replace(/^\/v1/, ''))) {
      if (origin !== undefined) throw browserRefused()
      return next()
    }
    if (isPublicRead(method.toUpperCase(), c.req.path.replace(/^\/v1/, ''))) {
      // The program by key: public data, the same for every page, so one cached copy serves all
      // (`*`, and no `Vary: Origin`). A simple GET needs no preflight; one with If-None-Match does.
      if (c.req.method == 'OPTIONS') {
        return c.body(null, 204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, HEAD',
          'Access-Control-Allow-Headers': 'Accept-Language, If-None-Match',
          'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE),
        })
      }
      await next()
      c.header('Access-Control-Allow-Origin', '*')
      c.header('Access-Control-Expose-Headers', 'ETag')
      return
    }
    if (origin !== undefined && !originAllowed(origin, c.req.header('host'), allowed)) {
      // No CORS headers: the browser hides this answer from the page.
      throw new DomainError('origin_not_allowed', `Origin ${origin.slice(0, 200)} is not allowed to call this loyalty program.`)
    }
    c.set('origin', origin)
    // Hono's cors adds `Vary: Origin` to every answer, errors included: answers that
    // may be cached (GET /program, /referrals) must be keyed on Origin.
    return headers(c, next)
  }
}
