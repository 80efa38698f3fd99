/**
 * The loyalty endpoint contract, v1, as TypeScript types. They are derived from
 * the valibot schemas in schemas.ts (the single source; docs/openapi.yaml is
 * generated from them), so the SDK, servers and the conformance suite cannot
 * drift apart. Responses are the schemas' output types; request bodies are their
 * input types (what a client sends, before the server normalises it).
 */
import type * as v from 'valibot'
import type * as s from './schemas.ts'

type Out<S extends v.GenericSchema> = v.InferOutput<S>
type In<S extends v.GenericSchema> = v.InferInput<S>
type Item<A extends readonly unknown[]> = A[number]
type Field<T, K extends keyof T> = T[K]
// Sub-shapes are nested in the bundled schemas (no variables of their own, to keep the bundle small).
type ProgramOut = Out<typeof s.ProgramSchema>
type MemberOut = Out<typeof s.MemberSchema>
type ActivityPageOut = Out<typeof s.ActivityPageSchema>

/** Machine codes of `application/problem+json` errors (RFC 9457); `server_error` is safe to retry with the same Idempotency-Key. */
export type ErrorCode = Out<typeof s.ErrorCodeSchema>

/**
 * RFC 9457 problem details. `errors`: field-level problems of `invalid_request`;
 * `retryAfter`: seconds, mirrors the `Retry-After` header of `rate_limited`.
 */
export interface Problem extends Out<typeof s.ProblemDetailsSchema> {}

export type RuleKind = EarningRule['kind']

/**
 * A way to earn points. `name` is in the request's language; `per` (purchase):
 * points are awarded per this many currency units; `claimable`: the shopper
 * claims it with a button; `url` (social_follow): the `https:` profile to follow;
 * `every` (punch_card): every this-many-th order earns `points` and, with
 * `rewardId`, that reward's coupon.
 */
export interface EarningRule extends Item<ProgramOut['rules']> {}

export type RewardKind = Reward['kind']

/** A reward costing `cost` points; `value` is currency units (amount_off) or percent (percent_off). */
export interface Reward extends Item<ProgramOut['rewards']> {}

/** A tier reached at `threshold` lifetime points; `multiplier` applies to purchase points. */
export interface Tier extends Item<ProgramOut['tiers']> {}

/**
 * A member-only offer (early access, a member price, a limited edition), listed to guests too.
 * `tier`: the id of the lowest tier it is open to, null for every member; `startsAt`/`endsAt`:
 * when it runs (null: no bound). Offers that have ended are not listed.
 */
export interface Offer extends Item<NonNullable<ProgramOut['offers']>> {}

/**
 * A points campaign, listed until it ends: purchase points times `multiplier` and/or `bonus` points
 * per order, for orders placed from `startsAt` (inclusive) to `endsAt` (exclusive).
 */
export interface Campaign extends Item<NonNullable<ProgramOut['campaigns']>> {}

export type BadgeKind = Badge['kind']

/**
 * An achievement. What earns it: `orders` (the `count`th order), `referrals` (the `count`th friend who
 * ordered), `birthday` (a birthday given), `member_years` (`count` years a member), `lifetime_points`
 * (`count` points earned in all), `tier` (reaching tier `tier`). `description`, when the store wrote
 * one, says it in the store's words.
 */
export interface Badge extends Item<NonNullable<ProgramOut['badges']>> {}

/** A badge the member has earned, and when. */
export interface EarnedBadge extends Item<NonNullable<MemberOut['badges']>> {}

/** Orders counted toward a punch card's next reward (0 to `every` − 1). */
export interface PunchCard extends Item<NonNullable<MemberOut['punchCards']>> {}

/** The offers open to the member now; `code` is what to enter at checkout, null when there is none. */
export interface MemberOffers extends Out<typeof s.MemberOffersSchema> {}

export interface FriendOffer extends Field<Out<typeof s.ReferralOfferSchema>, 'friend'> {}

