/**
 * Every field of every body: wrong types, missing when required, control characters around a realistic
 * value, 10,000 characters, odd numbers for amounts, bidi controls where a name could read as another.
 */
import { randomUUID } from 'node:crypto'
import { add, big, show } from './case.ts'
import { bodyOf, type RouteName } from './routes.ts'

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
