/**
 * A small hand-written structural checker for the contract's shapes
 * (src/core/contract.ts). Each shape returns every problem with its path.
 * Extra fields are tolerated (clients ignore them); missing or mistyped ones are not.
 */
export type Shape = (value: unknown, path: string) => string[]

const fail = (path: string, message: string, value: unknown) => [`${path}: ${message}, got ${preview(value)}`]

function preview(value: unknown): string {
  const text = JSON.stringify(value)
  return text === undefined ? 'undefined' : text.length > 60 ? text.slice(0, 57) + '…' : text
}

export const string: Shape = (v, p) => (typeof v == 'string' ? [] : fail(p, 'expected a string', v))
export const nonEmpty: Shape = (v, p) => (typeof v == 'string' && v.length > 0 ? [] : fail(p, 'expected a non-empty string', v))
export const number: Shape = (v, p) => (typeof v == 'number' && Number.isFinite(v) ? [] : fail(p, 'expected a number', v))
export const integer: Shape = (v, p) => (Number.isSafeInteger(v) ? [] : fail(p, 'expected an integer', v))
export const count: Shape = (v, p) => (Number.isSafeInteger(v) && (v as number) >= 0 ? [] : fail(p, 'expected an integer ≥ 0', v))
export const boolean: Shape = (v, p) => (typeof v == 'boolean' ? [] : fail(p, 'expected a boolean', v))

export const pattern =
  (re: RegExp, what: string): Shape =>
  (v, p) =>
    typeof v == 'string' && re.test(v) ? [] : fail(p, `expected ${what}`, v)

export const isoDateTime: Shape = (v, p) =>
  typeof v == 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))
    ? []
    : fail(p, 'expected an ISO 8601 date-time', v)

export const httpsUrl: Shape = (v, p) => {
  try {
    return typeof v == 'string' && new URL(v).protocol == 'https:' ? [] : fail(p, 'expected an https: URL', v)
  } catch {
    return fail(p, 'expected an https: URL', v)
  }
}

export const url: Shape = (v, p) => {
  try {
    return typeof v == 'string' && /^https?:$/.test(new URL(v).protocol) ? [] : fail(p, 'expected an http(s) URL', v)
  } catch {
    return fail(p, 'expected an http(s) URL', v)
  }
}

export const oneOf =
  (...values: readonly (string | number | boolean | null)[]): Shape =>
  (v, p) =>
    values.includes(v as string) ? [] : fail(p, `expected one of ${values.join(', ')}`, v)

export const nullable =
  (shape: Shape): Shape =>
  (v, p) =>
    v === null ? [] : shape(v, p)

export const arrayOf =
  (shape: Shape): Shape =>
  (v, p) =>
    Array.isArray(v) ? v.flatMap((item, i) => shape(item, `${p}[${i}]`)) : fail(p, 'expected an array', v)

/** An object with `required` fields and `optional` ones (absent, or present with the shape). */
export const object =
  (required: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape =>
  (v, p) => {
    if (typeof v != 'object' || v === null || Array.isArray(v)) return fail(p, 'expected an object', v)
    const record = v as Record<string, unknown>
    return [
      ...Object.entries(required).flatMap(([k, shape]) => (k in record ? shape(record[k], `${p}.${k}`) : [`${p}.${k}: missing`])),
      ...Object.entries(optional).flatMap(([k, shape]) => (record[k] === undefined ? [] : shape(record[k], `${p}.${k}`))),
    ]
  }

/** Throws with the first problems when `value` does not have `shape`. */
export function assertShape(value: unknown, shape: Shape, name: string): void {
  const problems = shape(value, name)
  if (problems.length) throw new Error(problems.slice(0, 5).join('; ') + (problems.length > 5 ? ` (+${problems.length - 5} more)` : ''))
}

// ---- the contract --------------------------------------------------------

const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'email_taken',
  'insufficient_points',
  'reward_unavailable',
  'already_claimed',
  'rate_limited',
  'idempotency_conflict',
  'not_found',
  'server_error',
] as const

const friendOffer = object({ kind: oneOf('percent_off', 'amount_off'), value: number, description: string })

export const ProgramShape = object({
  key: nonEmpty,
  name: nonEmpty,
  currency: pattern(/^[A-Z]{3}$/, 'an ISO 4217 code'),
  signupBonus: count,
  rules: arrayOf(
    object(
      {
        id: nonEmpty,
        kind: oneOf('purchase', 'signup', 'birthday', 'newsletter', 'social_follow', 'referral'),
        name: string,
        points: count,
        claimable: boolean,
      },
      { per: number, url: httpsUrl },
    ),
  ),
  rewards: arrayOf(
    object(
      { id: nonEmpty, kind: oneOf('amount_off', 'percent_off', 'free_shipping', 'free_product', 'donation'), name: string, cost: count },
      { description: string, value: number, imageUrl: url },
    ),
  ),
  tiers: arrayOf(object({ id: nonEmpty, name: string, threshold: count, multiplier: number, perks: arrayOf(string) })),
  referral: object({ friend: friendOffer, advocatePoints: count }),
  signupFields: object({ name: boolean, birthday: boolean, marketing: boolean }),
  termsUrl: httpsUrl,
  privacyUrl: httpsUrl,
})

const tierRef = object({ id: nonEmpty, name: string })

export const MemberShape = object({
  id: nonEmpty,
  email: nonEmpty,
  name: nullable(string),
  birthday: nullable(pattern(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')),
  balance: count,
  lifetimePoints: count,
  tier: tierRef,
  nextTier: nullable(object({ id: nonEmpty, name: string, threshold: count, pointsNeeded: count })),
  referral: object({ code: nonEmpty, url, friendsJoined: count, pointsEarned: count }),
  coupons: arrayOf(object({ id: nonEmpty, rewardId: nonEmpty, name: string, code: nullable(nonEmpty), points: count, createdAt: isoDateTime })),
  claimedRules: arrayOf(string),
  createdAt: isoDateTime,
})

export const SignUpResultShape = object({ member: MemberShape, token: nonEmpty })

export const ActivityPageShape = object({
  entries: arrayOf(
    object({
      id: nonEmpty,
      type: oneOf('signup', 'purchase', 'claim', 'redemption', 'referral', 'adjustment'),
      points: integer,
      description: string,
      createdAt: isoDateTime,
    }),
  ),
  nextCursor: nullable(nonEmpty),
})

export const RedemptionResultShape = object({
  redemption: object({ id: nonEmpty, rewardId: nonEmpty, code: nullable(nonEmpty), points: count }),
  balance: count,
})

export const ClaimResultShape = object({ ruleId: nonEmpty, points: count, balance: count })

export const ReferralOfferShape = object({ code: nonEmpty, friend: friendOffer })

export const ProblemShape = object(
  { type: nonEmpty, title: nonEmpty, status: integer, code: oneOf(...ERROR_CODES) },
  { detail: string, errors: arrayOf(object({ field: string, code: string })), retryAfter: number },
)
