/**
 * Bad input on every route, as data: malformed and oversized bodies, wrong types,
 * control characters and huge strings in every field, odd numbers, unknown fields,
 * wrong Content-Type, bad Idempotency-Key / Authorization / X-Loyalkit-Program /
 * Accept-Language headers, bad cursors, limits and referral codes.
 *
 * Every case must be answered (never a hang: each request has a timeout) with a 4xx
 * `application/problem+json` carrying `status`, `code` and `title` — never a 500 —
 * and the whole table must write no domain rows (members, ledger, redemptions,
 * claims). The few inputs a route tolerates by design (a garbled Accept-Language on
 * a GET) are marked `tolerated`: they must answer 2xx, not fail.
 *
 * Most requests go through fetch; what fetch cannot send goes through node:http
 * (chunked bodies, a Content-Length with no body, no Content-Type) or a raw socket
 * (control characters and UTF-8 in header values, `..` in the path).
 *
 * Decisions per field: NUL and C0/C1 controls (U+0000–U+001F, U+007F–U+009F) are
 * refused in every text field. A `name` also refuses bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) and line separators, but keeps the marks
 * and joiners right-to-left names and emoji need; fields with a fixed alphabet
 * (emails, ids, codes) refuse anything outside it.
 * `amount` is money: fractional amounts (19.99) are valid and not in this table.
 */
import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { connect } from 'node:net'
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../server/src/program/i18n.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { API_KEY, backends, PROGRAM, SECRET, signUp, start, storeToken, uniqueEmail } from './helpers.ts'

/** Per request: a case that takes longer is a hang. */
const TIMEOUT_MS = 5_000

// ---- the routes ------------------------------------------------------------

/** What the cases need from the one member set up per backend. */
interface Ctx {
  /** The member's own token (from sign-up). */
  token: string
  email: string
  referralCode: string
  /** Tokens that must be refused, by name (minted in beforeAll: signing is async). */
  bad: Record<BadToken, string>
}

type RouteName = 'program' | 'signup' | 'me' | 'activity' | 'redeem' | 'claim' | 'referral' | 'demoToken' | 'orders'

interface Route {
  method: 'GET' | 'POST'
  path: (ctx: Ctx) => string
  /** Sends the member's token (`required`) or the store's API key (`key`) by default. */
  auth: 'required' | 'optional' | 'none' | 'key'
  /** Checks X-Loyalkit-Program (the /_demo routes do not: they stand in for the store's server). */
  program: boolean
  /** A valid body (POST): each case breaks one thing in it. */
  body?: (ctx: Ctx) => Record<string, unknown>
}

const ROUTES: Record<RouteName, Route> = {
  program: { method: 'GET', path: () => '/v1/program', auth: 'none', program: true },
  signup: {
    method: 'POST',
    path: () => '/v1/members',
    auth: 'optional',
    program: true,
    body: () => ({ email: uniqueEmail('bad'), consent: { terms: true, marketing: false } }),
  },
  me: { method: 'GET', path: () => '/v1/members/me', auth: 'required', program: true },
  activity: { method: 'GET', path: () => '/v1/members/me/activity', auth: 'required', program: true },
  // Costs 500 points, the member has 100: even a request that got through would not redeem.
  redeem: { method: 'POST', path: () => '/v1/members/me/redemptions', auth: 'required', program: true, body: () => ({ rewardId: 'five-euro-off' }) },
  // Claimable: a request that got through WOULD write a claim and a ledger entry.
  claim: { method: 'POST', path: () => '/v1/members/me/claims', auth: 'required', program: true, body: () => ({ ruleId: 'newsletter' }) },
  referral: { method: 'GET', path: (ctx) => '/v1/referrals/' + ctx.referralCode, auth: 'none', program: true },
  demoToken: {
    method: 'POST',
    path: () => '/_demo/token',
    auth: 'none',
    program: false,
    body: () => ({ customerId: 'cust_bad_input', email: 'bad.input@example.com' }),
  },
  // For the set-up member: a request that got through WOULD write an order and a ledger entry.
  orders: {
    method: 'POST',
    path: () => '/v1/orders',
    auth: 'key',
    program: true,
    body: (ctx) => ({ id: 'bad-' + randomUUID(), customer: { email: ctx.email }, amount: 10, currency: 'EUR' }),
  },
}

const ALL = Object.keys(ROUTES) as RouteName[]
const POSTS = ALL.filter((r) => ROUTES[r].method == 'POST')
const GETS = ALL.filter((r) => ROUTES[r].method == 'GET')
const WITH_PROGRAM = ALL.filter((r) => ROUTES[r].program)
const WITH_AUTH = ALL.filter((r) => ROUTES[r].auth != 'none')

// ---- the cases -------------------------------------------------------------

