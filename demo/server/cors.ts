/**
 * CORS for the API: only the program's allowed origins (plus the server's own
 * origin) get CORS headers; any other Origin is refused with 403.
 */
import type { IncomingMessage } from 'node:http'
import { header, safeHost } from './http.ts'

export const ALLOWED_METHODS = 'GET, POST, OPTIONS'
export const ALLOWED_HEADERS = 'Content-Type, Authorization, Idempotency-Key, X-Loyalkit-Program, Accept-Language, If-None-Match'
export const EXPOSED_HEADERS = 'Retry-After, ETag, Idempotent-Replayed'
export const PREFLIGHT_MAX_AGE = 600

export type CorsVerdict = { allowed: true; origin: string | undefined } | { allowed: false; origin: string }

/** No Origin (server-to-server, same-origin GET) is allowed without CORS headers. */
export function checkOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): CorsVerdict {
  const origin = header(req, 'origin')
  if (origin === undefined) return { allowed: true, origin: undefined }
  const host = safeHost(req)
  if (allowed.has(origin) || (host && origin.toLowerCase() == `http://${host}`)) return { allowed: true, origin }
  return { allowed: false, origin }
}

export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return {}
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS }
}

export function preflightHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE),
    Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  }
}
