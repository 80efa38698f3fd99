/**
 * Host allow-list: a page on another name that resolves to this server (DNS
 * rebinding) gets nothing. Health probes are exempt: load balancers call them
 * by address.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.ts'
import { DomainError } from '../errors.ts'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** `host[:port]` → the name, lower-cased; undefined when malformed. */
export function hostName(host: string | undefined): string | undefined {
  const m = host && /^((?:[a-z0-9-]+\.)*[a-z0-9-]+\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.exec(host)
  return m ? m[1]!.toLowerCase().replace(/\.$/, '') : undefined
}

/** `allowed` is a list of names (`shop.example`, `*.shop.example`) or '*' for any. */
export function hostAllowed(host: string | undefined, allowed: readonly string[] | '*', loopback: boolean): boolean {
  const name = hostName(host)
  if (!name) return false
  if (allowed == '*') return true
  if (loopback && LOOPBACK.has(name)) return true
  return allowed.some((a) => (a.startsWith('*.') ? name.endsWith(a.slice(1)) : name == a))
}

export function hostCheck(allowed: readonly string[] | '*', loopback: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.path == '/healthz' || c.req.path == '/readyz') return next()
    const host = c.req.header('host')
    if (!hostAllowed(host, allowed, loopback)) {
      throw new DomainError('host_not_allowed', `This server does not answer to the host "${(host ?? '').slice(0, 100)}".`)
    }
    return next()
  }
}
