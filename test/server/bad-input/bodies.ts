/**
 * Bodies: malformed JSON, oversized bodies (announced, chunked, or announced and never sent), wrong
 * Content-Types, and fields no route knows (`__proto__` and `constructor` among them).
 */
import { add, big } from './case.ts'
import { bodyOf, POSTS } from './routes.ts'

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

// Unknown fields.
add(POSTS, 'an unknown field', () => ({ field: { path: 'extra', value: 1 } }), { status: 422, field: 'extra' })
add(POSTS, 'a __proto__ field', (ctx, route) => ({ raw: JSON.stringify(bodyOf(ctx, route)).replace(/^\{/, '{"__proto__":{"admin":true},') }), {
  status: 422,
  field: '__proto__',
})
add(POSTS, 'a constructor field', () => ({ field: { path: 'constructor', value: { prototype: {} } } }), { status: 422, field: 'constructor' })
add(['signup'], 'an unknown consent field', () => ({ field: { path: 'consent.cookies', value: true } }), { status: 422, field: 'consent.cookies' })
