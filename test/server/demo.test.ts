import { readFileSync } from 'node:fs'
import { jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem, Program } from '../../src/core/contract.ts'
import { RUNNING_CAMPAIGN, withCampaignAroundNow } from '../../demo/dated-program.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { loadProgram, parseProgram, runningCampaigns } from '../../server/src/program/program.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, PROGRAM, SECRET, signUp, start, uniqueEmail } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

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

describe('the demo program', () => {
  it('keeps its campaign long past in the file, so tests earn the plain rate', () => {
    const def = loadProgram(DEMO_PROGRAM)
    expect(Date.parse(def.campaigns.find((c) => c.id == RUNNING_CAMPAIGN)!.endsAt)).toBeLessThan(Date.now())
    expect(runningCampaigns(def, new Date())).toEqual([])
  })

  it('has its double-points week moved around today by npm start, whatever the day', () => {
    const file = JSON.parse(readFileSync(DEMO_PROGRAM, 'utf8'))
    for (const now of [new Date(), new Date('2031-02-28T23:59:59Z'), new Date('2027-01-01T00:00:00Z')]) {
      const def = parseProgram(withCampaignAroundNow(file, now))
      expect(runningCampaigns(def, now).map((c) => c.id)).toEqual([RUNNING_CAMPAIGN])
      // At least a day of it left, and the same copy all day (one program version a day).
      expect(runningCampaigns(def, new Date(now.getTime() + 86_400_000)).map((c) => c.id)).toEqual([RUNNING_CAMPAIGN])
      expect(withCampaignAroundNow(file, new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000))).toEqual(withCampaignAroundNow(file, now))
    }
  })

  it('runs that week when started as npm start does: listed, and orders earn double', async () => {
    const demo = await start({ campaignAroundNow: true })
    try {
      const p = (await (await call(demo, '/v1/program')).json()) as Program
      const campaign = p.campaigns!.find((c) => c.id == RUNNING_CAMPAIGN)!
      expect(campaign).toMatchObject({ name: 'Double points week', multiplier: 2 })
      expect(Date.parse(campaign.startsAt)).toBeLessThanOrEqual(Date.now())
      expect(Date.parse(campaign.endsAt)).toBeGreaterThan(Date.now())
      const { member } = await signUp(demo)
      expect((await order(demo, member, 40)).points).toBe(80)
    } finally {
      await demo.close()
    }
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

describe('the demo store’s backend', () => {
  let store: RunningServer
  beforeAll(async () => {
    store = await start({ storeWebhooks: true, webhookPollMs: 50 })
  })
  afterAll(() => store?.close())

  const backend = async (path: string, body: unknown) => {
    const r = await fetch(store.url + '/_demo/store' + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    return { status: r.status, body: (await r.json()) as Record<string, any> }
  }

  it('checks out through the store API: coupon checked and used once, order credited, refund reversed, webhooks received', async () => {
    const { member, token } = await signUp(store)
    let r = await backend('/checkout', { email: member.email, amount: 600 })
    expect(r.status).toBe(201)
    expect(r.body.order.order).toMatchObject({ state: 'credited', points: 600, amount: 600 })
    const redeemed = await call(store, '/v1/members/me/redemptions', { token, body: { rewardId: 'five-euro-off' } })
    const code = ((await redeemed.json()) as { redemption: { code: string } }).redemption.code
    expect((await backend('/checkout', { email: member.email, amount: 19, coupon: code })).body.errors).toEqual([{ field: 'coupon', code: 'invalid' }])
    r = await backend('/checkout', { email: member.email, amount: 89, coupon: code.toLowerCase() })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ amount: 84, discount: 5 })
    const again = await backend('/checkout', { email: member.email, amount: 89, coupon: code })
    expect(again.status).toBe(422)
    expect(again.body.detail).toBe('This coupon was already used.')
    const refund = await backend('/refunds', { orderId: r.body.orderId })
    expect(refund.status).toBe(201)
    expect(refund.body.refund).toMatchObject({ amount: 84 })
    expect((await backend('/refunds', { orderId: r.body.orderId })).status).toBe(422)
    // The loyalty server's webhooks reach the store, signed and de-duplicated.
    let types: string[] = []
    for (let i = 0; i < 100 && !types.includes('order.refunded'); i++) {
      await new Promise((done) => setTimeout(done, 100))
      types = ((await (await fetch(store.url + '/_demo/store/webhooks')).json()) as { events: { type: string }[] }).events.map((e) => e.type)
    }
    expect(types).toEqual(expect.arrayContaining(['member.created', 'points.changed', 'tier.changed', 'reward.redeemed', 'coupon.used', 'order.refunded']))
    expect((await me(store, token)).coupons[0]).toMatchObject({ code, state: 'used' })
  })

  it('refuses a webhook with a bad signature', async () => {
    const r = await fetch(store.url + '/_demo/store/webhooks', {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,Zm9yZ2Vk',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ type: 'points.changed', timestamp: new Date().toISOString(), data: {} }),
    })
    expect(r.status).toBe(400)
  })
})