/** One request, as a change to the route's valid request. */
interface Req {
  /** Replaces the route's path (query strings go here too). */
  path?: string
  /** Merged over the defaults; null drops a default header. */
  headers?: Record<string, string | null>
  /** Replaces the valid body (JSON-encoded)… */
  body?: unknown
  /** …or changes one field of it (dotted path; undefined deletes the field)… */
  field?: { path: string; value: unknown }
  /** …or is sent as it is. */
  raw?: string
  /** fetch (default); node:http for chunked bodies and odd lengths; a raw socket for bytes neither lets through. */
  via?: 'fetch' | 'http' | 'socket'
  /** node:http: the body in these chunks, chunked (no Content-Length). */
  chunks?: string[]
  /** node:http: announce this Content-Length and send no body. */
  announce?: number
}

interface Case {
  route: RouteName
  name: string
  request: (ctx: Ctx, route: RouteName) => Req
  /** The status to expect (any 4xx when not given); `tolerated`: a 2xx. */
  status?: number | 'tolerated'
  /** A 422 must name this field in `errors`. */
  field?: string
}

const cases: Case[] = []
const add = (routes: RouteName[], name: string, request: Case['request'], expectation: Omit<Case, 'route' | 'name' | 'request'> = {}) => {
  for (const route of routes) cases.push({ route, name, request, ...expectation })
}
/** A short, printable rendering of a value for case names. */
const show = (value: unknown): string => {
  const s =
    typeof value == 'string'
      ? JSON.stringify(value.length > 24 ? value.slice(0, 12) + `…(${value.length} chars)` : value)
      : value === undefined
        ? 'missing'
        : Object.is(value, -0)
          ? '-0'
          : (JSON.stringify(value) ?? String(value))
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

// -- bodies --

const MALFORMED: [string, string][] = [
  ['truncated JSON', '{"a":'],
  ['trailing garbage', '{} x'],
  ['two objects', '{}{}'],
  ['an array', '[]'],
  ['a string', '"x"'],
  ['null', 'null'],
  ['a number', '42'],
  ['true', 'true'],
  ['an empty body', ''],
  ['whitespace only', '  \n '],
  ['single quotes', "{'a':1}"],
  ['a NaN literal', '{"amount":NaN}'],
  ['a comment', '{/* */}'],
]
for (const [name, raw] of MALFORMED) add(POSTS, `malformed body: ${name}`, () => ({ raw }), { status: 400 })

const big = (n: number) => 'x'.repeat(n)
add(POSTS, 'body over 16 KB with Content-Length', (ctx, route) => ({ raw: JSON.stringify({ ...bodyOf(ctx, route), pad: big(17 * 1024) }) }), { status: 413 })
add(POSTS, 'body of 1 MB with Content-Length', () => ({ raw: JSON.stringify({ pad: big(1024 * 1024) }) }), { status: 413 })
add(POSTS, 'body over 16 KB, chunked without Content-Length', () => ({ via: 'http', chunks: ['{"pad":"' + big(10_000), big(10_000) + '"}'] }), { status: 413 })
add(POSTS, 'Content-Length of 1 GB and no body sent', () => ({ via: 'http', announce: 1024 ** 3 }), { status: 413 })
add(POSTS, 'Content-Length of 17 KB and no body sent', () => ({ via: 'http', announce: 17 * 1024 }), { status: 413 })

const WRONG_TYPES: [string, Record<string, string | null>, 'fetch' | 'http'][] = [
  ['text/plain', { 'Content-Type': 'text/plain' }, 'fetch'],
  ['form-urlencoded', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'fetch'],
  ['multipart/form-data', { 'Content-Type': 'multipart/form-data; boundary=x' }, 'fetch'],
  ['application/jsonx', { 'Content-Type': 'application/jsonx' }, 'fetch'],
  ['application/xml', { 'Content-Type': 'application/xml' }, 'fetch'],
  ['an empty Content-Type', { 'Content-Type': '' }, 'fetch'],
  ['no Content-Type', { 'Content-Type': null }, 'http'],
]
for (const [name, headers, via] of WRONG_TYPES) add(POSTS, `wrong Content-Type: ${name}`, () => ({ headers, via }), { status: 415 })

// -- fields --

type Kind = 'text' | 'bool' | 'amount' | 'money' | 'object'
interface FieldSpec {
  path: string
  kind: Kind
  /** A realistic value of the field around `s` (so a control character is the only thing wrong). */
  around?: (s: string) => string
  required?: boolean
}

const FIELDS: Partial<Record<RouteName, FieldSpec[]>> = {
  signup: [
    { path: 'email', kind: 'text', around: (s) => `ctl${s}x@example.com`, required: true },
    { path: 'name', kind: 'text', around: (s) => `An${s}na` },
    { path: 'birthday', kind: 'text', around: (s) => `1990-05-17${s}` },
    { path: 'referralCode', kind: 'text', around: (s) => `AB${s}CD` },
    { path: 'consent', kind: 'object', required: true },
    { path: 'consent.terms', kind: 'bool', required: true },
    { path: 'consent.marketing', kind: 'bool', required: true },
  ],
  redeem: [{ path: 'rewardId', kind: 'text', around: (s) => `five-euro-off${s}`, required: true }],
  claim: [{ path: 'ruleId', kind: 'text', around: (s) => `newsletter${s}`, required: true }],
  demoToken: [
    { path: 'customerId', kind: 'text', around: (s) => `cust${s}1`, required: true },
    { path: 'email', kind: 'text', around: (s) => `ctl${s}x@example.com`, required: true },
    { path: 'name', kind: 'text', around: (s) => `An${s}na` },
  ],
  orders: [
    { path: 'id', kind: 'text', around: (s) => `ord${s}1`, required: true },
    { path: 'customer', kind: 'object', required: true },
    { path: 'customer.email', kind: 'text', around: (s) => `ctl${s}x@example.com`, required: true },
    { path: 'customer.id', kind: 'text', around: (s) => `cust${s}1` },
    { path: 'amount', kind: 'money', required: true },
    { path: 'currency', kind: 'text', around: (s) => `EU${s}`, required: true },
    { path: 'placedAt', kind: 'text', around: (s) => `2026-01-01T00:00:00Z${s}` },
  ],
}

/** Wrong types, by the kind of field. */
const WRONG: Record<Kind, unknown[]> = {
  text: [42, 0, -1.5, true, false, null, {}, { value: 'x' }, [], ['x']],
  bool: ['true', 'false', 1, 0, null, {}, [], [true]],
  object: [true, 'yes', 1, null, [], [true, false]],
  amount: ['10', '', true, null, {}, [], [10]],
  money: ['10', '', true, null, {}, [], [10]],
}

/** Control characters: NUL, BEL, ESC, DEL, and the C1 controls NEL and CSI. */
const CONTROLS = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b']

/** Numbers `amount` must refuse, as JSON values (raw: they do not survive JSON.stringify). */
const BAD_AMOUNTS: [string, string][] = [
  ['negative', '-10'],
  ['zero', '0'],
  ['minus zero', '-0'],
  ['a tiny negative', '-1e-9'],
  ['underflow to zero', '1e-400'],
  ['huge 1e308', '1e308'],
  ['2**53+1', '9007199254740993'],
  ['over the maximum', '1000000.01'],
  ['1e309 (Infinity)', '1e309'],
  ['-1e309 (-Infinity)', '-1e309'],
  ['"NaN"', '"NaN"'],
  ['"Infinity"', '"Infinity"'],
  ['"-Infinity"', '"-Infinity"'],
  ['"1e3"', '"1e3"'],
  ['"0x10"', '"0x10"'],
]

/** An order's amount (≥ 0, cents, at most 1e9) must refuse these. */
const BAD_MONEY: [string, string][] = [
  ['negative', '-10'],
  ['a tiny negative', '-1e-9'],
  ['a thousandth of a cent', '10.001'],
  ['huge 1e308', '1e308'],
  ['2**53+1', '9007199254740993'],
  ['over the maximum', '1000000000.01'],
  ['1e309 (Infinity)', '1e309'],
  ['-1e309 (-Infinity)', '-1e309'],
  ['"NaN"', '"NaN"'],
  ['"1e3"', '"1e3"'],
]

for (const [route, fields] of Object.entries(FIELDS) as [RouteName, FieldSpec[]][]) {
  for (const f of fields) {
    const change = (value: unknown) => () => ({ field: { path: f.path, value } })
    for (const value of WRONG[f.kind]) add([route], `${f.path} = ${show(value)}`, change(value), { status: 422, field: f.path })
    if (f.required) add([route], `${f.path} missing`, change(undefined), { status: 422, field: f.path })
    if (f.kind == 'text') {
      for (const c of CONTROLS) {
        add([route], `${f.path} = ${show(f.around!(c))}`, change(f.around!(c)), { status: 422, field: f.path })
      }
      add([route], `${f.path} = ${show('\u0007')} alone`, change('\u0007'), { status: 422, field: f.path })
      add([route], `${f.path} of 10,000 characters`, change(big(10_000)), { status: 422, field: f.path })
    }
    if (f.kind == 'money') {
      for (const [name, json] of BAD_MONEY) {
        add([route], `${f.path} ${name}`, (ctx) => ({ raw: JSON.stringify(bodyOf(ctx, route)).replace(/"amount":[^,}]+/, `"amount":${json}`) }), {
          status: 422,
          field: f.path,
        })
      }
    }
    if (f.kind == 'amount') {
      for (const [name, json] of BAD_AMOUNTS) {
        add([route], `${f.path} ${name}`, (ctx) => ({ raw: JSON.stringify(bodyOf(ctx, route)).replace(/"amount":[^,}]+/, `"amount":${json}`) }), {
          status: 422,
          field: f.path,
        })
      }
    }
  }
}
// Fields whose alphabet leaves no room for U+202E refuse it like any other odd character.
add(['demoToken'], `email = ${show('a\u202eb@example.com')}`, () => ({ field: { path: 'email', value: 'a\u202eb@example.com' } }), {
  status: 422,
  field: 'email',
})
add(['signup'], `email = ${show('a\u202eb@example.com')}`, () => ({ field: { path: 'email', value: `a\u202eb.${randomUUID().slice(0, 8)}@example.com` } }), {
  status: 422,
  field: 'email',
})
// A name may hold right-to-left marks and joiners, not bidi overrides or isolates (a name that reads as another).
for (const c of ['\u202e', '\u202a', '\u2066', '\u2069', '\u2028']) {
  add(['signup'], `name = ${show('Anna' + c + 'nna')}`, () => ({ field: { path: 'name', value: 'Anna' + c + 'nna' } }), { status: 422, field: 'name' })
}
add(['signup'], `referralCode = ${show('AB\u202eCD')}`, () => ({ field: { path: 'referralCode', value: 'AB\u202eCD' } }), {
  status: 422,
  field: 'referralCode',
})
add(['demoToken'], `customerId = ${show('cust\u202e1')}`, () => ({ field: { path: 'customerId', value: 'cust\u202e1' } }), { status: 422, field: 'customerId' })
add(['orders'], `customer.id = ${show('cust\u202e1')}`, () => ({ field: { path: 'customer.id', value: 'cust\u202e1' } }), { status: 422, field: 'customer.id' })
add(['orders'], 'another currency', () => ({ field: { path: 'currency', value: 'USD' } }), { status: 422, field: 'currency' })
add(['orders'], 'placed in the future', () => ({ field: { path: 'placedAt', value: new Date(Date.now() + 3_600_000).toISOString() } }), {
  status: 422,
  field: 'placedAt',
})
add(['orders'], 'an unknown customer field', () => ({ field: { path: 'customer.name', value: 'Anna' } }), { status: 422, field: 'customer.name' })
add(['signup'], 'terms not accepted', () => ({ field: { path: 'consent.terms', value: false } }), { status: 422, field: 'consent.terms' })

