import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, PROGRAM, SECRET, signUp, start, storeToken, uniqueEmail } from './helpers.ts'

let server: RunningServer
let sub: string
let email: string
beforeAll(async () => {
  server = await start()
  email = uniqueEmail('auth')
  sub = 'cust_auth_' + Date.now()
  await signUp(server, { email }, { token: await storeToken({ sub, email }) })
})
afterAll(() => server?.close())

const now = () => Math.floor(Date.now() / 1000)
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

async function expect401(token: string | undefined, header?: string) {
  const r = await call(server, '/v1/members/me', { token, headers: header ? { Authorization: header } : {} })
  expect(r.status).toBe(401)
  expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/)
  expect(r.headers.get('content-type')).toBe('application/problem+json')
  expect(((await r.json()) as Problem).code).toBe('unauthorized')
}

describe('customer tokens', () => {
  it('accepts a valid store token', async () => {
    expect((await call(server, '/v1/members/me', { token: await storeToken({ sub }) })).status).toBe(200)
  })

  it('accepts an iat within the 30 s clock skew', async () => {
    const iat = now() + 20
    expect((await call(server, '/v1/members/me', { token: await storeToken({ sub, iat, exp: iat + 600 }) })).status).toBe(200)
  })

  it('401s without a token', () => expect401(undefined))
  it('401s for another scheme', () => expect401(undefined, 'Basic dXNlcjpwYXNz'))
  it('401s for garbage', () => expect401('not-a-jwt'))
  it('401s for the wrong audience', async () => expect401(await storeToken({ sub, aud: 'pk_other' })))
  it('401s when expired', async () => expect401(await storeToken({ sub, iat: now() - 1200, exp: now() - 300 })))
  it('401s for a bad signature', async () => expect401(await storeToken({ sub }, 'another-secret')))
  it('401s for a tampered payload', async () => {
    const [h, , s] = (await storeToken({ sub })).split('.')
    await expect401(`${h}.${b64({ sub: 'someone-else', aud: PROGRAM, iat: now(), exp: now() + 600 })}.${s}`)
  })
  it('401s for alg none', () => expect401(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, aud: PROGRAM, iat: now(), exp: now() + 600 })}.`))
  it('401s for another algorithm (HS512)', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(sub)
      .setAudience(PROGRAM)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SECRET))
    await expect401(token)
  })
  it('401s when issued in the future', async () => expect401(await storeToken({ sub, iat: now() + 120, exp: now() + 600 })))
  it('401s when living longer than 15 minutes', async () => expect401(await storeToken({ sub, iat: now(), exp: now() + 16 * 60 })))
  it('401s without sub', async () => expect401(await storeToken({ sub: '' })))
  it('401s without exp or iat', async () => {
    const key = new TextEncoder().encode(SECRET)
    await expect401(await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setAudience(PROGRAM).setIssuedAt().sign(key))
    await expect401(await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setAudience(PROGRAM).setExpirationTime('5m').sign(key))
  })

  it('guards every member route', async () => {
    for (const [path, body] of [
      ['/v1/members/me/activity', undefined],
      ['/v1/members/me/redemptions', { rewardId: 'free-shipping' }],
      ['/v1/members/me/claims', { ruleId: 'newsletter' }],
    ] as const) {
      const r = await call(server, path, { body })
      expect(r.status, path).toBe(401)
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/)
    }
  })

  it('answers 204, not an error, for a valid token of a customer who has not joined', async () => {
    const r = await call(server, '/v1/members/me', { token: await storeToken({ sub: 'cust_nobody', email: uniqueEmail('nobody') }) })
    expect(r.status).toBe(204)
    expect(await r.text()).toBe('')
    expect(r.headers.get('cache-control')).toBe('no-store')
  })
})
