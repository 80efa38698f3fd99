import { jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem, SignUpResult } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, PROGRAM, SECRET, signUp, start, storeToken, uniqueEmail } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

const valid = () => ({ email: uniqueEmail(), consent: { terms: true, marketing: true } })

describe('POST /v1/members', () => {
  it('creates a member with the sign-up bonus and a working token', async () => {
    const email = uniqueEmail('Anna')
    const r = await call(server, '/v1/members', {
      body: { email, name: ' Anna Bērziņa ', birthday: '1990-05-17', consent: { terms: true, marketing: true } },
    })
    expect(r.status).toBe(201)
    const { member, token } = (await r.json()) as SignUpResult
    expect(member).toMatchObject({
      // Emails are kept normalised: NFC, trimmed, lower-case.
      email: email.toLowerCase(),
      name: 'Anna Bērziņa',
      birthday: '1990-05-17',
      balance: 100,
      lifetimePoints: 100,
      tier: { id: 'bronze', name: 'Bronze' },
      nextTier: { id: 'silver', name: 'Silver', threshold: 500, pointsNeeded: 400 },
      referral: { friendsJoined: 0, pointsEarned: 0 },
      coupons: [],
      claimedRules: [],
    })
    expect(member.id).toMatch(/^mem_/)
    expect(member.referral.code).toMatch(/^[0-9A-Z]{8}$/)
    expect(member.referral.url).toBe(`${server.url}/?ref=${member.referral.code}`)
    expect(new Date(member.createdAt).toISOString()).toBe(member.createdAt)

    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET), { audience: PROGRAM })
    expect(protectedHeader.alg).toBe('HS256')
    expect(payload.sub).toBe(member.id)
    expect(payload.email).toBe(email.toLowerCase())
    expect(payload.exp! - payload.iat!).toBe(15 * 60)
    // The same member, and the sign-up's answer counts as shown to the shopper (nothing has arrived since).
    const { seen, ...again } = await me(server, token)
    expect(again).toEqual(member)
    expect(seen).toEqual({ balance: 100, tier: member.tier, badges: member.badges })
  })

  it('uses the calling page origin for referral links when it is allowed', async () => {
    const { member } = await signUp(server, {}, { headers: { Origin: 'http://localhost:8787' } })
    expect(member.referral.url).toBe(`http://localhost:8787/?ref=${member.referral.code}`)
  })

  const cases: [string, Record<string, unknown>, { field: string; code: string }][] = [
    ['missing email', { email: undefined }, { field: 'email', code: 'required' }],
    ['email not a string', { email: 42 }, { field: 'email', code: 'invalid' }],
    ['email without @', { email: 'anna.example.com' }, { field: 'email', code: 'invalid' }],
    ['email without domain dot', { email: 'anna@localhost' }, { field: 'email', code: 'invalid' }],
    ['email with spaces', { email: 'an na@example.com' }, { field: 'email', code: 'invalid' }],
    ['email too long', { email: 'a'.repeat(250) + '@example.com' }, { field: 'email', code: 'too_long' }],
    ['name not a string', { name: ['Anna'] }, { field: 'name', code: 'invalid' }],
    ['name too long', { name: 'A'.repeat(101) }, { field: 'name', code: 'too_long' }],
    ['name with control characters', { name: 'Anna\u0000' }, { field: 'name', code: 'invalid' }],
    ['birthday in another format', { birthday: '17.05.1990' }, { field: 'birthday', code: 'invalid' }],
    ['birthday not a real date', { birthday: '1990-02-30' }, { field: 'birthday', code: 'invalid' }],
    ['birthday in the future', { birthday: `${new Date().getUTCFullYear() + 1}-01-01` }, { field: 'birthday', code: 'future' }],
    ['birthday before 1900', { birthday: '1899-12-31' }, { field: 'birthday', code: 'invalid' }],
    ['consent missing', { consent: undefined }, { field: 'consent', code: 'required' }],
    ['consent not an object', { consent: true }, { field: 'consent', code: 'invalid' }],
    ['terms not accepted', { consent: { terms: false, marketing: false } }, { field: 'consent.terms', code: 'required' }],
    ['terms not a boolean', { consent: { terms: 'yes', marketing: false } }, { field: 'consent.terms', code: 'invalid' }],
    ['marketing missing', { consent: { terms: true } }, { field: 'consent.marketing', code: 'required' }],
    ['unknown field', { password: 'hunter2' }, { field: 'password', code: 'unknown_field' }],
    ['unknown consent field', { consent: { terms: true, marketing: false, cookies: true } }, { field: 'consent.cookies', code: 'unknown_field' }],
    ['referral code that does not exist', { referralCode: 'NOSUCH99' }, { field: 'referralCode', code: 'unknown' }],
    ['referral code with odd characters', { referralCode: '<script>' }, { field: 'referralCode', code: 'invalid' }],
  ]
  it.each(cases)('rejects %s with 422', async (_name, change, error) => {
    const r = await call(server, '/v1/members', { body: { ...valid(), ...change } })
    expect(r.status).toBe(422)
    expect(r.headers.get('content-type')).toBe('application/problem+json')
    const problem = (await r.json()) as Problem
    expect(problem).toMatchObject({ status: 422, code: 'invalid_request', title: 'Invalid request' })
    expect(problem.errors).toContainEqual(error)
  })

  it('treats blank optional fields as not given', async () => {
    const { member } = await signUp(server, { name: '  ', birthday: '', referralCode: '' })
    expect(member.name).toBeNull()
    expect(member.birthday).toBeNull()
    expect(member.claimedRules).toEqual(['birthday'])
  })

  it('refuses a second member with the same email, in any case', async () => {
    const email = uniqueEmail('dup')
    await signUp(server, { email })
    const r = await call(server, '/v1/members', { body: { ...valid(), email: email.toUpperCase() } })
    expect(r.status).toBe(422)
    const problem = (await r.json()) as Problem
    expect(problem.code).toBe('email_taken')
    expect(problem.errors).toEqual([{ field: 'email', code: 'email_taken' }])
  })

  it('links the member to a store-identified shopper', async () => {
    const sub = 'cust_' + Math.random().toString(36).slice(2)
    const email = uniqueEmail('store')
    const storeJwt = await storeToken({ sub, email })
    expect((await call(server, '/v1/members/me', { token: storeJwt })).status).toBe(204)
    const { member, token } = await signUp(server, { email }, { token: storeJwt })
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET))
    expect(payload.sub).toBe(sub)
    expect((await me(server, await storeToken({ sub }))).id).toBe(member.id)
    const again = await call(server, '/v1/members', { body: valid(), token: storeJwt })
    expect(again.status).toBe(422)
    expect(((await again.json()) as Problem).errors).toEqual([{ field: 'authorization', code: 'already_member' }])
    const bad = await call(server, '/v1/members', { body: valid(), token: storeJwt + 'x' })
    expect(bad.status).toBe(401)
  })

  it('refuses a second sign-up made with a member’s own sign-up token', async () => {
    const { member, token } = await signUp(server, { email: uniqueEmail('own') })
    const again = await call(server, '/v1/members', { body: valid(), token })
    expect(again.status).toBe(422)
    expect(((await again.json()) as Problem).errors).toEqual([{ field: 'authorization', code: 'already_member' }])
    // The token still names its own member.
    expect((await me(server, token)).id).toBe(member.id)
  })

  it('links a guest member on the first store token with the same email', async () => {
    const email = uniqueEmail('guest')
    const { member } = await signUp(server, { email })
    const sub = 'cust_' + Math.random().toString(36).slice(2)
    // Only a store that vouches for the email (email_verified) gets the existing member.
    expect((await call(server, '/v1/members/me', { token: await storeToken({ sub, email }) })).status).toBe(204)
    const linked = await me(server, await storeToken({ sub, email: email.toUpperCase(), email_verified: true }))
    expect(linked.id).toBe(member.id)
    // From now on the customer id alone finds the member; another customer with that email does not.
    expect((await me(server, await storeToken({ sub }))).id).toBe(member.id)
    expect((await call(server, '/v1/members/me', { token: await storeToken({ sub: 'other', email }) })).status).toBe(204)
  })
})

