/**
 * The loyalty endpoint contract, v1, as valibot schemas: the single source of the
 * contract. contract.ts derives its types from them, src/core/operations.ts lists
 * the routes that use them, and server/scripts/openapi.ts turns both into
 * docs/openapi.yaml.
 *
 * Responses: nothing from the network reaches the SDK's store or UI without
 * passing one of these, so they are bundled — keep them lean (no descriptions,
 * no extra pipes; prose lives in the OpenAPI generator).
 * Requests: only servers validate with them (the SDK imports their types, so
 * they are tree-shaken out of the bundles). Their messages are the field error
 * codes of `invalid_request`.
 */
import * as v from 'valibot'

// Answers only a member's actions read (they load with the views): a module of their own, so the
// first open does not carry them.
export * from './action-schemas.ts'

// ---- responses -----------------------------------------------------------
// Laid out as before the contract had other consumers: every extra variable costs
// bytes in loyalkit-ui.js. Sub-shapes (EarningRule, Coupon…) are named by path in
// operations.ts and contract.ts instead of by variables here.

const str = v.string()
const int = v.pipe(v.number(), v.integer())
const count = v.pipe(v.number(), v.integer(), v.minValue(0))
const maybe = <T extends v.GenericSchema>(s: T) => v.optional(s)
/** Dates are formatted with Intl later: an unparseable one must not get that far. */
const time = v.pipe(v.string(), v.isoTimestamp())

/**
 * The kinds of rule, reward and badge this version of the contract defines. A backend may send
 * others (a later version's): on the wire a kind is any string, so an SDK already deployed shows such
 * an item plainly (its name, points or cost, a star for its icon) instead of refusing the whole
 * program. The types still name the known kinds, for completion and for the server's own checks.
 */
export const RULE_KINDS = ['purchase', 'signup', 'birthday', 'newsletter', 'social_follow', 'referral', 'punch_card'] as const
export const REWARD_KINDS = ['amount_off', 'percent_off', 'free_shipping', 'free_product', 'donation'] as const
export const BADGE_KINDS = ['orders', 'referrals', 'birthday', 'member_years', 'lifetime_points', 'tier'] as const
/** What a referred friend's offer takes off (no SDK reads it; open for the same reason). */
export const FRIEND_KINDS = ['percent_off', 'amount_off'] as const
// A fresh v.string() each: the OpenAPI generator names each kind's schema by its object.
type Kind<K extends readonly string[]> = v.GenericSchema<string, K[number] | (string & {})>
const kind = <K extends readonly string[]>() => v.string() as unknown as Kind<K>

const friend = v.object({ kind: kind<typeof FRIEND_KINDS>(), value: v.number(), description: str })

export const ProgramSchema = v.object({
  key: str,
  name: str,
  currency: v.pipe(str, v.regex(/^[A-Z]{3}$/)),
  signupBonus: count,
  rules: v.array(
    v.object({
      id: str,
      kind: kind<typeof RULE_KINDS>(),
      name: str,
      points: count,
      per: maybe(v.number()),
      claimable: v.boolean(),
      url: maybe(str),
      every: maybe(count),
      rewardId: maybe(str),
    }),
  ),
  rewards: v.array(
    v.object({
      id: str,
      kind: kind<typeof REWARD_KINDS>(),
      name: str,
      description: maybe(str),
      cost: count,
      value: maybe(v.number()),
      imageUrl: maybe(str),
    }),
  ),
  tiers: v.array(v.object({ id: str, name: str, threshold: count, multiplier: v.number(), perks: v.array(str) })),
  referral: v.object({ friend, advocatePoints: count }),
  signupFields: v.object({ name: v.boolean(), birthday: v.boolean(), marketing: v.boolean() }),
  termsUrl: str,
  privacyUrl: str,
  offers: maybe(
    v.array(
      v.object({
        id: str,
        name: str,
        description: maybe(str),
        imageUrl: maybe(str),
        url: maybe(str),
        tier: v.nullable(str),
        startsAt: v.nullable(time),
        endsAt: v.nullable(time),
      }),
    ),
  ),
  campaigns: maybe(v.array(v.object({ id: str, name: str, startsAt: time, endsAt: time, multiplier: maybe(v.number()), bonus: maybe(count) }))),
  badges: maybe(
    v.array(
      v.object({
        id: str,
        kind: kind<typeof BADGE_KINDS>(),
        name: str,
        description: maybe(str),
        count: maybe(count),
        tier: maybe(str),
      }),
    ),
  ),
})