// -- unknown fields --

add(POSTS, 'an unknown field', () => ({ field: { path: 'extra', value: 1 } }), { status: 422, field: 'extra' })
add(POSTS, 'a __proto__ field', (ctx, route) => ({ raw: JSON.stringify(bodyOf(ctx, route)).replace(/^\{/, '{"__proto__":{"admin":true},') }), {
  status: 422,
  field: '__proto__',
})
add(POSTS, 'a constructor field', () => ({ field: { path: 'constructor', value: { prototype: {} } } }), { status: 422, field: 'constructor' })
add(['signup'], 'an unknown consent field', () => ({ field: { path: 'consent.cookies', value: true } }), { status: 422, field: 'consent.cookies' })

// -- Idempotency-Key --

const BAD_KEYS: [string, Req][] = [
  ['missing', { headers: { 'Idempotency-Key': null } }],
  ['empty', { headers: { 'Idempotency-Key': '' } }],
  ['256 characters', { headers: { 'Idempotency-Key': 'k'.repeat(256) } }],
  ['300 characters', { headers: { 'Idempotency-Key': 'k'.repeat(300) } }],
  ['10,000 characters', { headers: { 'Idempotency-Key': 'k'.repeat(10_000) } }],
  ['with a space', { headers: { 'Idempotency-Key': 'a b' } }],
  ['with a tab', { headers: { 'Idempotency-Key': 'a\tb' } }],
  ['Latin-1 "clé"', { headers: { 'Idempotency-Key': 'clé' } }],
  ['UTF-8 "ключ"', { via: 'socket', headers: { 'Idempotency-Key': 'ключ-' + randomUUID() } }],
]
for (const [name, req] of BAD_KEYS) add(POSTS, `Idempotency-Key ${name}`, () => req, { status: 400 })
for (const [name, c] of [
  ['BEL', '\u0007'],
  ['NUL', '\u0000'],
  ['DEL', '\u007f'],
]) {
  add(POSTS, `Idempotency-Key with ${name}`, () => ({ via: 'socket', headers: { 'Idempotency-Key': `a${c}b` } }), { status: 400 })
}

// -- Authorization --

type BadToken =
  | 'otherSecret'
  | 'expired'
  | 'future'
  | 'tooLong'
  | 'otherAudience'
  | 'noSubject'
  | 'longSubject'
  | 'algNone'
  | 'hs512'
  | 'nulSubject'
  | 'nulEmail'

async function mintBadTokens(): Promise<Record<BadToken, string>> {
  const now = Math.floor(Date.now() / 1000)
  const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return {
    otherSecret: await storeToken({}, 'another-secret-0123456789abcdef'),
    expired: await storeToken({ iat: now - 3600, exp: now - 1800 }),
    future: await storeToken({ iat: now + 3600, exp: now + 3900 }),
    tooLong: await storeToken({ iat: now, exp: now + 24 * 3600 }),
    otherAudience: await storeToken({ aud: 'pk_someone_else' }),
    noSubject: await storeToken({ sub: '' }),
    longSubject: await storeToken({ sub: 'c'.repeat(300) }),
    algNone: `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'cust_none', aud: PROGRAM, iat: now, exp: now + 600 })}.`,
    hs512: await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('cust_512')
      .setAudience(PROGRAM)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(SECRET)),
    // Signed with the right secret: the store's server put a NUL into the customer id / email.
    nulSubject: await storeToken({ sub: 'cust\u0000nul' }),
    nulEmail: await storeToken({ sub: 'cust_nul_email_' + randomUUID(), email: 'nul\u0000x@example.com', email_verified: true }),
  }
}

