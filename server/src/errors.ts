/**
 * Every failure the server answers with, in one table: a kind (what went wrong,
 * as services and middleware say it) → HTTP status and the contract's `code`.
 * Services throw `DomainError`s and know nothing of HTTP; `problemResponse`
 * turns one into `application/problem+json` (RFC 9457).
 */
import type { ErrorCode, Problem } from 'loyalkit/contract'

export const PROBLEMS = {
  // The request itself
  invalid_request: { status: 400, code: 'invalid_request', title: 'Invalid request' },
  invalid_fields: { status: 422, code: 'invalid_request', title: 'Invalid request' },
  origin_not_allowed: { status: 403, code: 'invalid_request', title: 'Origin not allowed' },
  host_not_allowed: { status: 421, code: 'invalid_request', title: 'Host not allowed' },
  method_not_allowed: { status: 405, code: 'invalid_request', title: 'Method not allowed' },
  body_too_large: { status: 413, code: 'invalid_request', title: 'Body too large' },
  headers_too_large: { status: 431, code: 'invalid_request', title: 'Request headers too large' },
  request_timeout: { status: 408, code: 'invalid_request', title: 'Request timeout' },
  unsupported_media_type: { status: 415, code: 'invalid_request', title: 'Unsupported media type' },
  unauthorized: { status: 401, code: 'unauthorized', title: 'Unauthorized' },
  forbidden: { status: 403, code: 'forbidden', title: 'Forbidden' },
  not_found: { status: 404, code: 'not_found', title: 'Not found' },
  rate_limited: { status: 429, code: 'rate_limited', title: 'Too many requests' },
  // Idempotency-Key
  idempotency_running: { status: 409, code: 'idempotency_conflict', title: 'Idempotency key conflict' },
  idempotency_mismatch: { status: 422, code: 'idempotency_conflict', title: 'Idempotency key conflict' },
  // Domain rules
  email_taken: { status: 422, code: 'email_taken', title: 'Email already registered' },
  already_member: { status: 422, code: 'invalid_request', title: 'Already a member' },
  insufficient_points: { status: 422, code: 'insufficient_points', title: 'Not enough points' },
  reward_unavailable: { status: 422, code: 'reward_unavailable', title: 'Reward unavailable' },
  already_claimed: { status: 422, code: 'already_claimed', title: 'Already claimed' },
  order_conflict: { status: 409, code: 'order_conflict', title: 'Order already recorded differently' },
  coupon_used: { status: 409, code: 'coupon_used', title: 'Coupon already used' },
  version_conflict: { status: 409, code: 'version_conflict', title: 'Changed since you opened it' },
  coupon_expired: { status: 422, code: 'coupon_expired', title: 'Coupon expired' },
  coupon_not_applicable: { status: 422, code: 'coupon_not_applicable', title: 'Coupon not applicable' },
  // Ours
  server_error: { status: 500, code: 'server_error', title: 'Server error' },
  unavailable: { status: 503, code: 'server_error', title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; code: ErrorCode; title: string }>

export type ErrorKind = keyof typeof PROBLEMS

export interface FieldError {
  field: string
  code: string
}

export const PROBLEM_TYPE_BASE = 'urn:loyalkit:problem:'

/** A failure with a kind from PROBLEMS; `detail` is shown to people, so it says what to do. */
export class DomainError extends Error {
  readonly errors: FieldError[] | undefined
  readonly retryAfter: number | undefined
  readonly headers: Record<string, string>

  constructor(
    readonly kind: ErrorKind,
    readonly detail: string,
    extra: { errors?: FieldError[]; retryAfter?: number; headers?: Record<string, string> } = {},
  ) {
    super(detail)
    this.name = 'DomainError'
    this.errors = extra.errors
    this.retryAfter = extra.retryAfter
    this.headers = { ...extra.headers }
    if (extra.retryAfter !== undefined) this.headers['Retry-After'] = String(extra.retryAfter)
  }

  get status(): number {
    return PROBLEMS[this.kind].status
  }

  /** Business answers are stored under their Idempotency-Key and replayed; transient ones are not. */
  get storable(): boolean {
    return this.status < 500 && this.kind != 'rate_limited' && this.kind != 'idempotency_running'
  }

  toProblem(): Problem {
    const { code, title, status } = PROBLEMS[this.kind]
    return {
      type: PROBLEM_TYPE_BASE + code,
      title,
      status,
      code,
      detail: this.detail,
      ...(this.errors && { errors: this.errors }),
      ...(this.retryAfter !== undefined && { retryAfter: this.retryAfter }),
    }
  }
}

/** A request body or parameter that breaks the contract: 422 with the fields, or 400 without. */
export const invalid = (detail: string, errors?: FieldError[]) =>
  new DomainError(errors?.length ? 'invalid_fields' : 'invalid_request', detail, errors?.length ? { errors } : {})

export const notFound = (detail: string) => new DomainError('not_found', detail)

export const serverError = () => new DomainError('server_error', 'Something went wrong on our side. Please try again.')