const tierRef = v.object({ id: str, name: str })

const badges = maybe(v.array(v.object({ id: str, earnedAt: time })))

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
  coupons: v.array(
    v.object({
      id: str,
      rewardId: str,
      name: str,
      code: v.nullable(str),
      points: count,
      state: v.picklist(['active', 'used', 'expired']),
      expiresAt: v.nullable(time),
      createdAt: time,
    }),
  ),
  claimedRules: v.array(str),
  marketing: v.boolean(),
  expiring: v.nullable(v.object({ points: count, date: time })),
  createdAt: time,
  badges,
  punchCards: maybe(v.array(v.object({ ruleId: str, count }))),
  // As the shopper's widget last showed the member (balance, tier, badges): what arrived since is news.
  seen: maybe(v.object({ balance: count, tier: tierRef, badges })),
})

/** `GET /members/me`: the member, or null (204) when the identified shopper has not joined. */
export const MeSchema = v.nullable(MemberSchema)

export const SignUpResultSchema = v.object({ member: MemberSchema, token: str })

export const ReferralOfferSchema = v.object({ code: str, friend })

/**
 * What the SDK reads from any error body: every field optional, because an error
 * may come from a proxy or CDN rather than from a conforming backend. The
 * contract's own problem shape is ProblemDetailsSchema below.
 */
export const ProblemSchema = v.object({
  code: maybe(str),
  title: maybe(str),
  detail: maybe(str),
  errors: maybe(v.array(v.object({ field: str, code: str }))),
  retryAfter: maybe(v.number()),
})

// ---- not for the SDK's runtime ---------------------------------------------
// valibot is external to the npm build, so rollup cannot know its calls are pure:
// each schema below is built by one call annotated pure, which lets the bundles
// that do not use it (all of the SDK's) drop it.

/** Builds a schema; exists only to carry a pure annotation for a whole construction. */
const define = <T>(make: () => T): T => make()

// ---- errors --------------------------------------------------------------

/**
 * Machine codes of `application/problem+json` errors (RFC 9457). `server_error`:
 * an unexpected failure (5xx), safe to retry with the same Idempotency-Key.
 */
export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'email_taken',
  'insufficient_points',
  'reward_unavailable',
  'already_claimed',
  'rate_limited',
  'idempotency_conflict',
  'not_found',
  'forbidden',
  'order_conflict',
  'coupon_used',
  'coupon_expired',
  'coupon_not_applicable',
  'version_conflict',
  'server_error',
] as const

export const ErrorCodeSchema = /*#__PURE__*/ define(() => v.picklist(ERROR_CODES))

/** The problem details a conforming backend answers (stricter than ProblemSchema). */
export const ProblemDetailsSchema = /*#__PURE__*/ define(() =>
  v.object({
    type: str,
    title: str,
    status: int,
    code: ErrorCodeSchema,
    detail: maybe(str),
    errors: maybe(v.array(v.object({ field: str, code: str }))),
    retryAfter: maybe(v.number()),
  }),
)

// ---- request bodies ------------------------------------------------------
// Messages are the field error codes of `invalid_request`: `invalid`, `too_long`,
// `future`, `required`. A missing or unknown key is reported by the object schema
// (issue input undefined / expected 'never'); servers name those `required` and
// `unknown_field`.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const noControl = (s: string) => !CONTROL.test(s)
/** A blank optional field (a form's empty input) is "not given". */
const blank = (s: string) => s || undefined
/** One error code per field: a field's checks stop at its first problem, other fields are still checked. */
const body = <T extends v.GenericSchema>(schema: T) => v.config(schema, { abortPipeEarly: true })