const BAD_AUTH: [string, (ctx: Ctx) => Req][] = [
  ['garbage', () => ({ headers: { Authorization: 'garbage' } })],
  ['"Bearer" alone', () => ({ headers: { Authorization: 'Bearer' } })],
  ['"Bearer " and spaces', () => ({ via: 'socket', headers: { Authorization: 'Bearer   ' } })],
  ['Basic credentials', () => ({ headers: { Authorization: 'Basic dXNlcjpwYXNz' } })],
  ['a non-JWT bearer', () => ({ headers: { Authorization: 'Bearer not.a.jwt' } })],
  ['a token and more', (ctx) => ({ headers: { Authorization: `Bearer ${ctx.token} extra` } })],
  ['two Bearer tokens', (ctx) => ({ headers: { Authorization: `Bearer ${ctx.token}, Bearer ${ctx.token}` } })],
  ['10,000 characters', () => ({ headers: { Authorization: 'Bearer ' + 'x'.repeat(10_000) } })],
  [
    'the token with a flipped signature',
    (ctx) => ({ headers: { Authorization: 'Bearer ' + ctx.token.slice(0, -2) + (ctx.token.endsWith('AA') ? 'BB' : 'AA') } }),
  ],
  ...(['otherSecret', 'expired', 'future', 'tooLong', 'otherAudience', 'noSubject', 'longSubject', 'algNone', 'hs512'] as const).map(
    (name): [string, (ctx: Ctx) => Req] => [`token: ${name}`, (ctx) => ({ headers: { Authorization: 'Bearer ' + ctx.bad[name] } })],
  ),
]
for (const [name, request] of BAD_AUTH) add(WITH_AUTH, `Authorization ${name}`, request, { status: 401 })
add(WITH_AUTH, 'Authorization with a control character', (ctx) => ({ via: 'socket', headers: { Authorization: `Bearer \u0007${ctx.token}` } }), { status: 400 })
add(
  WITH_AUTH.filter((r) => ROUTES[r].auth == 'required' || ROUTES[r].auth == 'key'),
  'no Authorization',
  () => ({ headers: { Authorization: null } }),
  { status: 401 },
)
// The store's routes take a secret key from a server; the shopper's take a customer token from anywhere.
const KEYED = ALL.filter((r) => ROUTES[r].auth == 'key')
add(KEYED, "Authorization: the member's customer token", (ctx) => ({ headers: { Authorization: 'Bearer ' + ctx.token } }), { status: 401 })
add(KEYED, 'Authorization: an unknown key', () => ({ headers: { Authorization: 'Bearer lk_sk_' + 'x'.repeat(40) } }), { status: 401 })
add(KEYED, 'sent by a browser (Origin of the store)', () => ({ headers: { Origin: 'http://localhost:8787' } }), { status: 403 })
add(KEYED, 'sent by a browser (Sec-Fetch-Site)', () => ({ headers: { 'Sec-Fetch-Site': 'same-origin' } }), { status: 403 })
add(
  ALL.filter((r) => ROUTES[r].auth == 'required' || ROUTES[r].auth == 'optional'),
  "Authorization: the store's secret key",
  () => ({ headers: { Authorization: 'Bearer ' + API_KEY } }),
  { status: 403 },
)

