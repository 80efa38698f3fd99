import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityEntry, ActivityPage, ClaimResult, Problem, RedemptionResult } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, signUp, start } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

async function problem(r: Response, status: number, code: string): Promise<Problem> {
  expect(r.status).toBe(status)
  expect(r.headers.get('content-type')).toBe('application/problem+json')
  const body = (await r.json()) as Problem
  expect(body.code).toBe(code)
  return body
}

describe('GET /v1/members/me', () => {
  it('is not cacheable', async () => {
    const { token } = await signUp(server)
    const r = await call(server, '/v1/members/me', { token })
    expect(r.headers.get('cache-control')).toBe('no-store')
  })
})

describe('GET /v1/members/me/activity', () => {
  it('pages newest first with an opaque cursor', async () => {
    const { member, token } = await signUp(server, { birthday: '1985-03-03' })
    for (const ruleId of ['birthday', 'newsletter', 'instagram']) {
      expect((await call(server, '/v1/members/me/claims', { token, body: { ruleId } })).status).toBe(201)
    }
    for (const [i, amount] of [10, 20, 30, 40].entries()) await order(server, { email: member.email }, amount, `A-${i}`)
    // 1 sign-up + 3 claims + 4 purchases
    const seen: ActivityEntry[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const r = await call(server, '/v1/members/me/activity' + query, { token })
      expect(r.status).toBe(200)
      expect(r.headers.get('cache-control')).toBe('no-store')
      const page = (await r.json()) as ActivityPage
      expect(page.entries.length).toBeLessThanOrEqual(3)
      seen.push(...page.entries)
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(3)
    expect(seen.map((e) => e.type)).toEqual(['purchase', 'purchase', 'purchase', 'purchase', 'claim', 'claim', 'claim', 'signup'])
    expect(seen.map((e) => e.points)).toEqual([40, 30, 20, 10, 20, 25, 50, 100])
    expect(new Set(seen.map((e) => e.id)).size).toBe(8)
    expect(seen[0]!.description).toBe('Purchase, order A-3')
    expect(seen[4]!.description).toBe('Follow us on Instagram')
    expect(seen[7]!.description).toBe('Welcome bonus for joining')
    for (const e of seen) expect(new Date(e.createdAt).toISOString()).toBe(e.createdAt)

    const all = (await (await call(server, '/v1/members/me/activity', { token, language: 'lv' })).json()) as ActivityPage
    expect(all.entries).toHaveLength(8)
    expect(all.nextCursor).toBeNull()
    expect(all.entries[7]!.description).toBe('Pievienošanās bonuss')
    expect(all.entries[4]!.description).toBe('Seko mums Instagram')
  })

  it('defaults to 20 entries and caps the limit at 100', async () => {
    const { member, token } = await signUp(server)
    for (let i = 0; i < 21; i++) await order(server, { email: member.email }, 1)
    const first = (await (await call(server, '/v1/members/me/activity', { token })).json()) as ActivityPage
    expect(first.entries).toHaveLength(20)
    expect(first.nextCursor).not.toBeNull()
    const big = (await (await call(server, '/v1/members/me/activity?limit=1000', { token })).json()) as ActivityPage
    expect(big.entries).toHaveLength(22)
    expect(big.nextCursor).toBeNull()
  })

  it('rejects a bad cursor or limit', async () => {
    const { token } = await signUp(server)
    for (const query of ['?cursor=garbage', '?cursor=eyJ2IjoyfQ', '?limit=0', '?limit=abc', '?limit=-5']) {
      await problem(await call(server, '/v1/members/me/activity' + query, { token }), 400, 'invalid_request')
    }
  })
})

describe('POST /v1/members/me/redemptions', () => {
  it('redeems a reward into a coupon and takes the points', async () => {
    const { member, token } = await signUp(server)
    await order(server, { email: member.email }, 500)
    const r = await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'five-euro-off' } })
    expect(r.status).toBe(201)
    const result = (await r.json()) as RedemptionResult
    expect(result.balance).toBe(100)
    expect(result.redemption).toMatchObject({ rewardId: 'five-euro-off', points: 500 })
    expect(result.redemption.code).toMatch(/^TP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    const after = await me(server, token)
    expect(after.balance).toBe(100)
    expect(after.lifetimePoints).toBe(600)
    expect(after.tier.id).toBe('silver')
    expect(after.coupons).toEqual([
      {
        id: result.redemption.id,
        rewardId: 'five-euro-off',
        name: '€5 off your order',
        code: result.redemption.code,
        points: 500,
        state: 'active',
        expiresAt: expect.any(String),
        createdAt: expect.any(String),
      },
    ])
    const activity = (await (await call(server, '/v1/members/me/activity?limit=1', { token })).json()) as ActivityPage
    expect(activity.entries[0]).toMatchObject({ type: 'redemption', points: -500, description: 'Redeemed: €5 off your order' })
  })

  it('gives donations no code', async () => {
    const { token } = await signUp(server)
    const r = await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'donate-backpacks' } })
    expect(r.status).toBe(201)
    const result = (await r.json()) as RedemptionResult
    expect(result).toEqual({ redemption: { id: expect.any(String), rewardId: 'donate-backpacks', code: null, points: 100 }, balance: 0 })
  })

  it('refuses without enough points', async () => {
    const { token } = await signUp(server)
    const body = await problem(await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'free-shipping' } }), 422, 'insufficient_points')
    expect(body.detail).toContain('300')
    expect((await me(server, token)).balance).toBe(100)
  })

  it('refuses unknown rewards and malformed bodies', async () => {
    const { token } = await signUp(server)
    await problem(await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'yacht' } }), 422, 'reward_unavailable')
    const missing = await problem(await call(server, '/v1/members/me/redemptions', { token, body: {} }), 422, 'invalid_request')
    expect(missing.errors).toEqual([{ field: 'rewardId', code: 'required' }])
    const extra = await problem(
      await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'free-shipping', qty: 2 } }),
      422,
      'invalid_request',
    )
    expect(extra.errors).toEqual([{ field: 'qty', code: 'unknown_field' }])
  })
})

describe('POST /v1/members/me/claims', () => {
  it('claims each action rule once', async () => {
    const { token } = await signUp(server, { birthday: '2000-01-01' })
    const r = await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'newsletter' } })
    expect(r.status).toBe(201)
    expect((await r.json()) as ClaimResult).toEqual({ ruleId: 'newsletter', points: 25, balance: 125 })
    await problem(await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'newsletter' } }), 422, 'already_claimed')
    expect((await (await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'birthday' } })).json()) as ClaimResult).toEqual({
      ruleId: 'birthday',
      points: 50,
      balance: 175,
    })
    await problem(await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'birthday' } }), 422, 'already_claimed')
    const member = await me(server, token)
    expect(member.claimedRules.sort()).toEqual(['birthday', 'newsletter'])
    expect(member.balance).toBe(175)
  })

  it('refuses rules that are unknown, automatic, or need a birthday', async () => {
    const { token } = await signUp(server)
    const unknown = await problem(await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'tiktok' } }), 422, 'invalid_request')
    expect(unknown.errors).toEqual([{ field: 'ruleId', code: 'unknown' }])
    const automatic = await problem(await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'signup' } }), 422, 'invalid_request')
    expect(automatic.errors).toEqual([{ field: 'ruleId', code: 'not_claimable' }])
    const birthday = await problem(await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'birthday' } }), 422, 'invalid_request')
    expect(birthday.errors).toEqual([{ field: 'ruleId', code: 'no_birthday' }])
    expect((await me(server, token)).balance).toBe(100)
  })
})