describe('joining again after erasure', () => {
  const erase = (token: string) => call(server, '/v1/members/me/erasure', { token, body: { confirm: 'erase' } })

  it('gives no second sign-up bonus and no referral to an email that erased its membership, however it is written', async () => {
    const advocate = await signUp(server)
    const [user, domain] = uniqueEmail('anna').split('@')
    const first = await signUp(server, { email: `${user}@${domain}`, referralCode: advocate.member.referral.code })
    expect(first.member.balance).toBe(100)
    expect(first.member.coupons).toHaveLength(1)
    expect((await erase(first.token)).status).toBe(200)
    // The same person: another case and a +tag.
    const again = await signUp(server, { email: `${user!.toUpperCase()}+back@${domain}`, referralCode: advocate.member.referral.code })
    expect(again.member).toMatchObject({ balance: 0, lifetimePoints: 0, coupons: [] })
    // A referral code that does not exist is still refused as such.
    const unknown = await call(server, '/v1/members', { body: { ...valid(), email: `${user}+2@${domain}`, referralCode: 'NOPE1234' } })
    expect(unknown.status).toBe(422)
    // Someone new still gets the bonus.
    expect((await signUp(server)).member.balance).toBe(100)
  })

  it('gives no second sign-up bonus to a store customer who erased their membership, whatever email they join with now', async () => {
    const sub = 'cust_' + Math.random().toString(36).slice(2)
    const first = await signUp(server, {}, { token: await storeToken({ sub }) })
    expect(first.member.balance).toBe(100)
    expect((await erase(first.token)).status).toBe(200)
    const again = await signUp(server, {}, { token: await storeToken({ sub }) })
    expect(again.member.balance).toBe(0)
    // Erasure keeps neither the email nor the customer id, only their keyed digests: no member id, no time.
    const rows = await server.db.query<Record<string, unknown>>('SELECT * FROM erased_identities')
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(Object.keys(rows[0]!).sort()).toEqual(['digest', 'program_key'])
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(`${sub}|${first.member.id}|@`))
  })

  it('starts a return with every rule claimed once or once a year already claimed, taken before or not', async () => {
    const claim = (token: string, ruleId: string) => call(server, '/v1/members/me/claims', { token, body: { ruleId } })
    const [user, domain] = uniqueEmail('claims').split('@')
    const first = await signUp(server, { email: `${user}@${domain}`, birthday: '1990-05-17' })
    for (const ruleId of ['newsletter', 'birthday']) expect((await claim(first.token, ruleId)).status).toBe(201)
    expect((await erase(first.token)).status).toBe(200)

    const again = await signUp(server, { email: `${user}+again@${domain}`, birthday: '1991-02-03' })
    // The follow was never claimed, yet counts too: nothing links the old membership's claims to the digests.
    expect(again.member.claimedRules.toSorted()).toEqual(['birthday', 'instagram', 'newsletter'])
    for (const ruleId of ['newsletter', 'birthday', 'instagram']) {
      const refused = await claim(again.token, ruleId)
      expect(refused.status).toBe(422)
      expect(((await refused.json()) as Problem).code).toBe('already_claimed')
    }
    expect((await me(server, again.token)).balance).toBe(0)
    // Someone new claims as ever.
    expect((await claim((await signUp(server)).token, 'instagram')).status).toBe(201)
  })
})

describe('sign-up rate limit', () => {
  let limited: RunningServer
  beforeAll(async () => {
    limited = await start({ signupLimit: 2 })
  })
  afterAll(() => limited?.close())

  it('allows the limit per minute, then 429 with Retry-After; replays are not limited', async () => {
    const input = valid()
    const first = await call(limited, '/v1/members', { body: input, key: 'limit-a' })
    expect(first.status).toBe(201)
    expect((await call(limited, '/v1/members', { body: valid(), key: 'limit-b' })).status).toBe(201)
    const refused = valid()
    const r = await call(limited, '/v1/members', { body: refused, key: 'limit-c' })
    expect(r.status).toBe(429)
    const retryAfter = Number(r.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect((await r.json()) as Problem).toMatchObject({ status: 429, code: 'rate_limited', retryAfter })
    // A retry of the finished sign-up is a replay, not a new sign-up.
    const replay = await call(limited, '/v1/members', { body: input, key: 'limit-a' })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.text()).toBe(await first.text())
    // The refusal was not stored: the key is free for a later retry.
    const again = await call(limited, '/v1/members', { body: refused, key: 'limit-c' })
    expect(again.status).toBe(429)
    expect(again.headers.get('idempotent-replayed')).toBeNull()
  })
})
