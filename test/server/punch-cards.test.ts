/**
 * Punch cards (`punch_card` rules): every Nth order credited to a member earns the rule's points
 * and coupon, exactly once per order whatever the retries and races; a fully refunded order takes
 * its punch back (owed when the card in progress has none).
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityPage, CouponStatus, Member, MemberExport, OrderResult } from '../../src/core/contract.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { createLogger } from '../../server/src/logger.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, signUp, start, storeCall, uniqueEmail } from './helpers.ts'

/** Keys whose transaction fails once after their effects, before the commit (a crash mid-request). */
const failOnce = new Set<string>()

let server: RunningServer
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loyalkit-punch-'))
  const program = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
  program.rules = program.rules.filter((r: { kind: string }) => r.kind != 'punch_card')
  program.rules.push(
    {
      id: 'third',
      kind: 'punch_card',
      name: { en: 'Every 3rd order: free shipping', lv: 'Katrs 3. pasūtījums' },
      points: 30,
      claimable: false,
      every: 3,
      rewardId: 'free-shipping',
    },
    { id: 'pair', kind: 'punch_card', name: 'Every 2nd order: 5 points', points: 5, claimable: false, every: 2 },
  )
  await writeFile(join(dir, 'program.json'), JSON.stringify(program))
  server = await start({
    programPath: join(dir, 'program.json'),
    // The simulated crash is logged as a failed request: not on the test's output.
    log: createLogger('error', { write: () => {} }),
    testHooks: {
      beforeCommit: ({ key }) => {
        if (failOnce.delete(key)) throw new Error('simulated crash before commit')
      },
    },
  })
})
afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

const orderBody = (email: string, amount: number, id = 'ord_' + randomUUID()) => ({ id, customer: { email }, amount, currency: 'EUR' })
const post = (path: string, body: unknown, key?: string) => storeCall(server, path, { body, ...(key && { key }) })
async function order(email: string, amount = 10, id?: string): Promise<OrderResult> {
  const r = await post('/v1/orders', orderBody(email, amount, id))
  expect(r.status, await r.clone().text()).toBe(201)
  return (await r.json()) as OrderResult
}
const refund = async (orderId: string, amount: number) => expect((await post(`/v1/orders/${orderId}/refunds`, { amount })).status).toBe(201)
const cards = (m: Member) => Object.fromEntries(m.punchCards!.map((c) => [c.ruleId, c.count]))
const punchCoupons = (m: Member) => m.coupons.filter((c) => c.rewardId == 'free-shipping')

