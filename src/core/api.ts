import ky, { HTTPError, type KyInstance } from 'ky'
import * as v from 'valibot'
import { HEADER_IDEMPOTENCY, HEADER_PROGRAM, type ErrorCode } from './contract.ts'
import { LoyaltyError } from './errors.ts'
import { ProblemSchema } from './schemas.ts'

export interface ApiOptions {
  endpoint: string
  program: string
  /** Current `Accept-Language`. */
  language: () => string
  /**
   * Binds a request, as it starts, to the shopper of the moment. The result gives its bearer token (refreshed
   * ahead of expiry by the caller), or with `true`, once after a 401, a new one (null: the 401 stands). It
   * throws once that shopper has changed: a request never goes out with another shopper's token.
   */
  auth: () => (renew?: true) => Promise<string | null | undefined>
  fetch?: typeof fetch
  /** Total retries per request (default 2). Tests of error states set 0. */
  retries?: number
  /** Per-attempt timeout in ms (default 10 s). A GET, retries included, gets twice this in total. */
  timeout?: number
}

export interface CallOptions {
  json?: unknown
  /** Idempotency key of the user action (POST only). */
  key?: string
  auth?: boolean
  searchParams?: Record<string, string>
  /** The path carries the program key: no X-Loyalkit-Program header. */
  keyInPath?: boolean
}

/** The longest Retry-After (s) the client waits out itself before retrying. */
const MAX_RETRY_AFTER = 10

const SERVER_CODES: readonly string[] = [
  'invalid_request',
  'unauthorized',
  'email_taken',
  'insufficient_points',
  'reward_unavailable',
  'already_claimed',
  'rate_limited',
  'idempotency_conflict',
  'not_found',
]

/** Turn anything thrown by ky or fetch into a LoyaltyError with a code. */
async function toError(error: unknown, operation: string): Promise<LoyaltyError> {
  if (error instanceof LoyaltyError) return error
  if (error instanceof HTTPError) {
    const { status, headers } = error.response
    let body: v.InferOutput<typeof ProblemSchema> = {}
    try {
      // safeParse, as for every answer: `parse` would bundle valibot's error class for this one use.
      const problem = v.safeParse(ProblemSchema, await error.response.clone().json())
      if (problem.success) body = problem.output
    } catch {}
    const code = SERVER_CODES.includes(body.code!)
      ? (body.code as ErrorCode)
      : status == 401
        ? 'unauthorized'
        : status == 404
          ? 'not_found'
          : status == 429
            ? 'rate_limited'
            : status >= 500
              ? 'server_error'
              : 'invalid_request'
    const retryAfter = Number(headers.get('retry-after')) || body.retryAfter || 0
    return new LoyaltyError(code, body.detail || body.title || `HTTP ${status}`, operation, { status, retryAfter, fields: body.errors || [] })
  }
  // ky's per-attempt TimeoutError, or the DOMException of a GET's total time limit.
  if ((error as Error)?.name == 'TimeoutError') return new LoyaltyError('timeout', 'The loyalty service took too long to answer', operation)
  return new LoyaltyError('network_error', 'The loyalty service could not be reached', operation)
}

export type Api = <T>(operation: string, method: 'get' | 'post', path: string, schema: v.GenericSchema<unknown, T>, options?: CallOptions) => Promise<T>

/** ky with the retry policy every call shares. */
function httpOf(o: ApiOptions, timeout: number): KyInstance {
  return ky.create({
    prefixUrl: o.endpoint,
    timeout,
    fetch: o.fetch,
    credentials: 'omit',
    retry: {
      limit: o.retries ?? 2,
      // POSTs are safe to retry because every one carries its Idempotency-Key.
      methods: ['get', 'post'],
      statusCodes: [408, 409, 429, 500, 502, 503, 504],
      afterStatusCodes: [409, 429, 503],
      maxRetryAfter: MAX_RETRY_AFTER * 1000,
      backoffLimit: 5_000,
      jitter: true,
      retryOnTimeout: true,
      // Honour a Retry-After longer than we would wait by not retrying early (ky would retry at
      // maxRetryAfter): the caller gets `retryAfter` and shows "try again in N".
      shouldRetry: ({ error }) => (error instanceof HTTPError && Number(error.response.headers.get('retry-after')) > MAX_RETRY_AFTER ? false : undefined),
    },
  })
}

/** The HTTP client of the contract: headers, retries, 401 renewal, typed errors, validated bodies. */
export function createApi(o: ApiOptions): Api {
  const timeout = o.timeout ?? 10_000
  const http = httpOf(o, timeout)

  return async function call(operation, method, path, schema, c = {}) {
    const send = async (token?: string | null) => {
      const headers: Record<string, string> = { 'Accept-Language': o.language() }
      // Named by the header unless the address names it (a simple GET, which needs no preflight).
      if (!c.keyInPath) headers[HEADER_PROGRAM] = o.program
      if (token) headers.Authorization = 'Bearer ' + token
      if (c.key) headers[HEADER_IDEMPOTENCY] = c.key
      // A POST is retried only with its Idempotency-Key; a GET has a total time limit.
      return http(path, { method, headers, json: c.json, searchParams: c.searchParams, signal: limit.signal, ...(method == 'post' && !c.key && { retry: 0 }) })
    }
    // Bound now: a 401 met after the shopper changed is not renewed for the new one.
    const token = o.auth()
    // Twice the per-attempt timeout for the whole GET. A timer cleared when the call ends, not
    // AbortSignal.timeout: that one stays armed (and keeps ky's combined signals alive) for its full time.
    const limit = new AbortController()
    const timer = method == 'get' && setTimeout(() => limit.abort(new DOMException('', 'TimeoutError')), 2 * timeout)
    // The limit covers reading the body too.
    try {
      let response: Response
      try {
        try {
          response = await send(c.auth ? await token() : null)
        } catch (error) {
          if (!(c.auth && error instanceof HTTPError && error.response.status == 401)) throw error
          const renewed = await token(true)
          if (!renewed) throw error
          response = await send(renewed)
        }
      } catch (error) {
        throw await toError(error, operation)
      }
      let body: unknown
      try {
        // 204: the contract's "nothing here" (an identified shopper who has not joined).
        body = response.status == 204 ? null : await response.json()
      } catch {}
      const parsed = v.safeParse(schema, body)
      if (!parsed.success) {
        throw new LoyaltyError('invalid_response', `Unexpected answer from the loyalty service (${operation})`, operation)
      }
      return parsed.output
    } finally {
      clearTimeout(timer as never) // false (a POST) is ignored
    }
  }
}
