/** Headers: Idempotency-Key, Authorization (and which credential each route takes), X-Loyalkit-Program, Accept-Language. */
import { randomUUID } from 'node:crypto'
import { API_KEY, PROGRAM } from '../helpers.ts'
import { add, type Req } from './case.ts'
import { ALL, type Ctx, GETS, POSTS, ROUTES, WITH_AUTH, WITH_PROGRAM } from './routes.ts'

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