// One @, no spaces or quotes in the local part, a dot in the domain, no empty labels:
// what a shop checkout would accept. Case-insensitive by its classes (JSON Schema has no flags).
const EMAIL = /^[^\s@"<>()[\]\\,;:]{1,64}@(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

const NormalizedEmail = /*#__PURE__*/ define(() => v.pipe(v.string('invalid'), v.normalize('NFC'), v.trim(), v.toLowerCase()))

/** The form in which emails are stored and compared: NFC, trimmed, lower-case. */
export const normalizeEmail = (s: string): string => v.parse(NormalizedEmail, s)

/** A sign-up email; the output is normalised (normalizeEmail). */
export const EmailSchema = /*#__PURE__*/ define(() =>
  v.pipe(
    NormalizedEmail,
    v.nonEmpty('required'),
    v.maxLength(254, 'too_long'),
    v.regex(EMAIL, 'invalid'),
    // No control or invisible format characters (U+202E would show another address than the real one).
    v.check((s) => noControl(s) && !/\p{Cf}/u.test(s) && !s.includes('..'), 'invalid'),
  ),
)

const today = () => new Date().toISOString().slice(0, 10)
/** A calendar date that exists (no 1990-02-30), from 1900 on. */
const realDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return y >= 1900 && date.getUTCMonth() == m - 1 && date.getUTCDate() == d
}

/**
 * A person's name: trimmed, at most 100 characters; no bidi embeddings, overrides or isolates (they
 * make a name read as something else) nor line separators. Marks such as U+200E/U+200F and joiners
 * stay: right-to-left names and emoji need them. Blank is kept as ''.
 */
const nameText = () =>
  v.pipe(
    v.string('invalid'),
    v.check((s) => noControl(s) && !/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(s), 'invalid'),
    v.trim(),
    v.maxLength(100, 'too_long'),
  )

/** YYYY-MM-DD, a real date from 1900 on and before today, or '' (none). */
const birthdayText = () =>
  v.union(
    [
      v.literal(''),
      v.pipe(
        v.string(),
        v.isoDate('invalid'),
        v.check(realDate, 'invalid'),
        v.check((s) => s < today(), 'future'),
      ),
    ],
    'invalid',
  )

export const SignUpInputSchema = /*#__PURE__*/ define(() =>
  body(
    v.strictObject(
      {
        email: EmailSchema,
        // No bidi embeddings, overrides or isolates (they make a name read as something else) nor line separators;
        // marks such as U+200E/U+200F and joiners stay: right-to-left names and emoji need them.
        name: v.optional(v.pipe(nameText(), v.transform(blank))),
        birthday: v.optional(v.pipe(birthdayText(), v.transform(blank))),
        consent: v.strictObject({ terms: v.pipe(v.boolean('invalid'), v.value(true, 'required')), marketing: v.boolean('invalid') }, 'invalid'),
        referralCode: v.optional(v.pipe(v.string('invalid'), v.regex(/^[A-Za-z0-9_-]*$/, 'invalid'), v.maxLength(64, 'too_long'), v.transform(blank))),
      },
      'invalid',
    ),
  ),
)

/** Ids of rules and rewards, as the program lists them. */
const id = () => v.pipe(v.string('invalid'), v.nonEmpty('required'), v.maxLength(100, 'invalid'), v.check(noControl, 'invalid'))

export const RedemptionInputSchema = /*#__PURE__*/ define(() => body(v.strictObject({ rewardId: id() }, 'invalid')))

export const ClaimInputSchema = /*#__PURE__*/ define(() => body(v.strictObject({ ruleId: id() }, 'invalid')))

/**
 * `POST /members/me/profile`: what the member changes. A field left out stays as it is; null or ''
 * clears it. A birthday changes at most once a year (adding the first one included).
 */
export const ProfileInputSchema = /*#__PURE__*/ define(() =>
  body(
    v.strictObject(
      {
        name: v.optional(v.nullable(nameText())),
        birthday: v.optional(v.nullable(birthdayText())),
      },
      'invalid',
    ),
  ),
)

/** `POST /members/me/erasure`: the member's own "delete my account", confirmed in so many words. */
export const ErasureInputSchema = /*#__PURE__*/ define(() => body(v.strictObject({ confirm: v.literal('erase', 'required') }, 'invalid')))

/** `POST /members/me/consent` (the shopper) and `POST /members/{id}/consent` (the store). */
export const ConsentInputSchema = /*#__PURE__*/ define(() => body(v.strictObject({ marketing: v.boolean('invalid') }, 'invalid')))

// ---- the store's server-to-server API ---------------------------------------
// Called by the store's server with a secret API key, never from a browser.