describe('punch cards', () => {
  it('count each order; the Nth earns the points, with the rule named in the activity, and the coupon at no cost', async () => {
    const { member, token } = await signUp(server)
    expect(cards(member)).toEqual({ third: 0, pair: 0 })
    await order(member.email)
    expect(cards(await me(server, token))).toEqual({ third: 1, pair: 1 })
    await order(member.email)
    let m = await me(server, token)
    expect(cards(m)).toEqual({ third: 2, pair: 0 })
    expect(m.balance).toBe(100 + 10 + 10 + 5)
    const third = await order(member.email)
    // The order's own points are its purchase points; the card's come as entries of their own.
    expect(third.order.points).toBe(10)
    expect(third.member!.balance).toBe(125 + 10 + 30)
    m = await me(server, token)
    expect(cards(m)).toEqual({ third: 0, pair: 1 })
    expect(punchCoupons(m)).toEqual([
      expect.objectContaining({ rewardId: 'free-shipping', name: 'Free shipping', points: 0, state: 'active', code: expect.stringMatching(/^TP-/) }),
    ])
    const activity = (await (await call(server, '/v1/members/me/activity', { token, language: 'lv' })).json()) as ActivityPage
    expect(activity.entries[0]).toMatchObject({ type: 'claim', points: 30, description: 'Katrs 3. pasūtījums' })
    // The coupon is the reward's at checkout.
    const status = (await (await storeCall(server, `/v1/coupons/${punchCoupons(m)[0]!.code}`)).json()) as CouponStatus
    expect(status).toMatchObject({ kind: 'free_shipping', rewardId: 'free-shipping', memberId: member.id, valid: true })
    // And the card starts again.
    for (let i = 0; i < 3; i++) await order(member.email)
    m = await me(server, token)
    expect(punchCoupons(m)).toHaveLength(2)
    expect(m.balance).toBe(100 + 6 * 10 + 2 * 30 + 3 * 5)
  })

  it('count an order once: a retry with the same key, a new key, or reports racing each other', async () => {
    const { member, token } = await signUp(server)
    const id = 'ord_' + randomUUID()
    const key = randomUUID()
    expect((await post('/v1/orders', orderBody(member.email, 10, id), key)).status).toBe(201)
    expect((await post('/v1/orders', orderBody(member.email, 10, id), key)).headers.get('idempotent-replayed')).toBe('true')
    expect((await post('/v1/orders', orderBody(member.email, 10, id))).status).toBe(200)
    // Five reports of one order at once, each with its own key.
    const raced = 'ord_' + randomUUID()
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => post('/v1/orders', orderBody(member.email, 10, raced))))).map((r) => r.status)
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 201])
    expect(cards(await me(server, token))).toEqual({ third: 2, pair: 0 })
    // Seven different orders at once: 9 in all, so three full cards of 3 and four of 2 (one punch left over).
    await Promise.all(Array.from({ length: 7 }, () => order(member.email)))
    const m = await me(server, token)
    expect(cards(m)).toEqual({ third: 0, pair: 1 })
    expect(punchCoupons(m)).toHaveLength(3)
    expect(m.balance).toBe(100 + 9 * 10 + 3 * 30 + 4 * 5)
    const entries = await server.db.query<{ rule_id: string; n: string }>(
      `SELECT rule_id, COUNT(*)::text AS n FROM ledger WHERE member_id = $1 AND type = 'claim' GROUP BY rule_id ORDER BY rule_id`,
      [member.id],
    )
    expect(entries).toEqual([
      { rule_id: 'pair', n: '4' },
      { rule_id: 'third', n: '3' },
    ])
  })

  it('count an order once when its first try fails before the commit and the store retries with the same key', async () => {
    const { member, token } = await signUp(server)
    await order(member.email)
    await order(member.email)
    // The order that completes the third card (and the second pair): its effects roll back with the failure.
    const key = randomUUID()
    const body = orderBody(member.email, 10)
    // The store's keys are kept apart from shoppers': `store:<Idempotency-Key>`.
    failOnce.add(`store:${key}`)
    expect((await post('/v1/orders', body, key)).status).toBe(500)
    let m = await me(server, token)
    expect(cards(m)).toEqual({ third: 2, pair: 0 })
    expect(punchCoupons(m)).toHaveLength(0)
    expect((await post('/v1/orders', body, key)).status).toBe(201)
    m = await me(server, token)
    expect(cards(m)).toEqual({ third: 0, pair: 1 })
    expect(punchCoupons(m)).toHaveLength(1)
    expect(m.balance).toBe(100 + 3 * 10 + 30 + 5)
  })

  it('do not count a free order (nothing bought): the card’s own free item does not start the next card', async () => {
    const { member, token } = await signUp(server)
    await order(member.email, 10)
    const free = await order(member.email, 0)
    expect(free.order.points).toBe(0)
    const m = await me(server, token)
    expect(cards(m)).toEqual({ third: 1, pair: 1 })
    expect(m.balance).toBe(100 + 10)
  })

  it('count guest orders credited at sign-up, except fully refunded ones', async () => {
    const email = uniqueEmail('guest')
    const kept = await order(email, 20)
    const gone = await order(email, 20)
    await order(email, 20)
    await refund(gone.order.id, 20)
    await refund(kept.order.id, 5)
    const { member } = await signUp(server, { email })
    expect(cards(member)).toEqual({ third: 2, pair: 0 })
  })

  it('take a fully refunded order’s punch back: from the card in progress, else owed by the next order', async () => {
    const { member, token } = await signUp(server)
    const first = await order(member.email, 40)
    const second = await order(member.email, 40)
    expect(cards(await me(server, token))).toEqual({ third: 2, pair: 0 })
    // A partial refund keeps the punch; the refund that makes it full takes it back, once.
    await refund(second.order.id, 10)
    expect(cards(await me(server, token))).toEqual({ third: 2, pair: 0 })
    await refund(second.order.id, 30)
    expect(cards(await me(server, token))).toEqual({ third: 1, pair: 0 })
    // The pair card had paid out for the second order and has none in progress: it owes one.
    const third = await order(member.email, 40)
    expect(cards(await me(server, token))).toEqual({ third: 2, pair: 0 })
    await order(member.email, 40)
    let m = await me(server, token)
    expect(cards(m)).toEqual({ third: 0, pair: 1 })
    expect(punchCoupons(m)).toHaveLength(1)
    // Refunding orders whose card has paid out: the reward stays; the next orders pay the punches back.
    await refund(first.order.id, 40)
    await refund(third.order.id, 40)
    m = await me(server, token)
    expect(cards(m)).toEqual({ third: 0, pair: 0 })
    // What is owed is held, and exported.
    const exported = (await (await storeCall(server, `/v1/members/${member.id}/export`)).json()) as MemberExport
    expect(exported.punchCards).toEqual([
      { ruleId: 'pair', count: 0, owed: 1 },
      { ruleId: 'third', count: 0, owed: 2 },
    ])
    await order(member.email, 40)
    await order(member.email, 40)
    expect(cards(await me(server, token))).toEqual({ third: 0, pair: 1 })
    await order(member.email, 40)
    m = await me(server, token)
    expect(cards(m)).toEqual({ third: 1, pair: 0 })
    expect(punchCoupons(m)).toHaveLength(1)
  })
})
