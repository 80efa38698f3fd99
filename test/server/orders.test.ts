/**
 * The store's orders and refunds (`POST /v1/orders`, `POST /v1/orders/{id}/refunds`):
 * points by rule × tier × campaign, one credit per order id whatever the key, guest
 * orders credited at sign-up, referrals completed by a qualifying order, refunds in
 * proportion with points owed when they were already spent.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityPage, MemberRecord, OrderResult, Problem, RefundResult } from '../../src/core/contract.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, signUp, start, storeCall, storeToken, uniqueEmail } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

const post = (path: string, body: unknown, key?: string) => storeCall(server, path, { body, ...(key && { key }) })
const orderBody = (email: string, amount: number, id = 'ord_' + randomUUID(), extra: Record<string, unknown> = {}) => ({
  id,
  customer: { email },
  amount,
  currency: 'EUR',
  ...extra,
})
const refund = async (orderId: string, amount: number) => {
  const r = await post(`/v1/orders/${orderId}/refunds`, { amount })
  expect(r.status, await r.clone().text()).toBe(201)
  return (await r.json()) as RefundResult
}
const events = async (type: string, memberId: string) =>
  server.db.query<{ payload: string }>(`SELECT payload FROM webhook_events WHERE type = $1 AND member_id = $2 ORDER BY created_at`, [type, memberId])

describe('POST /v1/orders', () => {
  it('credits purchase points with the tier multiplier and answers the order and the member', async () => {
    const { member, token } = await signUp(server)
    expect(await order(server, { email: member.email }, 450)).toEqual({ points: 450, balance: 550, tier: { id: 'silver', name: 'Silver' } })
    expect(await order(server, { email: member.email }, 100.99)).toEqual({ points: 151, balance: 701, tier: { id: 'silver', name: 'Silver' } })
    expect((await order(server, { email: member.email }, 600)).tier?.id).toBe('gold') // 900 points at ×1.5
    expect((await order(server, { email: member.email }, 10)).points).toBe(20) // ×2
    const after = await me(server, token)
    expect(after.balance).toBe(100 + 450 + 151 + 900 + 20)
    expect(after.tier).toEqual({ id: 'gold', name: 'Gold' })
    // The store's view: lifetime value is the sum of the order amounts.
    const record = (await (await storeCall(server, `/v1/members/${member.id}`)).json()) as MemberRecord
    expect(record).toMatchObject({ lifetimeValue: 1160.99, orders: 4, currency: 'EUR', balance: after.balance })
    // Each change is announced in the outbox with the change's transaction.
    expect((await events('points.changed', member.id)).length).toBe(5)
    expect((await events('tier.changed', member.id)).map((e) => JSON.parse(e.payload).data)).toEqual([
      { memberId: member.id, from: 'bronze', to: 'silver' },
      { memberId: member.id, from: 'silver', to: 'gold' },
    ])
  })

  it('credits an order id once, whatever the Idempotency-Key; other content under that id is order_conflict', async () => {
    const { member, token } = await signUp(server)
    const body = orderBody(member.email, 40)
    const first = await post('/v1/orders', body)
    expect(first.status).toBe(201)
    for (let i = 0; i < 5; i++) {
      const again = await post('/v1/orders', body)
      expect(again.status).toBe(200)
      expect(((await again.json()) as OrderResult).order).toMatchObject({ id: body.id, state: 'credited', points: 40 })
    }
    expect((await me(server, token)).balance).toBe(140)
    for (const change of [{ amount: 41 }, { customer: { email: uniqueEmail() } }, { customer: { email: member.email, id: 'cust_other' } }]) {
      const conflict = await post('/v1/orders', { ...body, ...change })
      expect(conflict.status).toBe(409)
      expect(((await conflict.json()) as Problem).code).toBe('order_conflict')
    }
    // Concurrent deliveries of one order (a store's webhook retried at once) credit once too.
    const racing = orderBody(member.email, 10)
    const statuses = await Promise.all(Array.from({ length: 10 }, () => post('/v1/orders', racing).then((r) => r.status)))
    expect(statuses.filter((s) => s == 201)).toHaveLength(1)
    expect(statuses.filter((s) => s == 200)).toHaveLength(9)
    expect((await me(server, token)).balance).toBe(150)
  })

  it('keeps a guest order and credits it, once, when its email joins', async () => {
    const email = uniqueEmail('guest')
    const body = orderBody(email.toUpperCase(), 75)
    const r = await post('/v1/orders', body)
    expect(r.status).toBe(201)
    expect((await r.json()) as OrderResult).toMatchObject({ order: { state: 'guest', memberId: null, points: 0 }, member: null })
    const { member, token } = await signUp(server, { email })
    expect(member.balance).toBe(175)
    const activity = (await (await call(server, '/v1/members/me/activity', { token })).json()) as ActivityPage
    expect(activity.entries.map((e) => [e.type, e.points])).toEqual([
      ['purchase', 75],
      ['signup', 100],
    ])
    const again = await post('/v1/orders', body)
    expect(again.status).toBe(200)
    expect(((await again.json()) as OrderResult).order).toMatchObject({ state: 'credited', memberId: member.id, points: 75 })
    expect((await me(server, token)).balance).toBe(175)
  })

  it('refuses an amount whose points could not be recorded (422, not a database error)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-big-'))
    const program = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    program.rules.find((r: { kind: string }) => r.kind == 'purchase').points = 10
    await writeFile(join(dir, 'program.json'), JSON.stringify(program))
    const s = await start({ programPath: join(dir, 'program.json') })
    try {
      const { member } = await signUp(s)
      const r = await storeCall(s, '/v1/orders', { body: orderBody(member.email, 999_999_999.99) })
      expect(r.status).toBe(422)
      expect(((await r.json()) as Problem).errors).toEqual([{ field: 'amount', code: 'too_large' }])
      // 10 points a euro at the top tier's ×2: 100 million euros still fit a ledger entry.
      expect((await storeCall(s, '/v1/orders', { body: orderBody(member.email, 100_000_000) })).status).toBe(201)
    } finally {
      await s.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('credits an order racing its email’s sign-up, whichever commits first', async () => {
    for (let i = 0; i < 20; i++) {
      const email = uniqueEmail('race')
      const [joined] = await Promise.all([signUp(server, { email }), post('/v1/orders', orderBody(email, 30))])
      expect((await me(server, joined.token)).balance, `round ${i}`).toBe(130)
    }
  })

  it('gives an anonymous sign-up only the guest checkouts of its email, not a store account’s orders', async () => {
    const email = uniqueEmail('account')
    const customerId = 'cust_' + randomUUID()
    const accountOrder = orderBody(email, 40, undefined, { customer: { id: customerId, email } })
    await post('/v1/orders', accountOrder) // the store's customer, not a member yet
    await post('/v1/orders', orderBody(email, 25)) // a guest checkout with that email
    // Someone who only typed this email gets the guest checkout, not the account's order.
    const anonymous = await signUp(server, { email })
    expect(anonymous.member.balance).toBe(125)
    // Once the store vouches for the customer (a verified login links the member), the link credits
    // that customer's order at once; the store's next report of it finds it credited.
    const linked = await storeToken({ sub: customerId, email, email_verified: true })
    const now = await me(server, linked)
    expect(now.id).toBe(anonymous.member.id)
    expect(now.balance).toBe(165)
    const again = await post('/v1/orders', accountOrder)
    expect(again.status).toBe(200)
    expect(((await again.json()) as OrderResult).order).toMatchObject({ state: 'credited', memberId: anonymous.member.id, points: 40 })
    expect((await me(server, linked)).balance).toBe(165)
  })

  it('matches the store customer id before the email', async () => {
    const email = uniqueEmail('cust')
    const customerId = 'cust_' + randomUUID()
    const { member } = await signUp(server, { email }, { token: await storeToken({ sub: customerId, email }) })
    // The customer changed their email at the store: the customer id still finds the member.
    const r = await post('/v1/orders', orderBody(uniqueEmail('changed'), 5, undefined, { customer: { id: customerId, email: uniqueEmail('changed') } }))
    expect(r.status).toBe(201)
    expect(((await r.json()) as OrderResult).member?.id).toBe(member.id)
  })

  it('applies a running campaign: its multiplier on top of the tier, and its bonus', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-campaign-'))
    const program = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    const now = Date.now()
    program.campaigns = [
      {
        id: 'double',
        name: 'Double points',
        startsAt: new Date(now - 86_400_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        multiplier: 2,
      },
      { id: 'bonus', name: 'Bonus', startsAt: new Date(now - 86_400_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), bonus: 7 },
      {
        id: 'past',
        name: 'Over',
        startsAt: new Date(now - 3 * 86_400_000).toISOString(),
        endsAt: new Date(now - 2 * 86_400_000).toISOString(),
        multiplier: 10,
      },
    ]
    await writeFile(join(dir, 'program.json'), JSON.stringify(program))
    const s = await start({ programPath: join(dir, 'program.json') })
    try {
      const { member } = await signUp(s)
      expect((await order(s, { email: member.email }, 50)).points).toBe(50 * 2 + 7)
      // A free order buys nothing: no points, the campaign's per-order bonus neither.
      expect((await order(s, { email: member.email }, 0)).points).toBe(0)
      // A campaign applies to orders placed in its window, whenever the store reports them.
      const during = await storeCall(s, '/v1/orders', {
        body: orderBody(member.email, 50, undefined, { placedAt: new Date(now - 2.5 * 86_400_000).toISOString() }),
      })
      expect(((await during.json()) as OrderResult).order.points).toBe(500)
      const before = await storeCall(s, '/v1/orders', {
        body: orderBody(member.email, 50, undefined, { placedAt: new Date(now - 5 * 86_400_000).toISOString() }),
      })
      // Silver by now (707 points): ×1.5, no campaign.
      expect(((await before.json()) as OrderResult).order.points).toBe(75)
    } finally {
      await s.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('POST /v1/orders/{id}/refunds', () => {
  it('reverses points in proportion, repeatably up to the order amount', async () => {
    const { member, token } = await signUp(server)
    const id = 'ord_' + randomUUID()
    await order(server, { email: member.email }, 100, id) // 100 points, balance 200
    let r = await refund(id, 25)
    expect(r.refund).toMatchObject({ orderId: id, amount: 25, points: 25, pointsOwed: 0 })
    expect(r.order).toMatchObject({ refundedAmount: 25, pointsReversed: 25 })
    r = await refund(id, 33.33) // floor(100 × 58.33 / 100) = 58 reversed in all
    expect(r.refund.points).toBe(33)
    r = await refund(id, 41.67) // the rest: every point of the order
    expect(r.refund.points).toBe(42)
    expect(r.order).toMatchObject({ refundedAmount: 100, pointsReversed: 100 })
    expect(r.member).toMatchObject({ id: member.id, balance: 100, pointsOwed: 0 })
    const over = await post(`/v1/orders/${id}/refunds`, { amount: 0.01 })
    expect(over.status).toBe(422)
    expect(((await over.json()) as Problem).errors).toEqual([{ field: 'amount', code: 'exceeds_order' }])
    const after = await me(server, token)
    expect(after.balance).toBe(100)
    // A refunded order does not keep its tier progress.
    expect(after.lifetimePoints).toBe(100)
    const record = (await (await storeCall(server, `/v1/members/${member.id}`)).json()) as MemberRecord
    expect(record.lifetimeValue).toBe(0)
    expect((await events('order.refunded', member.id)).length).toBe(3)
    expect((await post('/v1/orders/no-such-order/refunds', { amount: 1 })).status).toBe(404)
  })

  it('never takes a balance below zero: what was already spent is owed, and settled from future earnings', async () => {
    const { member, token } = await signUp(server)
    const id = 'ord_' + randomUUID()
    await order(server, { email: member.email }, 500, id) // balance 600, Silver
    const spent = await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'five-euro-off' } })
    expect(spent.status).toBe(201) // balance 100
    const r = await refund(id, 500)
    expect(r.refund).toMatchObject({ points: 500, pointsOwed: 400 })
    expect(r.member).toMatchObject({ balance: 0, pointsOwed: 400 })
    // The next 300 points all go to the debt, then 200 of the next 250 (Bronze again: ×1).
    await order(server, { email: member.email }, 300)
    expect((await me(server, token)).balance).toBe(0)
    await order(server, { email: member.email }, 250)
    expect((await me(server, token)).balance).toBe(150)
    const record = (await (await storeCall(server, `/v1/members/${member.id}`)).json()) as MemberRecord
    expect(record.pointsOwed).toBe(0)
    const activity = (await (await call(server, '/v1/members/me/activity', { token, language: 'en' })).json()) as ActivityPage
    expect(activity.entries.slice(0, 6).map((e) => [e.type, e.points])).toEqual([
      ['refund', -100],
      ['purchase', 250],
      ['refund', -300],
      ['purchase', 300],
      ['refund', -100],
      ['redemption', -500],
    ])
    expect(activity.entries[0]!.description).toBe('Points owed from an earlier refund')
    expect(activity.entries[4]!.description).toBe(`Refund, order ${id}`)
  })

  it('refunds a guest order without points, and a guest order refunded before joining is credited net', async () => {
    const email = uniqueEmail('guest-refund')
    const id = 'ord_' + randomUUID()
    expect((await post('/v1/orders', orderBody(email, 80, id))).status).toBe(201)
    const r = await refund(id, 20)
    expect(r.refund).toMatchObject({ points: 0, pointsOwed: 0 })
    expect(r.member).toBeNull()
    const { member, token } = await signUp(server, { email })
    expect(member.balance).toBe(100 + 80 - 20)
    const again = await refund(id, 60)
    expect(again.refund.points).toBe(60)
    expect((await me(server, token)).balance).toBe(100)
  })
})

describe('refunds the store reports twice, or early', () => {
  it('records a refund with the store’s id once, whatever the Idempotency-Key', async () => {
    const { member, token } = await signUp(server)
    const id = 'ord_' + randomUUID()
    await order(server, { email: member.email }, 100, id)
    const first = await post(`/v1/orders/${id}/refunds`, { amount: 40, id: 'RF-1' })
    expect(first.status).toBe(201)
    expect(((await first.json()) as RefundResult).refund).toMatchObject({ storeRefundId: 'RF-1', amount: 40, points: 40 })
    const again = await post(`/v1/orders/${id}/refunds`, { amount: 40, id: 'RF-1' })
    expect(again.status).toBe(200)
    expect(((await again.json()) as RefundResult).order.refundedAmount).toBe(40)
    const other = await post(`/v1/orders/${id}/refunds`, { amount: 41, id: 'RF-1' })
    expect(other.status).toBe(409)
    expect(((await other.json()) as Problem).code).toBe('order_conflict')
    expect((await me(server, token)).balance).toBe(160)
  })

  it('does not keep a 404 for a refund reported before its order: the same retry succeeds once the order is there', async () => {
    const { member } = await signUp(server)
    const id = 'ord_' + randomUUID()
    const key = randomUUID()
    expect((await storeCall(server, `/v1/orders/${id}/refunds`, { body: { amount: 5 }, key })).status).toBe(404)
    await order(server, { email: member.email }, 50, id)
    expect((await storeCall(server, `/v1/orders/${id}/refunds`, { body: { amount: 5 }, key })).status).toBe(201)
  })

  it('keeps the store’s Idempotency-Keys apart from shoppers’: an anonymous request cannot take one first', async () => {
    const { member } = await signUp(server)
    const key = 'order-1043-' + randomUUID()
    await call(server, '/v1/members', { key, body: { email: uniqueEmail('squatter'), consent: { terms: true, marketing: false } } })
    // Nor under the name the store's key is kept by (the console's keys likewise): refused, nothing kept.
    for (const reserved of ['store:' + key, 'console:' + key]) {
      const taken = await call(server, '/v1/members', { key: reserved, body: {} })
      expect(taken.status).toBe(400)
      expect(((await taken.json()) as { detail: string }).detail).toMatch(/may not begin with "store:" or "console:"/)
    }
    expect((await storeCall(server, '/v1/orders', { key, body: orderBody(member.email, 10) })).status).toBe(201)
  })
})

describe('referrals complete on the friend’s first qualifying order', () => {
  it('takes the advocate’s bonus back when that order is refunded below the minimum, once', async () => {
    const advocate = await signUp(server)
    const friend = await signUp(server, { referralCode: advocate.member.referral.code })
    const id = 'ord_' + randomUUID()
    await order(server, { email: friend.member.email }, 30, id)
    expect((await me(server, advocate.token)).balance).toBe(300)
    await refund(id, 5) // 25 left: still qualifies
    expect((await me(server, advocate.token)).balance).toBe(300)
    await refund(id, 10) // 15 left: below 20
    let a = await me(server, advocate.token)
    expect(a).toMatchObject({ balance: 100, lifetimePoints: 100 })
    await refund(id, 15)
    a = await me(server, advocate.token)
    expect(a.balance).toBe(100)
    const activity = (await (await call(server, '/v1/members/me/activity', { token: advocate.token })).json()) as ActivityPage
    expect(activity.entries.filter((e) => e.type == 'refund').map((e) => [e.points, e.description])).toEqual([
      [-200, 'Referral bonus taken back: the friend’s order was refunded'],
    ])
  })

  it('with no minimum in the program: a zero order completes nothing, and a fully refunded one takes the bonus back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-nomin-'))
    const program = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    delete program.referral.minOrderAmount
    await writeFile(join(dir, 'program.json'), JSON.stringify(program))
    const s = await start({ programPath: join(dir, 'program.json') })
    try {
      const advocate = await signUp(s)
      const friend = await signUp(s, { referralCode: advocate.member.referral.code })
      const call = (path: string, body: unknown) => storeCall(s, path, { body })
      expect((await call('/v1/orders', orderBody(friend.member.email, 0))).status).toBe(201)
      expect((await me(s, advocate.token)).referral.pointsEarned).toBe(0)
      const id = 'ord_' + randomUUID()
      expect((await call('/v1/orders', orderBody(friend.member.email, 30, id))).status).toBe(201)
      expect((await me(s, advocate.token)).balance).toBe(300)
      expect((await call(`/v1/orders/${id}/refunds`, { amount: 10 })).status).toBe(201) // 20 left: still an order
      expect((await me(s, advocate.token)).balance).toBe(300)
      expect((await call(`/v1/orders/${id}/refunds`, { amount: 20 })).status).toBe(201) // nothing left
      expect((await me(s, advocate.token)).balance).toBe(100)
    } finally {
      await s.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('gives the friend the promised welcome coupon at sign-up and pays the advocate once', async () => {
    const advocate = await signUp(server)
    const friend = await signUp(server, { referralCode: advocate.member.referral.code.toLowerCase() })
    expect(friend.member.coupons).toEqual([
      expect.objectContaining({ rewardId: 'referral', name: '10% off your first order', points: 0, state: 'active', code: expect.stringMatching(/^TP-/) }),
    ])
    await order(server, { email: friend.member.email }, 19.99) // below the program's 20 minimum
    expect((await me(server, advocate.token)).referral.pointsEarned).toBe(0)
    await order(server, { email: friend.member.email }, 30)
    await order(server, { email: friend.member.email }, 30)
    const a = await me(server, advocate.token)
    expect(a.referral).toMatchObject({ friendsJoined: 1, pointsEarned: 200 })
    expect(a.balance).toBe(300)
    const activity = (await (await call(server, '/v1/members/me/activity', { token: advocate.token })).json()) as ActivityPage
    expect(activity.entries[0]).toMatchObject({ type: 'referral', points: 200, description: 'Referral bonus: a friend made their first purchase' })
    const completed = await events('referral.completed', advocate.member.id)
    expect(completed.map((e) => JSON.parse(e.payload).data)).toEqual([
      expect.objectContaining({ advocateId: advocate.member.id, friendId: friend.member.id, advocatePoints: 200, capped: false }),
    ])
  })

  it('refuses self-dealing: one’s own code under another address, an order paid as the advocate', async () => {
    const base = `self.${randomUUID().slice(0, 8)}`
    const advocate = await signUp(server, { email: `${base}@gmail.com` })
    // The advocate's own Gmail address with a +tag and without its dots: not a friend.
    const own = await call(server, '/v1/members', {
      body: {
        email: `${base.replace('.', '')}+friend@googlemail.com`,
        consent: { terms: true, marketing: false },
        referralCode: advocate.member.referral.code,
      },
    })
    expect(own.status).toBe(422)
    expect(((await own.json()) as Problem).errors).toEqual([{ field: 'referralCode', code: 'own_code' }])
    // A friend's account, but the order is the advocate's (their email at checkout): no bonus.
    const friendId = 'cust_' + randomUUID()
    const friendEmail = uniqueEmail('friend')
    const friend = await signUp(
      server,
      { email: friendEmail, referralCode: advocate.member.referral.code },
      { token: await storeToken({ sub: friendId, email: friendEmail }) },
    )
    const paidByAdvocate = await post('/v1/orders', {
      id: 'ord_' + randomUUID(),
      customer: { id: friendId, email: `${base}+shop@gmail.com` },
      amount: 50,
      currency: 'EUR',
    })
    expect(((await paidByAdvocate.json()) as OrderResult).member?.id).toBe(friend.member.id)
    expect((await me(server, advocate.token)).referral.pointsEarned).toBe(0)
    // The referral was the friend's one chance: later orders do not complete it either.
    await order(server, { email: friendEmail, customerId: friendId }, 50)
    expect((await me(server, advocate.token)).referral.pointsEarned).toBe(0)
    // Another, real friend's order pays.
    const friend2 = await signUp(server, { referralCode: advocate.member.referral.code })
    await order(server, { email: friend2.member.email }, 50)
    expect((await me(server, advocate.token)).referral.pointsEarned).toBe(200)
  })

  it('caps the referrals that pay one advocate in a calendar month', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-cap-'))
    const program = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    program.referral.monthlyCap = 2
    await writeFile(join(dir, 'program.json'), JSON.stringify(program))
    const s = await start({ programPath: join(dir, 'program.json') })
    try {
      const advocate = await signUp(s)
      for (let i = 0; i < 3; i++) {
        const friend = await signUp(s, { referralCode: advocate.member.referral.code })
        await order(s, { email: friend.member.email }, 25)
      }
      expect((await me(s, advocate.token)).referral).toMatchObject({ friendsJoined: 3, pointsEarned: 400 })
    } finally {
      await s.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('does not count orders placed before the friend joined', async () => {
    const advocate = await signUp(server)
    const email = uniqueEmail('early')
    await post('/v1/orders', orderBody(email, 60))
    const friend = await signUp(server, { email, referralCode: advocate.member.referral.code })
    expect(friend.member.balance).toBe(160)
    expect((await me(server, advocate.token)).referral.pointsEarned).toBe(0)
    await order(server, { email }, 20)
    expect((await me(server, advocate.token)).referral.pointsEarned).toBe(200)
  })
})
