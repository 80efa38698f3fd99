/**
 * Runtime schemas of the contract's responses: nothing from the network reaches
 * the store or the UI without passing one of these. Kept in step with contract.ts
 * by the `satisfies`-style assertions at the bottom.
 */
import * as v from 'valibot'
import type { ActivityPage, ClaimResult, Member, Program, RedemptionResult, ReferralOffer, SignUpResult } from './contract.ts'

const str = v.string()
const int = v.pipe(v.number(), v.integer())
const count = v.pipe(v.number(), v.integer(), v.minValue(0))
const maybe = <T extends v.GenericSchema>(s: T) => v.optional(s)
/** Dates are formatted with Intl later: an unparseable one must not get that far. */
const time = v.pipe(v.string(), v.isoTimestamp())

const friend = v.object({ kind: v.picklist(['percent_off', 'amount_off']), value: v.number(), description: str })

export const ProgramSchema = v.object({
  key: str,
  name: str,
  currency: v.pipe(str, v.regex(/^[A-Z]{3}$/)),
  signupBonus: count,
  rules: v.array(v.object({
    id: str,
    kind: v.picklist(['purchase', 'signup', 'birthday', 'newsletter', 'social_follow', 'referral']),
    name: str,
    points: count,
    per: maybe(v.number()),
    claimable: v.boolean(),
    url: maybe(str),
  })),
  rewards: v.array(v.object({
    id: str,
    kind: v.picklist(['amount_off', 'percent_off', 'free_shipping', 'free_product', 'donation']),
    name: str,
    description: maybe(str),
    cost: count,
    value: maybe(v.number()),
    imageUrl: maybe(str),
  })),
  tiers: v.array(v.object({ id: str, name: str, threshold: count, multiplier: v.number(), perks: v.array(str) })),
  referral: v.object({ friend, advocatePoints: count }),
  signupFields: v.object({ name: v.boolean(), birthday: v.boolean(), marketing: v.boolean() }),
  termsUrl: str,
  privacyUrl: str,
})

const tierRef = v.object({ id: str, name: str })

export const MemberSchema = v.object({
  id: str,
  email: str,
  name: v.nullable(str),
  birthday: v.nullable(str),
  balance: count,
  lifetimePoints: count,
  tier: tierRef,
  nextTier: v.nullable(v.object({ id: str, name: str, threshold: count, pointsNeeded: count })),
  referral: v.object({ code: str, url: str, friendsJoined: count, pointsEarned: count }),
  coupons: v.array(v.object({ id: str, rewardId: str, name: str, code: v.nullable(str), points: count, createdAt: time })),
  claimedRules: v.array(str),
  createdAt: time,
})

/** `GET /members/me`: the member, or null (204) when the identified shopper has not joined. */
export const MeSchema = v.nullable(MemberSchema)

export const SignUpResultSchema = v.object({ member: MemberSchema, token: str })

export const ActivityPageSchema = v.object({
  entries: v.array(v.object({
    id: str,
    type: v.picklist(['signup', 'purchase', 'claim', 'redemption', 'referral', 'adjustment']),
    points: int,
    description: str,
    createdAt: time,
  })),
  nextCursor: v.nullable(str),
})

export const RedemptionResultSchema = v.object({
  redemption: v.object({ id: str, rewardId: str, code: v.nullable(str), points: count }),
  balance: count,
})

export const ClaimResultSchema = v.object({ ruleId: str, points: count, balance: count })

export const ReferralOfferSchema = v.object({ code: str, friend })

export const ProblemSchema = v.object({
  code: maybe(str),
  title: maybe(str),
  detail: maybe(str),
  errors: maybe(v.array(v.object({ field: str, code: str }))),
  retryAfter: maybe(v.number()),
})

// Compile-time check that every schema's output is assignable to its contract type.
type Is<S extends v.GenericSchema, T> = v.InferOutput<S> extends T ? true : false
type Assert<T extends true> = T
export type SchemasMatchContract = [
  Assert<Is<typeof ProgramSchema, Program>>,
  Assert<Is<typeof MemberSchema, Member>>,
  Assert<Is<typeof SignUpResultSchema, SignUpResult>>,
  Assert<Is<typeof ActivityPageSchema, ActivityPage>>,
  Assert<Is<typeof RedemptionResultSchema, RedemptionResult>>,
  Assert<Is<typeof ClaimResultSchema, ClaimResult>>,
  Assert<Is<typeof ReferralOfferSchema, ReferralOffer>>,
]
