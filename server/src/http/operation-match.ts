/** Which requests under /v1 are for the store's routes (those that take a secret API key), by method and path. */
import { OPERATIONS } from 'loyalkit/contract'

const keyRoutes = OPERATIONS.filter((op) => op.auth == 'key').map((op) => ({
  method: op.method,
  pattern: new RegExp('^' + op.path.replace(/\{\w+\}/g, '[^/]+') + '/?$'),
}))

/** Whether a request (or the request a CORS preflight announces) is for a route that takes a secret API key. */
export function isKeyRoute(method: string, path: string): boolean {
  // /members/me and /members/me/… are the shopper's, whatever the method.
  if (/^\/members\/me(\/|$)/.test(path)) return false
  return keyRoutes.some((r) => (r.method == method || method == 'OPTIONS') && r.pattern.test(path))
}

/** `GET /programs/{key}`: public, for any origin (no credentials), so any cache or CDN may keep it. */
export const isPublicRead = (method: string, path: string): boolean => (method == 'GET' || method == 'HEAD') && /^\/programs\/[^/]+\/?$/.test(path)