/** What a referred friend gets on their first order, and the points the advocate earns then. */
export interface ReferralTerms extends Field<ProgramOut, 'referral'> {}

/** The program in the request's language; `currency` is ISO 4217. */
export interface Program extends Out<typeof s.ProgramSchema> {}

/** A redeemed reward; `code` is null for rewards with nothing to enter at checkout (donations). */
export interface Coupon extends Item<MemberOut['coupons']> {}

/**
 * A member. `birthday` is YYYY-MM-DD; `nextTier` is null at the top tier;
 * `claimedRules`: ids of claimable rules this member can no longer claim.
 */
export interface Member extends Out<typeof s.MemberSchema> {}

/** The body of `POST /members`; blank optional strings mean "not given". */
export interface SignUpInput extends In<typeof s.SignUpInputSchema> {}

/** The new member and a customer token for it (same form as the store's tokens). */
export interface SignUpResult extends Out<typeof s.SignUpResultSchema> {}

export type ActivityType = ActivityEntry['type']

/** A ledger entry; `points` is signed (redemptions are negative). */
export interface ActivityEntry extends Item<ActivityPageOut['entries']> {}

export interface ActivityPage extends Out<typeof s.ActivityPageSchema> {}

/** The body of `POST /members/me/redemptions`. */
export interface RedemptionInput extends In<typeof s.RedemptionInputSchema> {}

export interface RedemptionResult extends Out<typeof s.RedemptionResultSchema> {}

/** The body of `POST /members/me/claims`. */
export interface ClaimInput extends In<typeof s.ClaimInputSchema> {}

export interface ClaimResult extends Out<typeof s.ClaimResultSchema> {}

export interface ReferralOffer extends Out<typeof s.ReferralOfferSchema> {}

/** The body of `POST /members/me/consent` and `POST /members/{id}/consent`. */
export interface ConsentInput extends In<typeof s.ConsentInputSchema> {}

/** The body of `POST /members/me/profile`: a field left out stays, null or '' clears it. */
export interface ProfileInput extends In<typeof s.ProfileInputSchema> {}

/** The body of `POST /members/me/erasure`. */
export interface ErasureInput extends In<typeof s.ErasureInputSchema> {}
export interface ErasureResult extends Out<typeof s.ErasureResultSchema> {}

// ---- the store's server-to-server API (secret API key) ----

/** The body of `POST /customers/erasure`: the email, the store's customer id, or both. */
export interface CustomerErasureInput extends In<typeof s.CustomerErasureInputSchema> {}
export interface CustomerErasureResult extends Out<typeof s.CustomerErasureResultSchema> {}

/** The body of `POST /orders`: `amount` in the program's currency (at most 2 decimals). */
export interface OrderInput extends In<typeof s.OrderInputSchema> {}
export interface Order extends Out<typeof s.OrderSchema> {}
export interface OrderResult extends Out<typeof s.OrderResultSchema> {}
export interface RefundInput extends In<typeof s.RefundInputSchema> {}
export interface RefundResult extends Out<typeof s.RefundResultSchema> {}
export interface CouponStatus extends Out<typeof s.CouponStatusSchema> {}
export interface CouponUseInput extends In<typeof s.CouponUseInputSchema> {}
export interface AdjustmentInput extends In<typeof s.AdjustmentInputSchema> {}
export interface AdjustmentResult extends Out<typeof s.AdjustmentResultSchema> {}
export interface MemberRecord extends Out<typeof s.MemberRecordSchema> {}
export interface MemberList extends Out<typeof s.MemberListSchema> {}
export interface MemberExport extends Out<typeof s.MemberExportSchema> {}
export type WebhookEventType = Item<typeof s.WEBHOOK_EVENT_TYPES>
export interface WebhookEvent extends Out<typeof s.WebhookEventSchema> {}

/** Request headers every call carries. */
export const HEADER_PROGRAM = 'X-Loyalkit-Program'
export const HEADER_IDEMPOTENCY = 'Idempotency-Key'
