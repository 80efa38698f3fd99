/**
 * Rate limits shared by every replica (rows in the database), per client address:
 * sign-ups, claims, redemptions, referral lookups and counted widget opens, each N per minute.
 */
import type { Db } from '../db/index.ts'
import { DomainError } from '../errors.ts'
import * as buckets from '../repositories/rate-limits.ts'

export type LimitedAction = 'signup' | 'claim' | 'redeem' | 'referral' | 'open'
export type Limits = Record<LimitedAction, number>

const WINDOW_MS = 60_000

const MESSAGES: Record<LimitedAction, string> = {
  signup: 'Too many sign-ups from your network.',
  claim: 'Too many claims from your network.',
  redeem: 'Too many redemptions from your network.',
  referral: 'Too many referral look-ups from your network.',
  open: 'Too many widget opens from your network.',
}

export interface RateLimiter {
  /** Counts one `action` for `client` (an address key); throws 429 with Retry-After when over the limit. */
  take(action: LimitedAction, client: string): Promise<void>
  /** Drops full buckets. */
  sweep(): Promise<void>
}

export function rateLimiter(db: Db, programKey: string, limits: Limits): RateLimiter {
  return {
    async take(action, client) {
      const limit = limits[action]
      const wait = limit <= 0 ? WINDOW_MS / 1000 : await buckets.takeToken(db, `${programKey}:${action}:${client}`, WINDOW_MS / limit, WINDOW_MS)
      if (wait > 0) throw new DomainError('rate_limited', `${MESSAGES[action]} Try again in ${wait} s.`, { retryAfter: wait })
    },
    sweep: () => buckets.deleteFull(db),
  }
}