/** Ids the store gives (orders, customers): 1–100 visible ASCII characters. */
const storeId = () => v.pipe(v.string('invalid'), v.nonEmpty('required'), v.maxLength(100, 'too_long'), v.regex(/^[\x21-\x7e]+$/, 'invalid'))
/** An amount of money in the program's currency: ≥ 0, at most 2 decimals. */
const money = (min: 'zero' | 'positive') =>
  v.pipe(
    v.number('invalid'),
    v.finite('invalid'),
    v.check((n) => (min == 'zero' ? n >= 0 : n > 0), 'invalid'),
    v.maxValue(1_000_000_000, 'too_large'),
    v.check((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'invalid'),
  )
/** A date-time at most five minutes ahead of the server's clock. */
const pastTime = () =>
  v.pipe(
    v.string('invalid'),
    v.isoTimestamp('invalid'),
    v.check((s) => Date.parse(s) <= Date.now() + 300_000, 'future'),
  )

export const OrderInputSchema = /*#__PURE__*/ define(() =>
  body(
    v.strictObject(
      {
        id: storeId(),
        customer: v.strictObject({ id: v.optional(storeId()), email: EmailSchema }, 'invalid'),
        amount: money('zero'),
        currency: v.pipe(v.string('invalid'), v.regex(/^[A-Z]{3}$/, 'invalid')),
        placedAt: v.optional(pastTime()),
      },
      'invalid',
    ),
  ),
)

/** `id`: the store's own id of the refund; a refund with an id already recorded for the order is not applied again. */
export const RefundInputSchema = /*#__PURE__*/ define(() => body(v.strictObject({ amount: money('positive'), id: v.optional(storeId()) }, 'invalid')))

/** `amount`: the order's amount, to check the reward's minimum order amount. */
export const CouponUseInputSchema = /*#__PURE__*/ define(() => body(v.strictObject({ orderId: storeId(), amount: v.optional(money('zero')) }, 'invalid')))

/**
 * `POST /customers/erasure`: a person the store was asked to forget, by email and/or the store's customer
 * id, whether or not they joined: their membership if any, and their guest orders' contact details.
 */
export const CustomerErasureInputSchema = /*#__PURE__*/ define(() =>
  body(
    v.pipe(
      v.strictObject({ email: v.optional(EmailSchema), customerId: v.optional(storeId()) }, 'invalid'),
      v.forward(
        v.check((o) => !!(o.email || o.customerId), 'required'),
        ['email'],
      ),
    ),
  ),
)

export const AdjustmentInputSchema = /*#__PURE__*/ define(() =>
  body(
    v.strictObject(
      {
        points: v.pipe(
          v.number('invalid'),
          v.integer('invalid'),
          v.check((n) => n != 0, 'invalid'),
          v.minValue(-1_000_000, 'too_large'),
          v.maxValue(1_000_000, 'too_large'),
        ),
        reason: v.pipe(v.string('invalid'), v.check(noControl, 'invalid'), v.trim(), v.nonEmpty('required'), v.maxLength(200, 'too_long')),
      },
      'invalid',
    ),
  ),
)

const tier = () => v.object({ id: str, name: str })
const money$ = () => v.number()
const nullableTime = () => v.nullable(time)

/** An order as the server recorded it. `state`: `credited` to a member, or `guest` (waiting for the email to join). */
export const OrderSchema = /*#__PURE__*/ define(() =>
  v.object({
    id: str,
    state: v.picklist(['credited', 'guest']),
    memberId: v.nullable(str),
    customer: v.object({ id: v.nullable(str), email: v.nullable(str) }),
    amount: money$(),
    currency: str,
    refundedAmount: money$(),
    points: count,
    pointsReversed: count,
    placedAt: time,
    createdAt: time,
  }),
)

/** The balance and tier after an order (null for a guest order). */
export const OrderResultSchema = /*#__PURE__*/ define(() =>
  v.object({ order: OrderSchema, member: v.nullable(v.object({ id: str, balance: count, tier: tier() })) }),
)

export const RefundResultSchema = /*#__PURE__*/ define(() =>
  v.object({
    refund: v.object({ id: str, storeRefundId: v.nullable(str), orderId: str, amount: money$(), points: count, pointsOwed: count, createdAt: time }),
    order: OrderSchema,
    member: v.nullable(v.object({ id: str, balance: count, pointsOwed: count, tier: tier() })),
  }),
)

/**
 * A coupon as checkout sees it. For a cart `amount`: `valid` and, when not, `reason`;
 * `discount` is what it takes off that amount in the program's currency (null for
 * free shipping, a free product or without an amount).
 */
export const CouponStatusSchema = /*#__PURE__*/ define(() =>
  v.object({
    code: str,
    kind: v.picklist(['amount_off', 'percent_off', 'free_shipping', 'free_product']),
    rewardId: v.nullable(str),
    name: str,
    value: v.nullable(v.number()),
    state: v.picklist(['active', 'used', 'expired']),
    expiresAt: nullableTime(),
    minOrderAmount: v.nullable(money$()),
    memberId: str,
    usedAt: nullableTime(),
    orderId: v.nullable(str),
    valid: v.boolean(),
    reason: v.nullable(v.picklist(['used', 'expired', 'below_minimum'])),
    discount: v.nullable(money$()),
  }),
)

export const AdjustmentResultSchema = /*#__PURE__*/ define(() =>
  v.object({ entry: v.object({ id: str, points: int, reason: str, actor: str, createdAt: time }), balance: count }),
)

/**
 * What `POST /customers/erasure` erased: the members it matched (none, or one; two when the email and the
 * customer id named different members), and how many guest orders it cleared.
 */
export const CustomerErasureResultSchema = /*#__PURE__*/ define(() => v.object({ members: v.array(str), guestOrders: count }))

/** A member as the store sees it: personal data, points, lifetime value (order amounts net of refunds), consent. */
export const MemberRecordSchema = /*#__PURE__*/ define(() =>
  v.object({
    id: str,
    customerId: v.nullable(str),
    email: str,
    name: v.nullable(str),
    birthday: v.nullable(str),
    balance: count,
    lifetimePoints: count,
    pointsOwed: count,
    tier: tier(),
    lifetimeValue: money$(),
    orders: count,
    currency: str,
    referralCode: str,
    referredBy: v.nullable(str),
    marketing: v.object({ consent: v.boolean(), updatedAt: nullableTime(), source: v.nullable(str) }),
    expiring: v.nullable(v.object({ points: count, date: time })),
    createdAt: time,
    /** What the shopper's widget last showed: when, the balance, the tier's id and the badges' ids (absent: never). */
    seen: maybe(v.object({ at: time, balance: count, tier: str, badges: v.array(str) })),
  }),
)

export const MemberListSchema = /*#__PURE__*/ define(() => v.object({ members: v.array(MemberRecordSchema) }))

/** Everything held about a member (`GET /members/{id}/export`). */
export const MemberExportSchema = /*#__PURE__*/ define(() =>
  v.object({
    exportedAt: time,
    member: MemberRecordSchema,
    consents: v.array(v.object({ marketing: v.boolean(), source: str, createdAt: time })),
    ledger: v.array(
      v.object({
        id: str,
        type: str,
        points: int,
        reason: v.nullable(str),
        actor: v.nullable(str),
        orderId: v.nullable(str),
        rewardId: v.nullable(str),
        ruleId: v.nullable(str),
        createdAt: time,
      }),
    ),
    orders: v.array(OrderSchema),
    refunds: v.array(v.object({ id: str, orderId: str, amount: money$(), points: count, pointsOwed: count, createdAt: time })),
    coupons: v.array(
      v.object({
        code: v.nullable(str),
        rewardId: v.nullable(str),
        kind: str,
        points: count,
        state: str,
        expiresAt: nullableTime(),
        usedAt: nullableTime(),
        createdAt: time,
      }),
    ),
    claims: v.array(v.object({ ruleId: str, period: str, createdAt: time })),
    referrals: v.object({ referredBy: v.nullable(str), friendsJoined: count, completedAt: nullableTime() }),
    badges: maybe(v.array(v.object({ id: str, earnedAt: time }))),
    punchCards: maybe(v.array(v.object({ ruleId: str, count, owed: count }))),
  }),
)

// ---- webhooks ----------------------------------------------------------------

export const WEBHOOK_EVENT_TYPES = [
  'member.created',
  'member.updated',
  'member.erased',
  'points.changed',
  'tier.changed',
  'reward.redeemed',
  'coupon.used',
  'coupon.released',
  'referral.completed',
  'order.refunded',
  'points.expiring',
  'member.badge_earned',
] as const

/**
 * A webhook's body (Standard Webhooks): `type`, `timestamp` and `data`. No personal
 * data travels in events but `member.created`/`member.updated` (the member's email),
 * so a receiver fetches what it needs with the API.
 */
export const WebhookEventSchema = /*#__PURE__*/ define(() =>
  v.object({ type: v.picklist(WEBHOOK_EVENT_TYPES), timestamp: time, data: v.record(v.string(), v.unknown()) }),
)
