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
  AdjustmentInputSchema,
  AdjustmentResultSchema,
  ClaimInputSchema,
  ConsentInputSchema,
  CustomerErasureInputSchema,
  CustomerErasureResultSchema,
  ErasureInputSchema,
  ErasureResultSchema,
  ProfileInputSchema,
  CouponStatusSchema,
  CouponUseInputSchema,
  MemberExportSchema,
  MemberListSchema,
  MemberRecordSchema,
  OrderInputSchema,
  OrderResultSchema,
  OrderSchema,
  RefundInputSchema,
  RefundResultSchema,
  WebhookEventSchema,
  ClaimResultSchema,
  MemberOffersSchema,
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
  Offer: ProgramSchema.entries.offers.wrapped.item,
  Campaign: ProgramSchema.entries.campaigns.wrapped.item,
  BadgeKind: ProgramSchema.entries.badges.wrapped.item.entries.kind,
  Badge: ProgramSchema.entries.badges.wrapped.item,
  FriendOffer: ReferralOfferSchema.entries.friend,
  ReferralTerms: ProgramSchema.entries.referral,
  Program: ProgramSchema,
  Coupon: MemberSchema.entries.coupons.item,
  EarnedBadge: MemberSchema.entries.badges.wrapped.item,
  PunchCard: MemberSchema.entries.punchCards.wrapped.item,
  Member: MemberSchema,
  SignUpInput: SignUpInputSchema,
  SignUpResult: SignUpResultSchema,
  ActivityType: entry.entries.type,
  ActivityEntry: entry,
  ActivityPage: ActivityPageSchema,
  MemberOffers: MemberOffersSchema,
  RedemptionInput: RedemptionInputSchema,
  RedemptionResult: RedemptionResultSchema,
  ClaimInput: ClaimInputSchema,
  ClaimResult: ClaimResultSchema,
  ReferralOffer: ReferralOfferSchema,
  ConsentInput: ConsentInputSchema,
  ProfileInput: ProfileInputSchema,
  ErasureInput: ErasureInputSchema,
  CustomerErasureInput: CustomerErasureInputSchema,
  CustomerErasureResult: CustomerErasureResultSchema,
  ErasureResult: ErasureResultSchema,
  OrderInput: OrderInputSchema,
  Order: OrderSchema,
  OrderResult: OrderResultSchema,
  RefundInput: RefundInputSchema,
  RefundResult: RefundResultSchema,
  CouponStatus: CouponStatusSchema,
  CouponUseInput: CouponUseInputSchema,
  AdjustmentInput: AdjustmentInputSchema,
  AdjustmentResult: AdjustmentResultSchema,
  MemberRecord: MemberRecordSchema,
  MemberList: MemberListSchema,
  MemberExport: MemberExportSchema,
  WebhookEvent: WebhookEventSchema,
} as const satisfies Record<string, v.GenericSchema>

export type SchemaName = keyof typeof SCHEMAS

/**
 * Who may call: anyone, anyone (a customer token links the result to it), a customer
 * token only, or the store's server with a secret API key (never a browser).
 */
export type Auth = 'none' | 'optional' | 'required' | 'key'

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
  CacheControlShared: {
    header: 'Cache-Control',
    description: '`public, max-age=60, stale-while-revalidate=300`: any cache or CDN may keep it.',
    schema: v.string(),
  },
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
  method: 'GET' | 'POST' | 'DELETE'
  /** Under the endpoint's base URL (…/v1); `{name}` marks a path parameter. */
  path: string
  tag: 'program' | 'members' | 'referrals' | 'store'
  summary: string
  description?: string
  auth: Auth
  /**
   * Where the program key goes: the `X-Loyalkit-Program` header (the default), or the path's
   * `{key}`, for requests a page sends with no custom header and so with no CORS preflight.
   */
  programIn?: 'header' | 'path'
  /** Needs an `Idempotency-Key` header (every POST that changes what a shopper has). */
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

