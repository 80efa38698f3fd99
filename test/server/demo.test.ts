import { jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityPage, Problem } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, PROGRAM, SECRET, signUp, start, uniqueEmail } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

describe('POST /_demo/orders', () => {
  it('awards purchase points with the tier multiplier', async () => {
    const { member, token } = await signUp(server)
    expect(await order(server, { email: member.email }, 450)).toEqual({ points: 450, balance: 550, tier: { id: 'silver', name: 'Silver' } })
    expect(await order(server, { email: member.email }, 100.99)).toEqual({ points: 151, balance: 701, tier: { id: 'silver', name: 'Silver' } })
    expect((await order(server, { email: member.email }, 600)).tier.id).toBe('gold') // 900 points at ×1.5
    expect((await order(server, { email: member.email }, 10)).points).toBe(20) // ×2
    const after = await me(server, token)
    expect(after.balance).toBe(100 + 450 + 151 + 900 + 20)
    expect(after.lifetimePoints).toBe(after.balance)
    expect(after.tier).toEqual({ id: 'gold', name: 'Gold' })
    expect(after.nextTier).toBeNull()
  })

  it('finds members by customer id too and refuses unknown members and bad input', async () => {
    const { member } = await signUp(server)
    expect((await order(server, { customerId: member.id }, 5)).points).toBe(5)
    const unknown = await call(server, '/_demo/orders', { body: { email: uniqueEmail('nobody'), amount: 5 } })
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as Problem).code).toBe('not_found')
    const bad = await call(server, '/_demo/orders', { body: { email: member.email, amount: -3 } })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as Problem).errors).toEqual([{ field: 'amount', code: 'invalid' }])
    expect((await order(server, { email: member.email }, 5, 'ORDER-1')).points).toBe(5)
    const duplicate = await call(server, '/_demo/orders', { body: { email: member.email, amount: 5, orderId: 'ORDER-1' } })
    expect(duplicate.status).toBe(422)
  })

  it('pays the advocate once, on the referred friend’s first purchase', async () => {
    const advocate = await signUp(server)
    const friend = await signUp(server, { referralCode: advocate.member.referral.code.toLowerCase() })
    let a = await me(server, advocate.token)
    expect(a.referral).toMatchObject({ friendsJoined: 1, pointsEarned: 0 })
    expect(a.balance).toBe(100)
    await order(server, { email: friend.member.email }, 30)
    await order(server, { email: friend.member.email }, 30)
    a = await me(server, advocate.token)
    expect(a.referral).toMatchObject({ friendsJoined: 1, pointsEarned: 200 })
    expect(a.balance).toBe(300)
    expect(a.lifetimePoints).toBe(300)
    const activity = (await (await call(server, '/v1/members/me/activity', { token: advocate.token })).json()) as ActivityPage
    expect(activity.entries[0]).toMatchObject({ type: 'referral', points: 200, description: 'Referral bonus: a friend made their first purchase' })
    expect((await me(server, friend.token)).balance).toBe(160)
  })
})

describe('POST /_demo/token', () => {
  it('mints a customer token as the store’s server would', async () => {
    const email = uniqueEmail('anna')
    const r = await call(server, '/_demo/token', { body: { customerId: 'cust_anna', email, name: 'Anna' } })
    expect(r.status).toBe(201)
    const { token, expiresAt } = (await r.json()) as { token: string; expiresAt: number }
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { audience: PROGRAM })
    expect(payload).toMatchObject({ sub: 'cust_anna', email, name: 'Anna', exp: expiresAt })
    expect((await call(server, '/v1/members/me', { token })).status).toBe(204)
    await signUp(server, { email }, { token })
    expect((await me(server, token)).email).toBe(email)
  })

  it('validates its input', async () => {
    const r = await call(server, '/_demo/token', { body: { email: 'nope' } })
    expect(r.status).toBe(422)
    expect(((await r.json()) as Problem).errors).toEqual([
      { field: 'customerId', code: 'required' },
      { field: 'email', code: 'invalid' },
    ])
  })
})

describe('demo routes switched off', () => {
  let off: RunningServer
  beforeAll(async () => {
    off = await start({ demoRoutes: false })
  })
  afterAll(() => off?.close())

  it('404s /_demo/*', async () => {
    const r = await call(off, '/_demo/token', { body: { customerId: 'c', email: 'c@example.com' } })
    expect(r.status).toBe(404)
  })
})
