import { BADGE_KINDS, FRIEND_KINDS, REWARD_KINDS, RULE_KINDS, type WebhookEventType } from '../../src/entries/contract.ts'

/**
 * The prose of docs/openapi.yaml that is not in src/core/operations.ts: the
 * document's introduction and the notes on schema fields. It lives here, not in
 * the schemas, because the SDK bundles the response schemas and every
 * description there would ship to shoppers' browsers.
 */

export const INFO = {
  title: 'Loyalkit loyalty endpoint',
  version: '1.0.0',
  summary: 'The HTTP contract between the Loyalkit widget SDK and a loyalty backend.',
  description: `The endpoint a Loyalkit widget talks to (\`data-endpoint\`, e.g. \`https://loyalty.example.com/v1\`).
This document is generated (\`npx tsx server/scripts/openapi.ts\`) from the valibot schemas in
\`src/core/schemas.ts\` and the operations table in \`src/core/operations.ts\`, which backends can import
with their TypeScript types as \`loyalkit/contract\`. The reference server is \`server/\`, and
\`npm run conformance -- --endpoint URL --program KEY --secret S\` checks any backend against this document.

**Every request** carries \`X-Loyalkit-Program\` (the program key) and \`Accept-Language\`
(display strings are answered in the best matching language, falling back \`lv-LV\` → \`lv\` → \`en\`),
except the two that name the program in their path: \`GET /programs/{key}\` (a simple GET that needs no
CORS preflight, its language in \`?locale=\`) and \`POST /programs/{key}/opens\`.

**Identified shoppers** send \`Authorization: Bearer <customer token>\`: a JWT the store's own
server signs with the program secret — HS256 only, \`sub\` = the store's customer id, \`email\`,
\`aud\` = the program key, \`iat\` (not in the future, 30 s skew allowed) and \`exp\`, living at most
15 minutes (\`exp − iat ≤ 900\`). A failed check is \`401\` with \`WWW-Authenticate: Bearer\`.

**Every POST** but \`/programs/{key}/opens\` (a counter, not an action) carries \`Idempotency-Key\` (one UUID per user action, reused on every retry of it).
A repeat of a finished request with the same key, principal and body answers the stored
response again (business errors included) with \`Idempotent-Replayed: true\`; the same key with a
different request is \`422 idempotency_conflict\`; a repeat while the first is still running is
\`409 idempotency_conflict\` with \`Retry-After: 1\`. Keys are kept at least 24 hours.

**Errors** are \`application/problem+json\` (RFC 9457) with a machine \`code\` from \`ErrorCode\`;
\`type\` is \`urn:loyalkit:problem:<code>\`. Each problem response lists the codes it can carry.

**CORS**: only the program's allowed origins (and the server's own) get CORS headers; any other
\`Origin\` is answered \`403\` without them. Exposed headers: \`Retry-After, ETag, Idempotent-Replayed,
X-Request-Id\`. \`GET /programs/{key}\` is public, the same for every page: \`Access-Control-Allow-Origin: *\`
for every origin, so one cached copy serves all.

**The store's server** calls the \`store\` routes (orders, refunds, coupons at checkout, members) with
its secret API key as \`Authorization: Bearer <key>\`; they never answer a browser. Webhooks from the
server to the store are described in \`docs/webhooks.md\`.

Not part of this contract: the reference server's demo-only routes under \`/_demo/\`
(\`POST /_demo/token\` mints a customer token as a store's server would, and the Trailpack store's own
small backend). They exist only in demo mode.
`,
  license: { name: 'MIT' },
}

export const SERVERS = [{ url: 'http://localhost:8787/v1', description: 'The reference server of the Trailpack demo (`npm start`)' }]

export const TAGS = [
  { name: 'program' },
  { name: 'members' },
  { name: 'referrals' },
  { name: 'store', description: "The store's server-to-server API: orders, refunds, coupons at checkout, members. Secret API key; never from a browser." },
]

export const SECURITY_SCHEMES = {
  customerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: `HS256 JWT signed by the store's server with the program secret. Claims: \`sub\` (customer id,
required), \`email\`, \`aud\` = program key, \`iat\`, \`exp\` (at most 15 minutes after \`iat\`).
`,
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: `The store's secret API key (\`LOYALKIT_API_KEY\`, at least 32 bytes; more are made in the console). For the
store's server only: a request with an \`Origin\` or \`Sec-Fetch-Site\` header (a browser) is \`403 forbidden\`, and a
key sent to a shopper route is \`403 forbidden\` too. A customer token on these routes is \`401\`.
`,
  },
}

/**
 * Notes on the named schemas (SCHEMAS of operations.ts) and their fields, by
 * path: `Name` or `Name.field.field`. `format` marks what the SDK's lenient
 * schemas do not check themselves (the conformance suite does).
 */