// A validly signed token whose claims carry a NUL (PostgreSQL text cannot hold one).
add(WITH_AUTH, 'Authorization token: NUL in the customer id', (ctx) => ({ headers: { Authorization: 'Bearer ' + ctx.bad.nulSubject } }), { status: 401 })
add(
  ['me', 'activity', 'redeem', 'claim'],
  'Authorization token: NUL in the verified email',
  (ctx) => ({ headers: { Authorization: 'Bearer ' + ctx.bad.nulEmail } }),
  { status: 401 },
)

// -- X-Loyalkit-Program --

const BAD_PROGRAMS: [string, Req, number][] = [
  ['missing', { headers: { 'X-Loyalkit-Program': null } }, 400],
  ['empty', { headers: { 'X-Loyalkit-Program': '' } }, 400],
  ['another program', { headers: { 'X-Loyalkit-Program': 'pk_someone_else' } }, 404],
  ['in upper case', { headers: { 'X-Loyalkit-Program': PROGRAM.toUpperCase() } }, 404],
  ['10,000 characters', { headers: { 'X-Loyalkit-Program': 'p'.repeat(10_000) } }, 404],
  ['Latin-1', { headers: { 'X-Loyalkit-Program': PROGRAM + 'é' } }, 404],
  ['UTF-8', { via: 'socket', headers: { 'X-Loyalkit-Program': PROGRAM + 'ключ' } }, 404],
]
for (const [name, req, status] of BAD_PROGRAMS) add(WITH_PROGRAM, `X-Loyalkit-Program ${name}`, () => req, { status })
add(WITH_PROGRAM, 'X-Loyalkit-Program with BEL', () => ({ via: 'socket', headers: { 'X-Loyalkit-Program': PROGRAM + '\u0007' } }), { status: 400 })
add(WITH_PROGRAM, 'X-Loyalkit-Program with NUL', () => ({ via: 'socket', headers: { 'X-Loyalkit-Program': 'pk\u0000' } }), { status: 400 })

