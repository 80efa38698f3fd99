/** Which contract operation a request is, by method and path under /v1 (the table's order settles /members/me against /members/{id}). */
import { OPERATIONS, type Operation } from 'loyalkit/contract'

const compiled = OPERATIONS.map((op) => ({ op, pattern: new RegExp('^' + op.path.replace(/\{\w+\}/g, '[^/]+') + '/?$') }))

export function operationOf(method: string, path: string): Operation | undefined {
  return compiled.find((c) => c.op.method == method && c.pattern.test(path))?.op
}

/** Whether a request (or the request a CORS preflight announces) is for a route that takes a secret API key. */
export function isKeyRoute(method: string, path: string): boolean {
  // /members/me and /members/me/… are the shopper's, whatever the method.
  if (/^\/members\/me(\/|$)/.test(path)) return false
  return OPERATIONS.some((op) => op.auth == 'key' && compiled.find((c) => c.op == op)!.pattern.test(path) && (op.method == method || method == 'OPTIONS'))
}
