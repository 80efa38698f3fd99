/**
 * The v1 API as data: every route with its auth, body, parameters and answers,
 * referring to the schemas of schemas.ts. server/scripts/openapi.ts renders it as
 * docs/openapi.yaml; servers can check their routes against it. Not imported by
 * the SDK's runtime (it only talks to these routes), so its prose costs no bundle bytes.
 */
import * as v from 'valibot'
import type { ErrorCode } from './contract.ts'
import { HEADER_IDEMPOTENCY, HEADER_PROGRAM } from './contract.ts'
import {
  ActivityPageSchema,
  ClaimInputSchema,
  ClaimResultSchema,
  ErrorCodeSchema,
  MemberSchema,
  ProblemDetailsSchema,
  ProgramSchema,
  RedemptionInputSchema,
  RedemptionResultSchema,
  ReferralOfferSchema,
  SignUpInputSchema,
  SignUpResultSchema,
} from './schemas.ts'

const rule = ProgramSchema.entries.rules.item
const reward = ProgramSchema.entries.rewards.item
const entry = ActivityPageSchema.entries.entries.item

/**
 * The contract's named shapes, in documentation order. Sub-shapes are picked from
 * their parents by path: the bundled schemas nest them rather than name them.
 */
export const SCHEMAS = {
  ErrorCode: ErrorCodeSchema,
  Problem: ProblemDetailsSchema,
  RuleKind: rule.entries.kind,
  EarningRule: rule,
  RewardKind: reward.entries.kind,
  Reward: reward,
  Tier: ProgramSchema.entries.tiers.item,
  FriendOffer: ReferralOfferSchema.entries.friend,
  ReferralTerms: ProgramSchema.entries.referral,
  Program: ProgramSchema,
  Coupon: MemberSchema.entries.coupons.item,
  Member: MemberSchema,
  SignUpInput: SignUpInputSchema,
  SignUpResult: SignUpResultSchema,
  ActivityType: entry.entries.type,
  ActivityEntry: entry,
  ActivityPage: ActivityPageSchema,
  RedemptionInput: RedemptionInputSchema,
  RedemptionResult: RedemptionResultSchema,
  ClaimInput: ClaimInputSchema,
  ClaimResult: ClaimResultSchema,
  ReferralOffer: ReferralOfferSchema,
} as const satisfies Record<string, v.GenericSchema>

export type SchemaName = keyof typeof SCHEMAS

/** Who may call: anyone, anyone (a customer token links the result to it), or a customer token only. */
export type Auth = 'none' | 'optional' | 'required'

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  description?: string
  schema: v.GenericSchema
}

/** Request headers every operation takes; `Idempotency-Key` only where `idempotent`. */
export const COMMON_PARAMETERS = {
  Program: {
    name: HEADER_PROGRAM,
    in: 'header',
    required: true,
    description: 'The program key (e.g. `pk_demo_trailpack`). Missing → 400, unknown → 404.',
    schema: v.string(),
  },
  AcceptLanguage: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'Language of display strings; fallback `lv-LV` → `lv` → `en`.',
    schema: v.pipe(v.string(), v.examples(['lv-LV,lv;q=0.9,en;q=0.8'])),
  },
  IdempotencyKey: {
    name: HEADER_IDEMPOTENCY,
    in: 'header',
    required: true,
    description: 'One per user action (a UUID), reused on every retry of that action. 1–255 visible ASCII characters.',
    schema: v.pipe(v.string(), v.minLength(1), v.maxLength(255), v.regex(/^[\x21-\x7e]+$/)),
  },
} as const satisfies Record<string, Parameter>