export interface Note {
  description?: string
  format?: string
  examples?: unknown[]
}

/** Kinds are an open set: what every kind field says about the ones a client does not know. */
const LATER_KINDS =
  'The kinds this version defines are listed as examples; a later version may add others, so a client shows an item of a kind it does not know plainly (its name, points or cost) and never refuses the answer for it.'

export const SCHEMA_NOTES: Record<string, Note> = {
  Problem: { description: 'RFC 9457 problem details.' },
  'Problem.type': { format: 'uri', examples: ['urn:loyalkit:problem:insufficient_points'] },
  'Problem.errors': { description: 'Field-level problems for `invalid_request`.' },
  'Problem.retryAfter': { description: 'Seconds; mirrors the `Retry-After` header for `rate_limited`.' },

  'EarningRule.name': { description: "Display name in the request's language." },
  'EarningRule.per': { description: 'For `purchase`: points are awarded per this many currency units.' },
  'EarningRule.claimable': { description: 'True when the shopper claims it with a button (birthday, newsletter, social follow).' },
  'EarningRule.url': { format: 'uri', description: 'For `social_follow`: the profile to follow. `https:` only.' },
  'EarningRule.every': { description: 'For `punch_card`: every this-many-th order (at least 2) earns `points` and, with `rewardId`, a coupon.' },
  'EarningRule.rewardId': { description: "For `punch_card`: the reward whose coupon a full card earns, at no cost (one of the program's rewards)." },

  'Reward.cost': { description: 'Points it costs.' },
  'Reward.value': { description: '`amount_off`: currency units; `percent_off`: percent.' },
  'Reward.imageUrl': {
    format: 'uri-reference',
    description: 'A picture: an `https:` URL, or a path on the store’s own site (`/images/pouch.png`), loaded from the page the widget is on.',
  },

  'Tier.threshold': { description: 'Lifetime points needed.' },
  'Tier.multiplier': { description: 'Multiplier applied to purchase points.' },

  Offer: { description: 'A member-only offer (early access, a member price, a limited edition). Guests see it too, as what joining opens.' },
  'Offer.imageUrl': {
    format: 'uri-reference',
    description: 'A picture: an `https:` URL, or a path on the store’s own site (`/images/pouch.png`), loaded from the page the widget is on.',
  },
  'Offer.url': { format: 'uri', description: 'Where the shopper uses it: a page of the store. `https:` only.' },
  'Offer.tier': { description: 'Id of the lowest tier it is open to; null: every member.' },
  'Offer.startsAt': { description: 'When it opens; null: open already. Shown ahead as early access.' },
  'Offer.endsAt': { description: 'When it closes (exclusive); null: no end. An offer that has ended is not listed.' },
  Campaign: {
    description:
      'A points campaign: purchase points times `multiplier` and/or `bonus` points per order, for orders placed in its window. Listed from before it starts until it ends.',
  },
  'Campaign.name': { description: "In the request's language." },
  'Campaign.startsAt': { description: 'Orders placed from then on count (inclusive).' },
  'Campaign.endsAt': { description: 'Orders placed before then count (exclusive); a campaign that has ended is not listed.' },
  'Campaign.multiplier': { description: 'Multiplies purchase points, on top of the tier’s multiplier.' },
  'Campaign.bonus': { description: 'Points added to each order.' },

  Badge: { description: 'An achievement. A member earns it once, and keeps it.' },
  RuleKind: { description: `What earns the points. ${LATER_KINDS}`, examples: [...RULE_KINDS] },
  RewardKind: { description: `What redeeming it gives. ${LATER_KINDS}`, examples: [...REWARD_KINDS] },
  BadgeKind: {
    description: `What earns it: \`orders\` (the \`count\`th order), \`referrals\` (the \`count\`th friend whose first order completed a referral), \`birthday\` (a birthday given), \`member_years\` (\`count\` years a member), \`lifetime_points\` (\`count\` lifetime points), \`tier\` (reaching tier \`tier\`). ${LATER_KINDS}`,
    examples: [...BADGE_KINDS],
  },
  'Badge.name': { description: "In the request's language." },
  'Badge.description': { description: "The store's own words on it, in the request's language." },
  'Badge.count': { description: 'For `orders`, `referrals`, `member_years` and `lifetime_points`: how many (at least 1).' },
  'Badge.tier': { description: 'For `tier`: the id of the tier that earns it.' },
  'EarnedBadge.id': { description: "The badge's id in the program's `badges`." },
  'EarnedBadge.earnedAt': { description: 'When what earns it first became true.' },
  'PunchCard.ruleId': { description: 'A `punch_card` rule of the program.' },
  'PunchCard.count': { description: 'Orders counted toward its next reward: 0 to `every` − 1.' },

  'MemberOffers.offers': {
    description: "The offers open to the member now, in the program's order; `code` is what to enter at checkout, null when the offer needs none.",
  },

  'ReferralTerms.friend': { description: 'What a referred friend gets on their first order.' },
  'FriendOffer.kind': { description: `What it takes off: \`value\` percent, or \`value\` currency units. ${LATER_KINDS}`, examples: [...FRIEND_KINDS] },
  'ReferralTerms.advocatePoints': { description: 'Points the advocate earns when the friend makes a first purchase.' },

  'Program.currency': { description: 'ISO 4217.' },
  'Program.termsUrl': { format: 'uri', description: '`https:` only.' },
  'Program.privacyUrl': { format: 'uri', description: '`https:` only.' },
  'Program.offers': { description: 'Member-only offers that have not ended. Servers without offers may leave it out.' },
  'Program.campaigns': { description: 'Points campaigns that have not ended, running or coming. Servers without campaigns may leave it out.' },
  'Program.badges': { description: 'Badges members can earn. Servers without badges may leave it out.' },

  'Coupon.code': { description: 'Null for rewards with nothing to enter at checkout (donations).' },

  'Member.email': { format: 'email' },
  'Member.birthday': { format: 'date', description: 'YYYY-MM-DD' },
  'Member.nextTier': { description: 'Null at the top tier.' },
  'Member.referral.url': { format: 'uri' },
  'Member.claimedRules': { description: 'Ids of claimable rules this member can no longer claim.' },
  'MemberExport.badges': { description: 'Every badge the member has earned, as stored (a badge the program has since dropped too).' },
  'MemberExport.punchCards': { description: "The member's punch cards: the count, and punches `owed` after refunds." },
  'Member.badges': { description: 'The badges the member has earned, oldest first. Servers without badges may leave it out.' },
  'Member.punchCards': { description: "Each punch-card rule of the program with the member's count. Servers without punch cards may leave it out." },

  SignUpInput: { description: 'Unknown fields are rejected (here and in `consent`); blank optional strings mean "not given".' },
  'SignUpInput.email': {
    format: 'email',
    description: 'One `@`, a dot in the domain, no control characters. Stored and compared NFC-normalised, trimmed and lower-cased.',
  },
  'SignUpInput.name': { description: 'Trimmed; no control characters. Blank means not given.' },
  'SignUpInput.birthday': { description: 'YYYY-MM-DD, a real date from 1900 on and before today. Blank means not given.' },
  'SignUpInput.consent.terms': { description: 'The shopper accepted the terms: must be `true`.' },
  'SignUpInput.consent.marketing': { description: 'The shopper opted in to marketing.' },
  'SignUpInput.referralCode': { description: "A member's referral code. Blank means not given." },

  'SignUpResult.token': { description: "A customer token for the new member (same form as the store's tokens)." },

  'ActivityEntry.points': { description: 'Signed: redemptions are negative.' },
  'ActivityPage.nextCursor': { description: 'The cursor of the next page; null on the last page.' },

  'RedemptionInput.rewardId': { description: 'The id of one of the program’s rewards.' },
  'ClaimInput.ruleId': { description: 'The id of one of the program’s claimable rules.' },
}