// -- Accept-Language: never an error by itself --

const BAD_LANGUAGES: [string, Req][] = [
  ['of 10,000 characters', { headers: { 'Accept-Language': 'lv-' + 'x'.repeat(9_997) } }],
  ['of 5,000 entries', { headers: { 'Accept-Language': Array.from({ length: 2_500 }, () => 'a').join(',') } }],
  ['with odd q values', { headers: { 'Accept-Language': 'lv;q=NaN, et;q=1e308, ru;q=-1, *;q=x, ;;;,,' } }],
  ['Latin-1', { headers: { 'Accept-Language': 'lé' } }],
  ['UTF-8', { via: 'socket', headers: { 'Accept-Language': 'ру' } }],
]
for (const [name, req] of BAD_LANGUAGES) {
  // On GETs the request is otherwise good: it must still be answered (in a language we have).
  add(GETS, `Accept-Language ${name} (tolerated)`, () => req, { status: 'tolerated' })
  // On POSTs it comes with an unknown field: the error must still be a problem.
  add(POSTS, `Accept-Language ${name}, with an unknown field`, () => ({ ...req, field: { path: 'extra', value: 1 } }), { status: 422 })
}
// Node's HTTP parser refuses control characters in any header value before the app sees them.
add(ALL, 'Accept-Language with BEL', () => ({ via: 'socket', headers: { 'Accept-Language': 'lv\u0007' } }), { status: 400 })

// -- activity: cursor and limit --

const b64 = (s: string) => Buffer.from(s).toString('base64url')
const BAD_CURSORS: [string, string][] = [
  ['random base64', b64('nope, not a cursor')],
  ['base64 of an array', b64('[1,2]')],
  ['another version', b64(JSON.stringify({ v: 2, before: '10' }))],
  ['a number, not a string', b64(JSON.stringify({ v: 1, before: 10 }))],
  ['a huge number', b64(JSON.stringify({ v: 1, before: '9'.repeat(40) }))],
  ['a negative number', b64(JSON.stringify({ v: 1, before: '-1' }))],
  ['a fraction', b64(JSON.stringify({ v: 1, before: '1.5' }))],
  ['SQL', b64(JSON.stringify({ v: 1, before: "1' OR '1'='1" }))],
  ['NUL in the id', b64(JSON.stringify({ v: 1, before: '1\u0000' }))],
  ['not base64', '!!!***'],
  ['a percent-encoded NUL', '%00'],
  ['10,000 characters', 'A'.repeat(10_000)],
]
for (const [name, cursor] of BAD_CURSORS) {
  add(['activity'], `cursor: ${name}`, () => ({ path: '/v1/members/me/activity?cursor=' + (cursor.startsWith('%') ? cursor : encodeURIComponent(cursor)) }), {
    status: 400,
  })
}
const BAD_LIMITS = [
  '0',
  '-1',
  '-0',
  '1.5',
  '0.5',
  '1e2',
  '1e308',
  '9007199254740993',
  '9'.repeat(10_000),
  'NaN',
  'Infinity',
  '-Infinity',
  'abc',
  '0x10',
  ' 5',
  '5 ',
  '+5',
  '%00',
  '５',
]
for (const limit of BAD_LIMITS) {
  add(['activity'], `limit=${show(limit)}`, () => ({ path: '/v1/members/me/activity?limit=' + (limit.startsWith('%') ? limit : encodeURIComponent(limit)) }), {
    status: 400,
  })
}

// -- referral codes in the path --