/** Response headers, documented once each (components/headers) under these names. */
export const RESPONSE_HEADERS = {
  ETag: { header: 'ETag', description: 'Strong validator of the body in its language.', schema: v.string() },
  CacheControlPublic: { header: 'Cache-Control', description: '`public, max-age=60`', schema: v.string() },
  CacheControlNoStore: { header: 'Cache-Control', description: '`no-store`: member data is never cached.', schema: v.string() },
  Vary: { header: 'Vary', description: '`Accept-Language, X-Loyalkit-Program` (plus `Origin` on CORS requests).', schema: v.string() },
  ContentLanguage: { header: 'Content-Language', description: 'The language the display strings are in.', schema: v.string() },
  RetryAfter: { header: 'Retry-After', description: 'Seconds to wait before retrying.', schema: v.pipe(v.number(), v.integer(), v.minValue(1)) },
  IdempotentReplayed: {
    header: 'Idempotent-Replayed',
    description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key.',
    schema: v.picklist(['true']),
  },
  WWWAuthenticate: {
    header: 'WWW-Authenticate',
    description: '`Bearer realm="loyalkit"` (with `error="invalid_token"` when a token was sent).',
    schema: v.string(),
  },
} as const satisfies Record<string, { header: string; description: string; schema: v.GenericSchema }>

export type ResponseHeader = keyof typeof RESPONSE_HEADERS

/** A JSON body of one of the named schemas. */
export interface JsonResponse {
  description: string
  schema: SchemaName
  headers?: readonly ResponseHeader[]
}

/** No body (204, 304). */
export interface EmptyResponse {
  description: string
  headers?: readonly ResponseHeader[]
}

/** An `application/problem+json` Problem with one of `codes`. */
export interface ProblemResponse {
  description: string
  codes: readonly ErrorCode[]
  headers?: readonly ResponseHeader[]
  /** Shared answers are documented once (components/responses) under this name. */
  name?: string
}

export type OperationResponse = JsonResponse | EmptyResponse | ProblemResponse

export interface Operation {
  /** The OpenAPI operationId. */
  id: string
  method: 'GET' | 'POST'
  /** Under the endpoint's base URL (…/v1); `{name}` marks a path parameter. */
  path: string
  tag: 'program' | 'members' | 'referrals'
  summary: string
  description?: string
  auth: Auth
  /** Needs an `Idempotency-Key` header (every POST). */
  idempotent: boolean
  /** The JSON request body. */
  body?: SchemaName
  /** Besides COMMON_PARAMETERS. */
  parameters: readonly Parameter[]
  responses: Readonly<Record<number, OperationResponse>>
}

// ---- answers every route can give ----------------------------------------

const problem = (name: string, codes: ErrorCode[], description: string, headers?: ResponseHeader[]): ProblemResponse => ({
  name,
  codes,
  description,
  ...(headers && { headers }),
})

const BadRequest = problem(
  'BadRequest',
  ['invalid_request'],
  '`invalid_request`: missing X-Loyalkit-Program, missing or malformed Idempotency-Key,\nmalformed JSON or a body that is not an object, a bad `cursor` or `limit`.\n',
)
const Unauthorized = problem('Unauthorized', ['unauthorized'], '`unauthorized`: missing, malformed, expired or wrongly signed customer token.', [
  'WWWAuthenticate',
])
const OriginNotAllowed = problem(
  'OriginNotAllowed',
  ['invalid_request'],
  "`invalid_request`: the request's Origin is not allowed for this program (sent without CORS headers).",
)
const NotFound = problem('NotFound', ['not_found'], '`not_found`: unknown program, no member for this customer, unknown referral code.')
const StillRunning = problem(
  'StillRunning',
  ['idempotency_conflict'],
  '`idempotency_conflict`: a request with this Idempotency-Key is still running; retry after `Retry-After`.',
  ['RetryAfter'],
)
const TooLarge = problem('TooLarge', ['invalid_request'], '`invalid_request`: the body is larger than 16 KB.')
const UnsupportedMediaType = problem('UnsupportedMediaType', ['invalid_request'], '`invalid_request`: the body is not `application/json`.')
const RateLimited = problem(
  'RateLimited',
  ['rate_limited'],
  '`rate_limited`: too many sign-ups, claims, redemptions or referral look-ups from this client address (limits shared by\nevery replica); `Retry-After` and `retryAfter` say when to retry.\n',
  ['RetryAfter'],
)
const HostNotAllowed = problem(
  'HostNotAllowed',
  ['invalid_request'],
  '`invalid_request`: the `Host` is not one this server answers to (its allow-list guards against DNS rebinding).',
)
const ServerError = problem(
  'ServerError',
  ['server_error'],
  '`server_error`: an unexpected failure. Nothing was applied; a retry with the same Idempotency-Key proceeds.',
)

