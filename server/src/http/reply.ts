/** Turning a route's Reply (the form idempotent answers are stored in) into a Response. */
import type { Reply } from './idempotency.ts'

export function toResponse(reply: Reply): Response {
  const headers = new Headers(reply.headers)
  let body: string | null = null
  if (typeof reply.body == 'string') body = reply.body
  else if (reply.body !== undefined) body = JSON.stringify(reply.body)
  if (body !== null) headers.set('Content-Type', reply.contentType ?? 'application/json')
  return new Response(reply.status == 204 || reply.status == 304 ? null : body, { status: reply.status, headers })
}
