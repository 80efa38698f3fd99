/** Errors → `application/problem+json` responses: the app's one error handler. */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../context.ts'
import { DomainError, serverError } from '../errors.ts'

/** The response of a DomainError, with its headers (Retry-After, WWW-Authenticate, …). */
export function problemResponse(error: DomainError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(error.toProblem()), {
    status: error.status,
    headers: { ...headers, ...error.headers, 'Content-Type': 'application/problem+json' },
  })
}

/** app.onError: domain errors answer as they say; anything else is logged and answered 500. */
export function onError(error: Error, _c: Context<AppEnv>): Response {
  if (error instanceof DomainError) return problemResponse(error)
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse(new DomainError('invalid_request', error.message || 'The request is malformed.'))
  }
  // Logged once, with the request, by requestLog (c.error).
  return problemResponse(serverError())
}