/** The answers every route can give. */
const everyRoute = { 400: BadRequest, 403: OriginNotAllowed, 404: NotFound, 421: HostNotAllowed, 500: ServerError }

/** The answers of an idempotent POST besides its own (body limits, a concurrent retry). */
const postProblems = { 409: StillRunning, 413: TooLarge, 415: UnsupportedMediaType }

// ---- the routes ----------------------------------------------------------

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'getProgram',
    method: 'GET',
    path: '/program',
    tag: 'program',
    summary: "The loyalty program in the request's language",
    description: 'Cacheable. The ETag depends on the body and its language.',
    auth: 'none',
    idempotent: false,
    parameters: [{ name: 'If-None-Match', in: 'header', required: false, schema: v.string() }],
    responses: {
      ...everyRoute,
      200: { description: 'The program.', schema: 'Program', headers: ['ETag', 'CacheControlPublic', 'Vary', 'ContentLanguage'] },
      304: { description: 'Not modified (`If-None-Match` matched the current ETag).', headers: ['ETag', 'CacheControlPublic'] },
    },
  },
  {
    id: 'signUp',
    method: 'POST',
    path: '/members',
    tag: 'members',
    summary: 'Sign up',
    description: `Creates a member, credits the sign-up bonus and answers a customer token for the new member.
With a valid store token in \`Authorization\`, the member is linked to that token's \`sub\`
(a customer who is already a member gets \`422\` with \`errors: [{ field: authorization, code: already_member }]\`),
and the email must be the token's \`email\` when it has one (\`not_account_email\`).
Sign-ups are rate-limited per client address (\`429 rate_limited\`, not stored for idempotency): that
bounds what \`email_taken\` can tell an anonymous caller about who is a member.
Unknown fields are rejected; blank optional strings mean "not given". Emails are compared and
stored normalised (NFC, trimmed, lower-case).
Field error codes: \`required\`, \`invalid\`, \`too_long\`, \`future\` (birthday), \`unknown\` (referralCode),
\`unknown_field\`, \`email_taken\`, \`not_account_email\`.
`,
    auth: 'optional',
    idempotent: true,
    body: 'SignUpInput',
    parameters: [],
    responses: {
      ...everyRoute,
      201: { description: 'The new member and a customer token for it.', schema: 'SignUpResult', headers: ['IdempotentReplayed', 'CacheControlNoStore'] },
      401: Unauthorized,
      ...postProblems,
      422: {
        description: `\`invalid_request\` with field \`errors\`, \`email_taken\` (the email is already a member of
this program, compared case-insensitively), or \`idempotency_conflict\`.
`,
        codes: ['invalid_request', 'email_taken', 'idempotency_conflict'],
        headers: ['IdempotentReplayed'],
      },
      429: RateLimited,
    },
  },
  {
    id: 'getMember',
    method: 'GET',
    path: '/members/me',
    tag: 'members',
    summary: 'The member of the customer token',
    description: `Found by customer id (\`sub\`). When there is none and the token has an \`email\` claim matching
a member not yet linked to a customer, that member is linked. No member → \`204 No Content\`
(the shopper is known to the store but has not joined; the widget then offers sign-up). This
is deliberately not a 404, which browsers log as an error in the host page's console.
`,
    auth: 'required',
    idempotent: false,
    parameters: [],
    responses: {
      ...everyRoute,
      200: { description: 'The member.', schema: 'Member', headers: ['CacheControlNoStore'] },
      204: { description: 'The customer has not joined the program yet.', headers: ['CacheControlNoStore'] },
      401: Unauthorized,
    },
  },
  {
    id: 'getActivity',
    method: 'GET',
    path: '/members/me/activity',
    tag: 'members',
    summary: 'Ledger entries of the member, newest first',
    auth: 'required',
    idempotent: false,
    parameters: [
      { name: 'cursor', in: 'query', required: false, description: 'Opaque; the `nextCursor` of the previous page.', schema: v.string() },
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'Entries per page, 1–100; servers cap larger values at 100.',
        schema: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 20),
      },
    ],
    responses: {
      ...everyRoute,
      200: { description: 'One page.', schema: 'ActivityPage', headers: ['CacheControlNoStore'] },
      401: Unauthorized,
    },
  },
  {
    id: 'redeem',
    method: 'POST',
    path: '/members/me/redemptions',
    tag: 'members',
    summary: 'Spend points on a reward',
    description: `Takes the reward's cost from the balance and answers the coupon. A balance never goes
negative, whatever the concurrency. Donations have no code (\`null\`).
`,
    auth: 'required',
    idempotent: true,
    body: 'RedemptionInput',
    parameters: [],
    responses: {
      ...everyRoute,
      201: { description: 'The redemption and the new balance.', schema: 'RedemptionResult', headers: ['IdempotentReplayed'] },
      401: Unauthorized,
      ...postProblems,
      422: {
        description: `\`reward_unavailable\` (no such reward), \`insufficient_points\`, \`invalid_request\`
(malformed body) or \`idempotency_conflict\`.
`,
        codes: ['reward_unavailable', 'insufficient_points', 'invalid_request', 'idempotency_conflict'],
        headers: ['IdempotentReplayed'],
      },
      429: RateLimited,
    },
  },
  {
    id: 'claim',
    method: 'POST',
    path: '/members/me/claims',
    tag: 'members',
    summary: 'Claim the points of an action rule (birthday, newsletter, social follow)',
    description: `Claimable rules are claimed once (birthday: once per calendar year, and only with a
birthday on the membership). Field error codes: \`required\`, \`invalid\`, \`unknown\`, \`not_claimable\`,
\`no_birthday\`, \`unknown_field\`.
`,
    auth: 'required',
    idempotent: true,
    body: 'ClaimInput',
    parameters: [],
    responses: {
      ...everyRoute,
      201: { description: 'Points credited and the new balance.', schema: 'ClaimResult', headers: ['IdempotentReplayed'] },
      401: Unauthorized,
      ...postProblems,
      422: {
        description: `\`already_claimed\`, \`invalid_request\` (unknown or not claimable rule, no birthday,
malformed body) or \`idempotency_conflict\`.
`,
        codes: ['already_claimed', 'invalid_request', 'idempotency_conflict'],
        headers: ['IdempotentReplayed'],
      },
      429: RateLimited,
    },
  },
  {
    id: 'getReferral',
    method: 'GET',
    path: '/referrals/{code}',
    tag: 'referrals',
    summary: 'What a friend referred with this code gets (public)',
    auth: 'none',
    idempotent: false,
    parameters: [
      {
        name: 'code',
        in: 'path',
        required: true,
        description: "A member's referral code (case-insensitive).",
        schema: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
      },
    ],
    responses: {
      ...everyRoute,
      200: { description: "The friend's offer.", schema: 'ReferralOffer', headers: ['CacheControlPublic'] },
      429: RateLimited,
    },
  },
]

export const isProblemResponse = (r: OperationResponse): r is ProblemResponse => 'codes' in r
export const isJsonResponse = (r: OperationResponse): r is JsonResponse => 'schema' in r
