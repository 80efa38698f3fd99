/**
 * The member's own profile routes: name and birthday (a birthday added later, changed at most once a
 * year), download my data, and delete my account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErasureResult, Member, MemberExport, Problem } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, signUp, start } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

const profile = (token: string, body: unknown, key?: string) => call(server, '/v1/members/me/profile', { token, body, key })

async function problem(r: Response, status: number, code: string): Promise<Problem> {
  expect(r.status).toBe(status)
  const body = (await r.json()) as Problem
  expect(body.code).toBe(code)
  return body
}

describe('POST /v1/members/me/profile', () => {
  it('changes the name, clears it with null or blank, and leaves out what is not sent', async () => {
    const { token } = await signUp(server, { name: 'Anna' })
    const renamed = (await (await profile(token, { name: '  Anna Bērziņa ' })).json()) as Member
    expect(renamed.name).toBe('Anna Bērziņa')
    expect(renamed.birthday).toBeNull()
    expect((await me(server, token)).name).toBe('Anna Bērziņa')
    expect(((await (await profile(token, { name: '' })).json()) as Member).name).toBeNull()
    await profile(token, { name: 'Anna' })
    expect(((await (await profile(token, { name: null })).json()) as Member).name).toBeNull()
    // Nothing sent, nothing changed.
    expect((await profile(token, {})).status).toBe(200)
  })

  it('adds a birthday after joining, once: a second change within a year is refused by its field', async () => {
    const { token } = await signUp(server)
    const added = (await (await profile(token, { birthday: '1990-05-17' })).json()) as Member
    expect(added.birthday).toBe('1990-05-17')
    // The birthday rule can now be claimed (it could not without a birthday).
    expect(added.claimedRules).not.toContain('birthday')
    const again = await problem(await profile(token, { birthday: '1990-05-18' }), 422, 'invalid_request')
    expect(again.errors).toEqual([{ field: 'birthday', code: 'once_a_year' }])
    // Clearing it is a change too; the same date again is none.
    await problem(await profile(token, { birthday: null }), 422, 'invalid_request')
    expect((await profile(token, { birthday: '1990-05-17', name: 'Anna' })).status).toBe(200)
    expect((await me(server, token)).birthday).toBe('1990-05-17')
  })

  it('counts a birthday given at sign-up as set', async () => {
    const { token } = await signUp(server, { birthday: '1985-03-03' })
    await problem(await profile(token, { birthday: '1985-03-04' }), 422, 'invalid_request')
  })

  it('refuses a bad body by its fields, and needs a member', async () => {
    const { token } = await signUp(server)
    const bad = await problem(await profile(token, { birthday: '2999-01-01', name: 'x'.repeat(101), email: 'a@b.c' }), 422, 'invalid_request')
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        { field: 'birthday', code: 'future' },
        { field: 'name', code: 'too_long' },
      ]),
    )
    expect((await call(server, '/v1/members/me/profile', { body: { name: 'A' } })).status).toBe(401)
  })
})

describe('GET /v1/members/me/export', () => {
  it('gives the member everything held about them, and nobody else', async () => {
    const { token, member } = await signUp(server, { name: 'Ilze', birthday: '1991-01-01' })
    const r = await call(server, '/v1/members/me/export', { token })
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-store')
    const x = (await r.json()) as MemberExport
    expect(x.member).toMatchObject({ id: member.id, email: member.email, name: 'Ilze', birthday: '1991-01-01' })
    expect(x.ledger.map((e) => e.type)).toEqual(['signup'])
    expect((await call(server, '/v1/members/me/export')).status).toBe(401)
  })
})

describe('POST /v1/members/me/erasure', () => {
  it('needs the confirmation, then erases the member: the token finds no member, and a retry answers the same', async () => {
    const { token } = await signUp(server, { name: 'Liga' })
    await problem(await call(server, '/v1/members/me/erasure', { token, body: {} }), 422, 'invalid_request')
    await problem(await call(server, '/v1/members/me/erasure', { token, body: { confirm: true } }), 422, 'invalid_request')
    const key = crypto.randomUUID()
    const r = await call(server, '/v1/members/me/erasure', { token, key, body: { confirm: 'erase' } })
    expect(r.status).toBe(200)
    expect((await r.json()) as ErasureResult).toEqual({ erased: true })
    expect((await call(server, '/v1/members/me', { token })).status).toBe(204)
    const retry = await call(server, '/v1/members/me/erasure', { token, key, body: { confirm: 'erase' } })
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    // A new request finds no member to erase.
    expect((await call(server, '/v1/members/me/erasure', { token, body: { confirm: 'erase' } })).status).toBe(404)
  })
})