const KeyUnauthorized = problem(
  'KeyUnauthorized',
  ['unauthorized'],
  '`unauthorized`: missing, unknown or revoked secret API key, or a customer token where a key is needed.',
  ['WWWAuthenticate'],
)
const Forbidden = problem('Forbidden', ['forbidden'], "`forbidden`: sent from a browser (an `Origin` header): secret keys are for the store's server only.")

const ShopperForbidden = problem(
  'ShopperForbidden',
  ['invalid_request', 'forbidden'],
  "`invalid_request`: the request's Origin is not allowed for this program (sent without CORS headers). `forbidden`: the store's\nsecret API key was sent instead of a customer token (keys belong on the store's server: rotate one that reached a page).\n",
)

/** The answers every route can give. */
const everyRoute = { 400: BadRequest, 403: OriginNotAllowed, 404: NotFound, 421: HostNotAllowed, 500: ServerError }

/** The answers of an idempotent POST besides its own (body limits, a concurrent retry). */
const postProblems = { 409: StillRunning, 413: TooLarge, 415: UnsupportedMediaType }
/** A member's POST answers `ok`, or one of the problems every such POST may meet, or its own 422s. */
const memberPost = <T extends object>(ok: T, unprocessable: Omit<ProblemResponse, 'headers'>) => ({
  ...everyRoute,
  403: ShopperForbidden,
  ...ok,
  401: Unauthorized,
  ...postProblems,
  422: { ...unprocessable, headers: ['IdempotentReplayed'] } as ProblemResponse,
})

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
    id: 'getProgramByKey',
    method: 'GET',
    path: '/programs/{key}',
    tag: 'program',
    summary: 'The loyalty program, by its key in the address',
    description: `The same Program as \`GET /program\`, for a page to fetch before anyone touches the widget: a simple
GET (no custom header), so no CORS preflight, and public (\`Access-Control-Allow-Origin: *\`, no credentials), so
any CDN can cache it. With \`locale\` the answer depends on the address alone; without it, on
\`Accept-Language\` (\`Vary\`). \`Cache-Control: public, max-age=60, stale-while-revalidate=300\`: a new version
of the program reaches pages within a minute (a page may show the previous one once more while it revalidates).
`,
    auth: 'none',
    programIn: 'path',
    idempotent: false,
    parameters: [
      { name: 'key', in: 'path', required: true, schema: v.pipe(v.string(), v.maxLength(100)) },
      {
        name: 'locale',
        in: 'query',
        required: false,
        description: 'A BCP 47 tag (`lv`, `ru-RU`): the language to answer in, else the best one the program has.',
        schema: v.pipe(v.string(), v.maxLength(35)),
      },
      { name: 'If-None-Match', in: 'header', required: false, schema: v.string() },
    ],
    responses: {
      400: BadRequest,
      404: NotFound,
      421: HostNotAllowed,
      500: ServerError,
      200: { description: 'The program.', schema: 'Program', headers: ['ETag', 'CacheControlShared', 'ContentLanguage'] },
      304: { description: 'Not modified (`If-None-Match` matched the current ETag).', headers: ['ETag', 'CacheControlShared'] },
    },
  },
  {
    id: 'countOpen',
    method: 'POST',
    path: '/programs/{key}/opens',
    tag: 'program',
    summary: 'Count a guest opening the widget',
    description: `The widget sends this (a beacon: no body, no custom header, no credentials) the first time a
guest opens its panel on a page; the console divides sign-ups by these opens. Nothing about the shopper
is sent or kept: only a counter per program and day goes up. Counted only from a page of an allowed
Origin (no Origin: \`403 forbidden\`), at most a number per client address per minute (\`429\`).
Not idempotent: a retry counts again, which the widget never does.
`,
    auth: 'none',
    programIn: 'path',
    idempotent: false,
    parameters: [{ name: 'key', in: 'path', required: true, schema: v.pipe(v.string(), v.maxLength(100)) }],
    responses: {
      400: BadRequest,
      403: problem(
        'OpenForbidden',
        ['invalid_request', 'forbidden'],
        "`invalid_request`: the request's Origin is not allowed for this program. `forbidden`: no Origin (not sent by a page).",
      ),
      404: NotFound,
      421: HostNotAllowed,
      429: RateLimited,
      500: ServerError,
      204: { description: 'Counted.' },
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
stored normalised (NFC, trimmed, lower-case). A person who erased their membership (the same email, ignoring
case, \`+tags\` and Gmail's dots, or the same store customer) joins again without the sign-up bonus,
without a referral, and with every rule claimed once or once a year (this year's birthday gift) already
claimed (\`member.claimedRules\`): only keyed digests of those identities are kept, to know a return.
Field error codes: \`required\`, \`invalid\`, \`too_long\`, \`future\` (birthday), \`unknown\` and \`own_code\`
(referralCode: the member's own code, under any address of theirs), \`unknown_field\`, \`email_taken\`, \`not_account_email\`.
A referred friend's promised offer (\`referral.friend\`) is in \`member.coupons\` from the start (\`rewardId: referral\`).
Orders this email placed as a guest (without a store customer id, or of this token's customer) are credited now.
`,
    auth: 'optional',
    idempotent: true,
    body: 'SignUpInput',
    parameters: [],
    responses: {
      ...everyRoute,
      403: ShopperForbidden,
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
      403: ShopperForbidden,
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
      403: ShopperForbidden,
      200: { description: 'One page.', schema: 'ActivityPage', headers: ['CacheControlNoStore'] },
      401: Unauthorized,
    },
  },
  {
    id: 'getMemberOffers',
    method: 'GET',
    path: '/members/me/offers',
    tag: 'members',
    summary: 'The offers open to the member now, with their codes',
    description: `The program lists its offers to everyone, without codes. This answers the ones open to this
member at this moment (started, not ended, and at or below the member's tier), each with the code
to enter at checkout, or null when the offer needs none (a member price applied by the store).
`,
    auth: 'required',
    idempotent: false,
    parameters: [],
    responses: {
      ...everyRoute,
      403: ShopperForbidden,
      200: { description: "The open offers, in the program's order.", schema: 'MemberOffers', headers: ['CacheControlNoStore'] },
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
      403: ShopperForbidden,
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
      403: ShopperForbidden,
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
  {
    id: 'setConsent',
    method: 'POST',
    path: '/members/me/consent',
    tag: 'members',
    summary: "Give or withdraw the member's marketing consent",
    description: `Recorded with its time and source (\`widget\`); the answer is the member as \`GET /members/me\` shows it.
`,
    auth: 'required',
    idempotent: true,
    body: 'ConsentInput',
    parameters: [],
    responses: memberPost(
      { 200: { description: 'The member.', schema: 'Member', headers: ['IdempotentReplayed', 'CacheControlNoStore'] } },
      { description: '`invalid_request` (malformed body) or `idempotency_conflict`.', codes: ['invalid_request', 'idempotency_conflict'] },
    ),
  },
  {
    id: 'updateProfile',
    method: 'POST',
    path: '/members/me/profile',
    tag: 'members',
    summary: "Change the member's name or birthday",
    description: `A field left out stays as it is; \`null\` or \`""\` clears it. A birthday can be added after joining,
and changes at most once a year (the first one included): a change within a year of the last one is
\`invalid_request\` with the field error \`once_a_year\`. The answer is the member as \`GET /members/me\` shows it.
Field error codes: \`invalid\`, \`too_long\`, \`future\` (birthday), \`once_a_year\`, \`unknown_field\`.
`,
    auth: 'required',
    idempotent: true,
    body: 'ProfileInput',
    parameters: [],
    responses: memberPost(
      { 200: { description: 'The member.', schema: 'Member', headers: ['IdempotentReplayed', 'CacheControlNoStore'] } },
      { description: '`invalid_request` with field `errors`, or `idempotency_conflict`.', codes: ['invalid_request', 'idempotency_conflict'] },
    ),
  },
  {
    id: 'exportMe',
    method: 'GET',
    path: '/members/me/export',
    tag: 'members',
    summary: 'Everything held about the member, for the member (download my data)',
    description: `The same export as the store's \`GET /members/{id}/export\`, for the member of the customer token.
`,
    auth: 'required',
    idempotent: false,
    parameters: [],
    responses: {
      ...everyRoute,
      403: ShopperForbidden,
      200: { description: 'The export.', schema: 'MemberExport', headers: ['CacheControlNoStore'] },
      401: Unauthorized,
    },
  },
  {
    id: 'eraseMe',
    method: 'POST',
    path: '/members/me/erasure',
    tag: 'members',
    summary: "Delete the member's account (erasure), asked by the member",
    description: `The same erasure as the store's \`DELETE /members/{id}\`: the person's data goes, the books stay.
The body confirms it in so many words (\`{"confirm": "erase"}\`). Afterwards the token that asked finds
no member (\`GET /members/me\` answers \`204\`).
`,
    auth: 'required',
    idempotent: true,
    body: 'ErasureInput',
    parameters: [],
    responses: memberPost(
      { 200: { description: 'Erased.', schema: 'ErasureResult', headers: ['IdempotentReplayed', 'CacheControlNoStore'] } },
      { description: '`invalid_request` (no confirmation) or `idempotency_conflict`.', codes: ['invalid_request', 'idempotency_conflict'] },
    ),
  },
  {
    id: 'recordOrder',
    method: 'POST',
    path: '/orders',
    tag: 'store',
    summary: 'Record an order and credit its points',
    description: `Points: the purchase rule (\`points\` per \`per\` of the amount) × the member's tier multiplier ×
the running campaigns' multipliers, rounded down, plus the running campaigns' per-order bonuses. A free order
(\`amount\` 0) buys nothing and earns nothing: no points, no bonus, no punch on a card, no order badge. The member is found by \`customer.id\` (the store's
customer id), else by \`customer.email\`. An order of an email that is not a member yet is kept as a
\`guest\` order and credited, once, when that email joins ("join and get points for this order"); a store
customer's, when that customer joins or their verified token links the member who joined with its email. An order id is recorded once per program, whatever the Idempotency-Key: the same order again
answers \`200\` with the order as recorded; the same id with another customer, amount or currency is
\`409 order_conflict\`. \`currency\` must be the program's (\`currency_mismatch\`).
A referred member's first order of at least the program's \`referral.minOrderAmount\` (and of more than
nothing) completes the referral: the advocate earns \`referral.advocatePoints\` (at most
\`referral.monthlyCap\` referrals a calendar month), never when the order's customer is the advocate (same
customer id or email); a refund below the minimum, or in full, takes that back.
Field error codes: \`required\`, \`invalid\`, \`too_long\`, \`too_large\`, \`future\` (placedAt), \`unknown_field\`,
\`currency_mismatch\`.
`,
    auth: 'key',
    idempotent: true,
    body: 'OrderInput',
    parameters: [],
    responses: {
      ...everyRoute,
      200: {
        description: 'This order id was already recorded with the same content: the order as recorded.',
        schema: 'OrderResult',
        headers: ['IdempotentReplayed'],
      },
      201: { description: 'The order, and the member it was credited to (null for a guest order).', schema: 'OrderResult', headers: ['IdempotentReplayed'] },
      401: KeyUnauthorized,
      403: Forbidden,
      ...postProblems,
      409: {
        description: '`order_conflict` (this id was recorded with other content) or `idempotency_conflict` (still running).',
        codes: ['order_conflict', 'idempotency_conflict'],
        headers: ['RetryAfter'],
      },
      422: {
        description: '`invalid_request` with field `errors`, or `idempotency_conflict`.',
        codes: ['invalid_request', 'idempotency_conflict'],
        headers: ['IdempotentReplayed'],
      },
    },
  },
  {
    id: 'getOrder',
    method: 'GET',
    path: '/orders/{id}',
    tag: 'store',
    summary: 'An order as recorded, with its refunds applied',
    auth: 'key',
    idempotent: false,
    parameters: [{ name: 'id', in: 'path', required: true, description: "The store's order id.", schema: v.string() }],
    responses: { ...everyRoute, 200: { description: 'The order.', schema: 'Order' }, 401: KeyUnauthorized, 403: Forbidden },
  },
  {
    id: 'refundOrder',
    method: 'POST',
    path: '/orders/{id}/refunds',
    tag: 'store',
    summary: 'Refund part or all of an order, reversing its points in proportion',
    description: `Refunds add up to at most the order amount (\`exceeds_order\`). After them, the order's reversed
points are \`floor(points × refunded / amount)\` (all of them on a full refund); this refund reverses what that
adds. **Points already spent**: the balance never goes below zero. What the balance cannot cover is recorded
as \`pointsOwed\` on the member and settled from future earnings (each later credit first pays what is owed,
as a \`refund\` entry in the activity). A guest order's refund reverses nothing.
With the store's own refund \`id\`, a refund is recorded once per order whatever the Idempotency-Key: the same id
again answers \`200\` with the refund as recorded; with another amount, \`409 order_conflict\`. A \`404\` (no such order
yet) is not kept under the Idempotency-Key: retry it once the order is reported.
`,
    auth: 'key',
    idempotent: true,
    body: 'RefundInput',
    parameters: [{ name: 'id', in: 'path', required: true, description: "The store's order id.", schema: v.string() }],
    responses: {
      ...everyRoute,
      200: {
        description: 'This refund `id` was already recorded with the same amount: the refund as recorded.',
        schema: 'RefundResult',
        headers: ['IdempotentReplayed'],
      },
      201: { description: 'The refund, the order after it and the member (null for a guest order).', schema: 'RefundResult', headers: ['IdempotentReplayed'] },
      401: KeyUnauthorized,
      403: Forbidden,
      ...postProblems,
      409: {
        description: '`order_conflict` (this refund `id` was recorded with another amount) or `idempotency_conflict` (still running).',
        codes: ['order_conflict', 'idempotency_conflict'],
        headers: ['RetryAfter'],
      },
      422: {
        description: '`invalid_request` (`exceeds_order`, malformed body) or `idempotency_conflict`.',
        codes: ['invalid_request', 'idempotency_conflict'],
        headers: ['IdempotentReplayed'],
      },
    },
  },
  {
    id: 'getCoupon',
    method: 'GET',
    path: '/coupons/{code}',
    tag: 'store',
    summary: 'Check a coupon code at checkout',
    description: `With \`amount\` (the cart, in the program's currency), \`valid\` says whether the code can be used on it
and \`discount\` what it takes off. Codes are case-insensitive.
`,
    auth: 'key',
    idempotent: false,
    parameters: [
      { name: 'code', in: 'path', required: true, description: 'The coupon code (e.g. `TP-7K2M-QX9D-4HFA`).', schema: v.string() },
      { name: 'amount', in: 'query', required: false, description: 'The cart amount.', schema: v.pipe(v.number(), v.minValue(0)) },
    ],
    responses: { ...everyRoute, 200: { description: 'The coupon and whether it applies.', schema: 'CouponStatus' }, 401: KeyUnauthorized, 403: Forbidden },
  },
  {
    id: 'useCoupon',
    method: 'POST',
    path: '/coupons/{code}/uses',
    tag: 'store',
    summary: 'Use a coupon on an order, exactly once',
    description: `Marks the coupon used by \`orderId\`. Whatever the concurrency, one use succeeds; any other is
\`409 coupon_used\` (the same order again answers the coupon as used, 200). An expired coupon is \`422 coupon_expired\`;
with \`amount\` below the reward's minimum order amount, \`422 coupon_not_applicable\`.
`,
    auth: 'key',
    idempotent: true,
    body: 'CouponUseInput',
    parameters: [{ name: 'code', in: 'path', required: true, description: 'The coupon code.', schema: v.string() }],
    responses: {
      ...everyRoute,
      200: { description: 'Already used by this same order: the coupon.', schema: 'CouponStatus', headers: ['IdempotentReplayed'] },
      201: { description: 'Used: the coupon, now `used`.', schema: 'CouponStatus', headers: ['IdempotentReplayed'] },
      401: KeyUnauthorized,
      403: Forbidden,
      ...postProblems,
      409: {
        description: '`coupon_used` (by another order) or `idempotency_conflict` (still running).',
        codes: ['coupon_used', 'idempotency_conflict'],
        headers: ['RetryAfter'],
      },
      422: {
        description: '`coupon_expired`, `coupon_not_applicable`, `invalid_request` or `idempotency_conflict`.',
        codes: ['coupon_expired', 'coupon_not_applicable', 'invalid_request', 'idempotency_conflict'],
        headers: ['IdempotentReplayed'],
      },
    },
  },
  {
    id: 'releaseCoupon',
    method: 'DELETE',
    path: '/coupons/{code}/uses/{orderId}',
    tag: 'store',
    summary: 'Release a coupon from an order (payment failed, order cancelled)',
    description: `The coupon is no longer used by \`orderId\`: active again (or \`expired\`, if its time ran out meanwhile),
for the shopper's next order; \`coupon.released\` is sent. Releasing a coupon that order does not use (never used, or
released already) answers it as it is: a retry changes nothing. Used by another order: \`409 coupon_used\`.
`,
    auth: 'key',
    idempotent: false,
    parameters: [
      { name: 'code', in: 'path', required: true, description: 'The coupon code.', schema: v.string() },
      { name: 'orderId', in: 'path', required: true, description: 'The order that used it.', schema: v.string() },
    ],
    responses: {
      ...everyRoute,
      200: { description: 'The coupon, no longer used by that order.', schema: 'CouponStatus' },
      401: KeyUnauthorized,
      403: Forbidden,
      409: { description: '`coupon_used`: another order uses it.', codes: ['coupon_used'] },
    },
  },
  {
    id: 'findMembers',
    method: 'GET',
    path: '/members',
    tag: 'store',
    summary: 'Find members by email',
    auth: 'key',
    idempotent: false,
    parameters: [{ name: 'email', in: 'query', required: true, description: 'Compared normalised (NFC, trimmed, lower-case).', schema: v.string() }],
    responses: {
      ...everyRoute,
      200: { description: 'The members with this email (none or one).', schema: 'MemberList' },
      401: KeyUnauthorized,
      403: Forbidden,
    },
  },
  {
    id: 'getMemberRecord',
    method: 'GET',
    path: '/members/{id}',
    tag: 'store',
    summary: 'A member: balance, tier, lifetime value, consent',
    description: "Member ids start with `mem_` (`/members/me` is the shopper's own route).",
    auth: 'key',
    idempotent: false,
    parameters: [{ name: 'id', in: 'path', required: true, schema: v.string() }],
    responses: { ...everyRoute, 200: { description: 'The member.', schema: 'MemberRecord' }, 401: KeyUnauthorized, 403: Forbidden },
  },
  {
    id: 'eraseMember',
    method: 'DELETE',
    path: '/members/{id}',
    tag: 'store',
    summary: 'Erase a member (right to erasure)',
    description: `Removes the member's personal data everywhere it is held (email, name, birthday, the store's customer id,
consent history, stored responses and webhook payloads that carry them) and keeps what the books need: the
ledger and its totals, orders' amounts, referral links to other members (without the person). The member
can no longer sign in or be found; the email can join again, as a returning member (no second sign-up bonus,
no referral, the rules claimed once or once a year already claimed; keyed digests of the email and customer id are kept for that). Answers \`204\`; a second erase is \`404\`.
`,
    auth: 'key',
    idempotent: false,
    parameters: [{ name: 'id', in: 'path', required: true, schema: v.string() }],
    responses: { ...everyRoute, 204: { description: 'Erased.' }, 401: KeyUnauthorized, 403: Forbidden },
  },
  {
    id: 'eraseCustomer',
    method: 'POST',
    path: '/customers/erasure',
    tag: 'store',
    summary: 'Erase a person by email or customer id, member or not (right to erasure)',
    description: `For an erasure request the store received: the person is named by \`email\`, by the store's \`customerId\`,
or both. A member either names is erased as by \`DELETE /members/{id}\` (both, if they name two); guest orders of that email or customer id
(reported by \`POST /orders\`, never credited) lose their contact details, and stored responses that showed them
become \`404\`. Given both, an email whose member is another store customer (the address changed hands) is
left alone, with that customer's orders. Amounts and order ids stay. Answers what it erased; nobody matching is not an error
(\`{ "members": [], "guestOrders": 0 }\`).
`,
    auth: 'key',
    idempotent: true,
    body: 'CustomerErasureInput',
    parameters: [],
    responses: {
      ...everyRoute,
      200: { description: 'What was erased.', schema: 'CustomerErasureResult', headers: ['IdempotentReplayed'] },
      401: KeyUnauthorized,
      403: Forbidden,
      ...postProblems,
      422: { description: '`invalid_request` or `idempotency_conflict`.', codes: ['invalid_request', 'idempotency_conflict'], headers: ['IdempotentReplayed'] },
    },
  },
  {
    id: 'exportMember',
    method: 'GET',
    path: '/members/{id}/export',
    tag: 'store',
    summary: 'Everything held about a member (right of access)',
    auth: 'key',
    idempotent: false,
    parameters: [{ name: 'id', in: 'path', required: true, schema: v.string() }],
    responses: { ...everyRoute, 200: { description: 'The export.', schema: 'MemberExport' }, 401: KeyUnauthorized, 403: Forbidden },
  },
  {
    id: 'adjustPoints',
    method: 'POST',
    path: '/members/{id}/adjustments',
    tag: 'store',
    summary: 'Correct a balance, with a reason',
    description: `A signed correction in the ledger with its \`reason\` and who made it (the API key's name). A negative
adjustment larger than the balance is \`insufficient_points\`. A positive one first settles points owed.
Field error codes: \`required\`, \`invalid\`, \`too_long\`, \`too_large\`, \`unknown_field\`.
`,
    auth: 'key',
    idempotent: true,
    body: 'AdjustmentInput',
    parameters: [{ name: 'id', in: 'path', required: true, schema: v.string() }],
    responses: {
      ...everyRoute,
      201: { description: 'The ledger entry and the new balance.', schema: 'AdjustmentResult', headers: ['IdempotentReplayed'] },
      401: KeyUnauthorized,
      403: Forbidden,
      ...postProblems,
      422: {
        description: '`insufficient_points`, `invalid_request` or `idempotency_conflict`.',
        codes: ['insufficient_points', 'invalid_request', 'idempotency_conflict'],
        headers: ['IdempotentReplayed'],
      },
    },
  },
  {
    id: 'setMemberConsent',
    method: 'POST',
    path: '/members/{id}/consent',
    tag: 'store',
    summary: "Record the member's marketing consent as the store received it",
    description: 'Recorded with its time and source (`store`).',
    auth: 'key',
    idempotent: true,
    body: 'ConsentInput',
    parameters: [{ name: 'id', in: 'path', required: true, schema: v.string() }],
    responses: {
      ...everyRoute,
      200: { description: 'The member.', schema: 'MemberRecord', headers: ['IdempotentReplayed'] },
      401: KeyUnauthorized,
      403: Forbidden,
      ...postProblems,
      422: { description: '`invalid_request` or `idempotency_conflict`.', codes: ['invalid_request', 'idempotency_conflict'], headers: ['IdempotentReplayed'] },
    },
  },
]

export const isProblemResponse = (r: OperationResponse): r is ProblemResponse => 'codes' in r
export const isJsonResponse = (r: OperationResponse): r is JsonResponse => 'schema' in r
