/** What the path and query carry: the activity's cursor and limit, referral codes. */
import { add, show, type Req } from './case.ts'

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