const BAD_CODES: [string, Req][] = [
  ['a percent-encoded NUL', { path: '/v1/referrals/%00' }],
  ['a NUL after a real-looking code', { path: '/v1/referrals/ABCD1234%00' }],
  ['a percent-encoded BEL', { path: '/v1/referrals/%07' }],
  ['300 characters', { path: '/v1/referrals/' + 'A'.repeat(300) }],
  ['10,000 characters', { path: '/v1/referrals/' + 'A'.repeat(10_000) }],
  ['".."', { via: 'socket', path: '/v1/referrals/..' }],
  ['"%2e%2e"', { via: 'socket', path: '/v1/referrals/%2e%2e' }],
  ['"..%2f..%2fprogram"', { via: 'socket', path: '/v1/referrals/..%2f..%2fprogram' }],
  ['an encoded slash', { path: '/v1/referrals/a%2Fb' }],
  ['a broken percent-encoding', { path: '/v1/referrals/%E0%A4%A' }],
  ['a lone "%"', { path: '/v1/referrals/%' }],
  ['invalid UTF-8', { path: '/v1/referrals/%FF%FE' }],
  ['a doubly encoded NUL', { path: '/v1/referrals/%2500' }],
  ['SQL', { path: '/v1/referrals/' + encodeURIComponent("' OR '1'='1") }],
  ['U+202E', { path: '/v1/referrals/' + encodeURIComponent('AB\u202eCD') }],
  ['an unknown code', { path: '/v1/referrals/NOSUCH99' }],
]
for (const [name, req] of BAD_CODES) add(['referral'], `code: ${name}`, () => req, { status: 404 })
add(
  ['referral'],
  'code: the real one, its first letter percent-encoded twice',
  (ctx) => ({ path: `/v1/referrals/%25${ctx.referralCode.charCodeAt(0).toString(16)}${ctx.referralCode.slice(1)}` }),
  { status: 404 },
)
add(['referral'], 'code: the real one with a trailing NUL', (ctx) => ({ path: `/v1/referrals/${ctx.referralCode}%00` }), { status: 404 })

// ---- sending ---------------------------------------------------------------

function bodyOf(ctx: Ctx, route: RouteName): Record<string, unknown> {
  return ROUTES[route].body?.(ctx) ?? {}
}

/** A copy of `body` with the dotted `path` set to `value` (deleted when undefined). */
function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body)
  const keys = path.split('.')
  let at: Record<string, unknown> = copy
  for (const k of keys.slice(0, -1)) {
    if (typeof at[k] != 'object' || at[k] === null) at[k] = {}
    at = at[k] as Record<string, unknown>
  }
  const last = keys[keys.length - 1]!
  if (value === undefined) delete at[last]
  else at[last] = value
  return copy
}

interface Wire {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
  via: 'fetch' | 'http' | 'socket'
  chunks?: string[]
  announce?: number
}

function wire(c: Case, ctx: Ctx): Wire {
  const route = ROUTES[c.route]
  const r = c.request(ctx, c.route)
  const headers: Record<string, string | null> = {}
  if (route.program) headers['X-Loyalkit-Program'] = PROGRAM
  if (route.auth == 'required') headers.Authorization = 'Bearer ' + ctx.token
  if (route.auth == 'key') headers.Authorization = 'Bearer ' + API_KEY
  let body: string | undefined
  if (route.method == 'POST') {
    headers['Idempotency-Key'] = randomUUID()
    headers['Content-Type'] = 'application/json'
    if (r.raw !== undefined) body = r.raw
    else if (r.body !== undefined) body = JSON.stringify(r.body)
    else {
      const valid = route.body!(ctx)
      body = JSON.stringify(r.field ? withField(valid, r.field.path, r.field.value) : valid)
    }
  }
  Object.assign(headers, r.headers)
  const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null))
  return { method: route.method, path: r.path ?? route.path(ctx), headers: sent, body, via: r.via ?? 'fetch', chunks: r.chunks, announce: r.announce }
}

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

function send(server: RunningServer, w: Wire): Promise<Answer> {
  if (w.via == 'fetch') return sendFetch(server, w)
  if (w.via == 'http') return sendHttp(server, w)
  return sendSocket(server, w)
}

async function sendFetch(server: RunningServer, w: Wire): Promise<Answer> {
  const r = await fetch(server.url + w.path, { method: w.method, headers: w.headers, body: w.body, signal: AbortSignal.timeout(TIMEOUT_MS) })
  return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.text() }
}

