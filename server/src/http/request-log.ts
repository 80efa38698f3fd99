/**
 * A request id per request (the caller's X-Request-Id when well-formed, else a new
 * one), echoed as X-Request-Id, and one structured log line per request: method,
 * path, status, time. Never tokens, emails, bodies or query strings.
 */
import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { AppEnv } from '../context.ts'

export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const id = incoming && /^[\w.:-]{1,64}$/.test(incoming) ? incoming : randomUUID()
    const child = log.child({ reqId: id })
    c.set('requestId', id)
    c.set('log', child)
    const started = performance.now()
    await next()
    c.header('X-Request-Id', id)
    const line = { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }
    // One line per request; a failure's line carries the error (its stack is for the operator only).
    if (c.res.status >= 500) child.error({ ...line, err: c.error }, 'request failed')
    else child.info(line, 'request')
  }
}
