/**
 * HTTP plumbing shared by the routes: replies, RFC 9457 problems, JSON bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorCode, Problem } from '../../src/core/contract.ts'

/** What a handler answers; turned into bytes by `send`. Idempotent replies are stored in this form. */
export interface Reply {
  status: number
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
}

const TITLES: Record<ErrorCode, string> = {
  invalid_request: 'Invalid request',
  unauthorized: 'Unauthorized',
  email_taken: 'Email already registered',
  insufficient_points: 'Not enough points',
  reward_unavailable: 'Reward unavailable',
  already_claimed: 'Already claimed',
  rate_limited: 'Too many requests',
  idempotency_conflict: 'Idempotency key conflict',
  not_found: 'Not found',
  server_error: 'Server error',
}

export const PROBLEM_TYPE_BASE = 'urn:loyalkit:problem:'

/** A problem a handler throws; `send` turns it into `application/problem+json`. */
export class HttpProblem extends Error {
  readonly headers: Record<string, string>
  readonly errors: { field: string; code: string }[] | undefined
  readonly retryAfter: number | undefined

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    extra: { errors?: { field: string; code: string }[]; retryAfter?: number; headers?: Record<string, string> } = {},
  ) {
    super(detail)
    this.name = 'HttpProblem'
    this.errors = extra.errors
    this.retryAfter = extra.retryAfter
    this.headers = { ...extra.headers }
    if (extra.retryAfter !== undefined) this.headers['Retry-After'] = String(extra.retryAfter)
  }

  toProblem(): Problem {
    return {
      type: PROBLEM_TYPE_BASE + this.code,
      title: TITLES[this.code],
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...(this.errors && { errors: this.errors }),
      ...(this.retryAfter !== undefined && { retryAfter: this.retryAfter }),
    }
  }

  toReply(): Reply {
    return { status: this.status, body: this.toProblem(), contentType: 'application/problem+json', headers: this.headers }
  }
}

export const invalid = (detail: string, errors?: { field: string; code: string }[]) =>
  new HttpProblem(errors ? 422 : 400, 'invalid_request', detail, errors ? { errors } : {})

export const notFound = (detail: string) => new HttpProblem(404, 'not_found', detail)

export function serverError(): HttpProblem {
  return new HttpProblem(500, 'server_error', 'Something went wrong on our side. Please try again.')
}

/** Writes a reply (JSON unless the body is a string), merging `extra` headers. */
export function send(res: ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
  if (res.headersSent) return
  let payload: string | undefined
  let contentType = reply.contentType
  if (typeof reply.body == 'string') payload = reply.body
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body)
    contentType ??= 'application/json'
  }
  const headers: Record<string, string> = { ...extra, ...reply.headers }
  if (payload !== undefined) {
    const type = contentType ?? 'text/plain'
    headers['Content-Type'] = type.startsWith('text/') && !type.includes('charset') ? type + '; charset=utf-8' : type
    headers['Content-Length'] = String(Buffer.byteLength(payload))
  }
  res.writeHead(reply.status, headers)
  res.end(payload)
}

export const BODY_LIMIT = 16 * 1024

/**
 * Reads a JSON object body: 415 unless `application/json` (or `+json`), 413
 * past 16 KB, 400 for malformed JSON or a non-object. Returns the raw text too.
 */
export async function readJson(req: IncomingMessage): Promise<{ value: Record<string, unknown>; text: string }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (!(type == 'application/json' || /^application\/[\w.-]+\+json$/.test(type))) {
    throw new HttpProblem(415, 'invalid_request', 'Send the body as application/json.')
  }
  const declared = Number(req.headers['content-length'])
  if (declared > BODY_LIMIT) {
    req.resume() // discard it; the answer closes the connection
    throw tooLarge()
  }
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= BODY_LIMIT) return void chunks.push(chunk)
      done()
      req.resume() // keep discarding the rest, so the 413 can still be written
      reject(tooLarge())
    }
    const onEnd = () => {
      done()
      resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const onError = (error: Error) => {
      done()
      reject(error)
    }
    req.on('data', onData).on('end', onEnd).on('error', onError)
  })
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid('The body is not valid JSON.')
  }
  if (typeof value != 'object' || value === null || Array.isArray(value)) throw invalid('The body must be a JSON object.')
  return { value: value as Record<string, unknown>, text }
}

function tooLarge(): HttpProblem {
  // The rest of the body is not read: close the connection after answering.
  return new HttpProblem(413, 'invalid_request', `The body is larger than ${BODY_LIMIT / 1024} KB.`, { headers: { Connection: 'close' } })
}

/** A request header as one string (first value of repeated headers). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** `Host` if it is a plain host[:port] (it is echoed into pages and CORS checks), else undefined. */
export function safeHost(req: IncomingMessage): string | undefined {
  const host = header(req, 'host')
  return host && /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host) ? host.toLowerCase() : undefined
}