/** node:http: chunked bodies, Content-Length without a body, no Content-Type. */
function sendHttp(server: RunningServer, w: Wire): Promise<Answer> {
  const url = new URL(server.url)
  return new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string | number> = { ...w.headers }
    if (w.announce !== undefined) headers['Content-Length'] = w.announce
    else if (w.body !== undefined && !w.chunks) headers['Content-Length'] = Buffer.byteLength(w.body)
    const req = request({ host: url.hostname, port: url.port, path: w.path, method: w.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (b: Buffer) => chunks.push(b))
      res.on('end', () => {
        const h: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(', ') : String(v)
        resolve({ status: res.statusCode!, headers: h, body: Buffer.concat(chunks).toString('utf8') })
      })
      res.on('error', reject)
    })
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)))
    // The server may answer (and close) before it has read all of a body it refuses.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code == 'EPIPE' || error.code == 'ECONNRESET' ? undefined : reject(error)))
    if (w.chunks) for (const chunk of w.chunks) req.write(chunk)
    else if (w.body !== undefined && w.announce === undefined) req.write(w.body)
    if (w.announce === undefined) req.end()
    else req.flushHeaders()
  })
}

/** A raw socket: header values with control characters or UTF-8, paths nobody normalises. */
function sendSocket(server: RunningServer, w: Wire): Promise<Answer> {
  const url = new URL(server.url)
  const body = w.body === undefined ? undefined : Buffer.from(w.body)
  const head =
    `${w.method} ${w.path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n` +
    Object.entries(w.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    (body ? `Content-Length: ${body.length}\r\n` : '') +
    '\r\n'
  return new Promise<Answer>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) })
    const chunks: Buffer[] = []
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)))
    socket.on('data', (b) => chunks.push(b))
    socket.on('error', reject)
    socket.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    socket.write(Buffer.concat([Buffer.from(head, 'utf8'), body ?? Buffer.alloc(0)]))
  })
}

function parseResponse(raw: Buffer): Answer {
  const split = raw.indexOf('\r\n\r\n')
  if (split < 0) throw new Error(`not an HTTP response: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`)
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1])
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  let body = raw.subarray(split + 4)
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = []
    let at = 0
    for (;;) {
      const eol = body.indexOf('\r\n', at)
      const size = parseInt(body.subarray(at, eol).toString('latin1'), 16)
      if (!size) break
      parts.push(body.subarray(eol + 2, eol + 2 + size))
      at = eol + 2 + size + 2
    }
    body = Buffer.concat(parts)
  }
  return { status, headers, body: body.toString('utf8') }
}

// ---- the tests -------------------------------------------------------------

const TABLES = ['members', 'ledger', 'redemptions', 'claims', 'orders'] as const
async function rowCounts(server: RunningServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of TABLES) {
    const [row] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`)
    counts[table] = Number(row!.n)
  }
  return counts
}

describe.each(backends)('bad input on every route ($name)', (backend) => {
  let server: RunningServer
  let cleanup: (() => Promise<void>) | undefined
  let ctx: Ctx
  let before: Record<string, number>

  beforeAll(async () => {
    const storage = await backend.make()
    cleanup = storage.cleanup
    server = await start(storage.options)
    const email = uniqueEmail('bad-input')
    const { member, token } = await signUp(server, { email })
    ctx = { token, email: member.email, referralCode: member.referral.code, bad: await mintBadTokens() }
    before = await rowCounts(server)
  })
  afterAll(async () => {
    await server?.close()
    await cleanup?.()
  })

  it('has a case for every route', () => {
    for (const route of ALL) expect(cases.filter((c) => c.route == route).length, route).toBeGreaterThan(10)
  })

  const check = (c: Case) => async () => {
    const w = wire(c, ctx)
    const label = `${w.method} ${w.path.slice(0, 80)} — ${c.name}`
    const answer = await send(server, w)
    const said = `${label}: ${answer.status} ${answer.headers['content-type'] ?? ''} ${answer.body.slice(0, 300)}`
    if (c.status == 'tolerated') {
      expect(answer.status, said).toBeGreaterThanOrEqual(200)
      expect(answer.status, said).toBeLessThan(300)
      expect(LANGUAGES, said).toContain(answer.headers['content-language'])
      return
    }
    expect(answer.status, said).toBeGreaterThanOrEqual(400)
    expect(answer.status, said).toBeLessThan(500)
    if (c.status !== undefined) expect(answer.status, said).toBe(c.status)
    expect(answer.headers['content-type'], said).toBe('application/problem+json')
    const problem = JSON.parse(answer.body) as Record<string, unknown>
    expect(problem, said).toMatchObject({ status: answer.status, code: expect.any(String), title: expect.any(String) })
    // A field or one inside it (`consent: []` is reported as consent.terms missing).
    if (c.field) {
      const fields = ((problem.errors ?? []) as { field: string }[]).map((e) => e.field)
      expect(
        fields.some((f) => f == c.field || f.startsWith(c.field + '.')),
        `${said}: names ${c.field}`,
      ).toBe(true)
    }
  }

  for (const c of cases) it(`${c.route}: ${c.name}`, check(c))

  it('wrote no members, ledger entries, redemptions or claims', async () => {
    expect(await rowCounts(server)).toEqual(before)
  })
})
