/**
 * The contract's answers to a member's actions beyond joining (redeem, claim, activity, offers,
 * erasure): part of the contract like everything in schemas.ts, which re-exports them. A module of
 * their own because only the views read them, and the views bundle brings this file along rather
 * than asking the first open for it.
 */
// Named imports: the views bundle takes valibot's functions from the UI bundle one by one (rollup.config.ts).
import { array, integer, isoTimestamp, literal, minValue, nullable, number, object, picklist, pipe, string } from 'valibot'

const str = string()
const count = pipe(number(), integer(), minValue(0))
const time = pipe(string(), isoTimestamp())

export const ActivityPageSchema = object({
  entries: array(
    object({
      id: str,
      type: picklist(['signup', 'purchase', 'claim', 'redemption', 'referral', 'adjustment', 'refund', 'expiry']),
      points: pipe(number(), integer()),
      description: str,
      createdAt: time,
    }),
  ),
  nextCursor: nullable(str),
})

export const RedemptionResultSchema = object({
  redemption: object({ id: str, rewardId: str, code: nullable(str), points: count }),
  balance: count,
})

export const ClaimResultSchema = object({ ruleId: str, points: count, balance: count })

/** `GET /members/me/offers`: the offers open to the member now, with their codes. */
export const MemberOffersSchema = object({ offers: array(object({ id: str, code: nullable(str) })) })

/** The answer to an erasure: the member is gone; the token that asked no longer finds one. */
export const ErasureResultSchema = object({ erased: literal(true) })