/** When each webhook is sent (its `data` is described in docs/webhooks.md). */
export const WEBHOOKS: Record<WebhookEventType, string> = {
  'member.created': 'A shopper joined.',
  'member.updated': "The member's marketing consent changed.",
  'member.erased': 'The member was erased (`DELETE /members/{id}`): delete what you hold about them.',
  'points.changed': 'The balance changed (sign-up, purchase, claim, redemption, referral, adjustment, refund, expiry).',
  'tier.changed': 'Lifetime points moved the member to another tier.',
  'reward.redeemed': 'Points were spent on a reward.',
  'coupon.used': 'A coupon was used on an order.',
  'coupon.released': 'A coupon was released from the order that used it (`DELETE /coupons/{code}/uses/{orderId}`): usable again.',
  'referral.completed': "A referred friend's first qualifying order completed a referral.",
  'order.refunded': 'A refund was recorded.',
  'points.expiring': 'A balance will expire within 30 days (once per expiry date).',
  'member.badge_earned': 'The member earned a badge (once per badge).',
}

export const WEBHOOK_INTRO = `Posted to each webhook endpoint of the program as the Standard Webhooks specification says:
\`webhook-id\` (stable across retries: de-duplicate on it), \`webhook-timestamp\` (Unix seconds of the attempt) and
\`webhook-signature\` (\`v1,\` + base64 HMAC-SHA256 of \`id.timestamp.body\` with the endpoint secret). Delivered at least
once, retried with exponential backoff for about 24 hours until a 2xx. See docs/webhooks.md.
`
