import type { ErrorCode } from './contract.ts'

/** Codes the SDK itself raises, beside the contract's server codes. */
export type ClientErrorCode =
  | ErrorCode
  | 'invalid_config'
  | 'invalid_argument'
  | 'network_error'
  | 'timeout'
  | 'server_error'
  | 'invalid_response'
  | 'unknown_command'
  | 'destroyed'
  | 'not_ready'

/** Codes of mistakes in the integration itself (reported to the console), not of the service. */
export const INTEGRATION_CODES: readonly ClientErrorCode[] = ['invalid_config', 'invalid_argument', 'unknown_command', 'not_ready']

/** Every failure the SDK reports is one of these: a code to branch on, a message to log. */
export class LoyaltyError extends Error {
  declare readonly code: ClientErrorCode
  /** The operation that failed, e.g. `signUp`, `init`. */
  declare readonly operation: string
  /** HTTP status when the server answered, else 0. */
  declare readonly status: number
  /** Seconds to wait before retrying (429), else 0. */
  declare readonly retryAfter: number
  /** Field problems of `invalid_request`. */
  declare readonly fields: { field: string; code: string }[]

  constructor(
    code: ClientErrorCode,
    message: string,
    operation = '',
    http?: { status: number; retryAfter: number; fields?: { field: string; code: string }[] },
  ) {
    super(message)
    // Plain assignments: class fields would cost a helper in every bundle.
    Object.assign(this, { name: 'LoyaltyError', code, operation, status: 0, retryAfter: 0, fields: [] }, http)
  }
}

/** A mistake in the integration: its message names the SDK, so the console line says where it came from. */
export const mistake = (code: ClientErrorCode, message: string, operation = 'init'): LoyaltyError => new LoyaltyError(code, 'loyalkit: ' + message, operation)
