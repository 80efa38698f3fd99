/**
 * Conformance checks of what a member changes about themselves: `POST /members/me/profile` (name,
 * a birthday added later and changed at most once a year), `GET /members/me/export` and
 * `POST /members/me/erasure`. Each uses members of its own, so nothing later depends on them.
 */
import { ErasureResultSchema, MemberExportSchema, MemberSchema } from '../../src/core/schemas.ts'
import { check, equal, type ConformanceContext } from './http.ts'

export function profileChecks(ctx: ConformanceContext): void {
  const { send, json, expectProblem, expectNotJoined, signUp, test } = ctx

  test('POST /members/me/profile changes the name and adds a birthday once; a second birthday change within a year → 422', async () => {
    // Without a birthday at sign-up (blank is "not given"), so the member adds one.
    const { token } = await signUp('profile', { extra: { birthday: '' } })
    const named = json(await send('POST', '/members/me/profile', { token, body: { name: 'Conformance Name' } }), 200, MemberSchema, 'member')
    equal(named.name, 'Conformance Name', 'name after the change')
    const born = json(await send('POST', '/members/me/profile', { token, body: { birthday: '1990-05-17' } }), 200, MemberSchema, 'member')
    equal(born.birthday, '1990-05-17', 'birthday after adding it')
    equal(born.name, 'Conformance Name', 'name, not sent, stays')
    const again = expectProblem(await send('POST', '/members/me/profile', { token, body: { birthday: '1990-05-18' } }), 422, 'invalid_request')
    check(
      again.errors?.some((e) => e.field == 'birthday' && e.code == 'once_a_year'),
      `errors say birthday once_a_year, got ${JSON.stringify(again.errors)}`,
    )
    const cleared = json(await send('POST', '/members/me/profile', { token, body: { name: null } }), 200, MemberSchema, 'member')
    equal(cleared.name, null, 'name cleared with null')
  })

  test('POST /members/me/profile with an unknown field or a future birthday → 422 invalid_request', async () => {
    const { token } = await signUp('profilebad')
    const p = expectProblem(
      await send('POST', '/members/me/profile', { token, body: { birthday: '2999-01-01', email: 'x@example.com' } }),
      422,
      'invalid_request',
    )
    check(
      p.errors?.some((e) => e.field == 'birthday'),
      `errors name the birthday, got ${JSON.stringify(p.errors)}`,
    )
  })

  test('GET /members/me/export answers the member’s own export, not cached', async () => {
    const { token, member } = await signUp('export')
    const r = await send('GET', '/members/me/export', { token })
    const x = json(r, 200, MemberExportSchema, 'export')
    equal(x.member.id, member.id, 'export.member.id')
    check((r.headers.get('cache-control') ?? '').includes('no-store'), `Cache-Control: no-store on the export, got "${r.headers.get('cache-control')}"`)
  })

  test('POST /members/me/erasure needs {"confirm": "erase"}, then the token finds no member', async () => {
    const { token } = await signUp('erasure')
    expectProblem(await send('POST', '/members/me/erasure', { token, body: {} }), 422, 'invalid_request')
    json(await send('POST', '/members/me/erasure', { token, body: { confirm: 'erase' } }), 200, ErasureResultSchema, 'erasure')
    expectNotJoined(await send('GET', '/members/me', { token }))
  })
}
