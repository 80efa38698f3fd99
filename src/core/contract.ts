/**
 * The loyalty endpoint contract, v1. Mirrors docs/openapi.yaml: the SDK, the
 * reference server (demo/server) and the conformance suite (test/conformance)
 * all import these types, so a change here is a change to the contract.
 */

/** Machine codes of `application/problem+json` errors (RFC 9457). */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'email_taken'
  | 'insufficient_points'
  | 'reward_unavailable'
  | 'already_claimed'
  | 'rate_limited'
  | 'idempotency_conflict'
  | 'not_found'
  /** Unexpected failure of the service (5xx); safe to retry with the same Idempotency-Key. */
  | 'server_error'

export interface Problem {
  type: string
  title: string
  status: number
  code: ErrorCode
  detail?: string
  /** Field-level problems for `invalid_request`. */
  errors?: { field: string; code: string }[]
  /** Seconds, mirrors the `Retry-After` header for `rate_limited`. */
  retryAfter?: number
}

export type RuleKind = 'purchase' | 'signup' | 'birthday' | 'newsletter' | 'social_follow' | 'referral'

export interface EarningRule {
  id: string
  kind: RuleKind
  /** Display name in the request's language. */
  name: string
  points: number
  /** For `purchase`: points are awarded per this many currency units (1 point per 1 €: points 1, per 1). */
  per?: number
  /** True when the shopper claims it with a button (birthday, newsletter, social follow). */
  claimable: boolean
  /** For `social_follow`: the profile to follow. `https:` only. */
  url?: string
}

export type RewardKind = 'amount_off' | 'percent_off' | 'free_shipping' | 'free_product' | 'donation'

export interface Reward {
  id: string
  kind: RewardKind
  name: string
  description?: string
  /** Points it costs. */
  cost: number
  /** `amount_off`: currency units; `percent_off`: percent. */
  value?: number
  imageUrl?: string
}

export interface Tier {
  id: string
  name: string
  /** Lifetime points needed. */
  threshold: number
  /** Multiplier applied to purchase points. */
  multiplier: number
  perks: string[]
}

export interface FriendOffer {
  kind: 'percent_off' | 'amount_off'
  value: number
  description: string
}

export interface ReferralTerms {
  /** What a referred friend gets on their first order. */
  friend: FriendOffer
  /** Points the advocate earns when the friend makes a first purchase. */
  advocatePoints: number
}

export interface Program {
  key: string
  name: string
  /** ISO 4217. */
  currency: string
  signupBonus: number
  rules: EarningRule[]
  rewards: Reward[]
  tiers: Tier[]
  referral: ReferralTerms
  signupFields: { name: boolean; birthday: boolean; marketing: boolean }
  termsUrl: string
  privacyUrl: string
}

export interface Coupon {
  id: string
  rewardId: string
  name: string
  /** Null for rewards with nothing to enter at checkout (donations). */
  code: string | null
  points: number
  createdAt: string
}

export interface Member {
  id: string
  email: string
  name: string | null
  /** YYYY-MM-DD */
  birthday: string | null
  balance: number
  lifetimePoints: number
  tier: { id: string; name: string }
  /** Null at the top tier. */
  nextTier: { id: string; name: string; threshold: number; pointsNeeded: number } | null
  referral: { code: string; url: string; friendsJoined: number; pointsEarned: number }
  coupons: Coupon[]
  /** Ids of claimable rules this member can no longer claim. */
  claimedRules: string[]
  createdAt: string
}

export interface SignUpInput {
  email: string
  name?: string
  /** YYYY-MM-DD */
  birthday?: string
  consent: { terms: boolean; marketing: boolean }
  referralCode?: string
}

export interface SignUpResult {
  member: Member
  /** A customer token for the new member (same form as the store's tokens). */
  token: string
}

export type ActivityType = 'signup' | 'purchase' | 'claim' | 'redemption' | 'referral' | 'adjustment'

export interface ActivityEntry {
  id: string
  type: ActivityType
  /** Signed: redemptions are negative. */
  points: number
  description: string
  createdAt: string
}

export interface ActivityPage {
  entries: ActivityEntry[]
  nextCursor: string | null
}

export interface RedemptionResult {
  redemption: { id: string; rewardId: string; code: string | null; points: number }
  balance: number
}

export interface ClaimResult {
  ruleId: string
  points: number
  balance: number
}

export interface ReferralOffer {
  code: string
  friend: FriendOffer
}

/** Request headers every call carries. */
export const HEADER_PROGRAM = 'X-Loyalkit-Program'
export const HEADER_IDEMPOTENCY = 'Idempotency-Key'
