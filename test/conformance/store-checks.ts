/**
 * Conformance checks of the store's server-to-server API (`auth: 'key'` routes of
 * src/core/operations.ts): orders and refunds, coupons at checkout, the store's view
 * of members (look-up, corrections, consent, export, erasure), and how those routes
 * refuse browsers and customer tokens. They need the store's secret API key besides
 * what the shopper's checks need; runConformance registers them only when it has one.
 *
 * Black-box and repeatable: every run makes its own members (fresh emails) and
 * orders (random ids). Amounts and costs come from GET /program: the purchase rule
 * and the tiers say what an order earns at least (running campaigns, which GET
 * /program does not show, may only add); the cheapest reward that is not a
 * donation is the coupon. What the checks assume of the program: a purchase rule
 * that earns points and a reward with a coupon code.
 */
import { randomUUID } from 'node:crypto'
import type { ActivityEntry, Member, Order, OrderResult, SignUpResult } from '../../src/core/contract.ts'
import {
  ActivityPageSchema,
  AdjustmentResultSchema,
  CouponStatusSchema,
  MemberExportSchema,
  MemberListSchema,
  MemberRecordSchema,
  MemberSchema,
  OrderResultSchema,
  OrderSchema,
  RedemptionResultSchema,
  RefundResultSchema,
} from '../../src/core/schemas.ts'
import { check, equal, need, type ConformanceContext, type SendOptions, type Sent } from './http.ts'

export interface StoreContext extends ConformanceContext {
  /** The store's secret API key (Authorization: Bearer). */
  apiKey: string
  /** An origin the program allows, for the browser checks (else the endpoint's own). */
  origin?: string
}

const enc = encodeURIComponent
/** An amount of money as the contract carries it: at most 2 decimals. */
const money = (x: number) => Math.round(x * 100) / 100
const cents = (x: number) => Math.round(x * 100)

/** What the store's checks share: the API key's calls and what GET /program says orders earn. */
function storeHelpers(ctx: StoreContext) {
  const { send, json, expectProblem, run, apiKey } = ctx
  const keyed = (method: string, path: string, o: SendOptions = {}) => send(method, path, { ...o, token: apiKey })
  const newOrderId = () => `ord-conformance-${run}-${randomUUID()}`
  const me = async (token: string): Promise<Member> => json(await send('GET', '/members/me', { token }), 200, MemberSchema, 'member')
  const orderBody = (email: string, amount: number, extra: Record<string, unknown> = {}) => ({
    id: newOrderId(),
    customer: { email },
    amount,
    currency: ctx.program().currency,
    ...extra,
  })
  /** A problem whose field errors name `field`. */
  const naming = (r: Sent, status: number, code: string, field: string) => {
    const problem = expectProblem(r, status, code)
    check(
      problem.errors?.some((e) => e.field == field),
      `errors name the ${field} field, got ${JSON.stringify(problem.errors)}`,
    )
  }

  /** What an order earns a member with `lifetime` points at least: the purchase rule × that tier's multiplier, rounded down. */
  function earning(lifetime: number) {
    const p = ctx.program()
    const rule = p.rules.find((r) => r.kind == 'purchase')
    check(rule && rule.points > 0, 'program assumption: a purchase rule that earns points')
    const tier = [...p.tiers].reverse().find((t) => t.threshold <= lifetime) ?? p.tiers[0]!
    const per = rule.per ?? 1
    const rate = (rule.points * tier.multiplier) / per
    return {
      tier,
      /** A round amount for orders: ten purchase units. */
      amount: money(10 * per),
      points: (amount: number) => Math.floor(amount * rate + 1e-9),
      /** An amount earning at least `points`. */
      amountFor: (points: number) => money(Math.ceil(points / rate) + per),
    }
  }

  return { ...ctx, keyed, newOrderId, me, orderBody, naming, earning, fake: `conformance-${run}` }
}

type Helpers = ReturnType<typeof storeHelpers>

/** What later checks use of earlier ones: a member with an order (partly refunded). */
interface Shared {
  buyer?: SignUpResult
  bought?: OrderResult
  refunded: number
}

/** Registers the checks of the store's API, in order: auth, orders and refunds, coupons, members. */
export function storeChecks(ctx: StoreContext): void {
  const h = storeHelpers(ctx)
  const s: Shared = { refunded: 0 }
  authChecks(h)
  orderChecks(h, s)
  couponChecks(h, s)
  memberChecks(h, s)
}

/** Who may call: the key, from a server; never a browser or a customer token. */
function authChecks(h: Helpers): void {
  const { send, json, expectProblem, test, run, apiKey, keyed, fake } = h
  const storeRoutes: [method: string, path: string][] = [
    ['POST', '/orders'],
    ['GET', `/orders/${fake}`],
    ['POST', `/orders/${fake}/refunds`],
    ['GET', `/coupons/${fake.toUpperCase()}`],
    ['POST', `/coupons/${fake.toUpperCase()}/uses`],
    ['GET', `/members?email=${enc(`${fake}@example.com`)}`],
    ['GET', `/members/mem_${fake}`],
    ['DELETE', `/members/mem_${fake}`],
    ['GET', `/members/mem_${fake}/export`],
    ['POST', `/members/mem_${fake}/adjustments`],
    ['POST', `/members/mem_${fake}/consent`],
  ]
  /** Runs `expectation` on every store route, naming the route that fails. */
  const onEveryRoute = async (o: SendOptions, expectation: (r: Sent) => void) => {
    for (const [method, path] of storeRoutes) {
      const r = await send(method, path, { ...(method == 'POST' && { body: {} }), ...o })
      try {
        expectation(r)
      } catch (error) {
        throw new Error(`${method} ${path}: ${(error as Error).message}`)
      }
    }
  }
  const expect401 = (r: Sent) => {
    expectProblem(r, 401, 'unauthorized')
    check(/^Bearer/i.test(r.headers.get('www-authenticate') ?? ''), `WWW-Authenticate: Bearer, got "${r.headers.get('www-authenticate')}"`)
  }
  const browserOrigin = h.origin ?? new URL(h.endpoint).origin

  test('the API key is accepted: GET /members?email= → 200 MemberList', async () => {
    json(await keyed('GET', `/members?email=${enc(`${fake}@example.com`)}`), 200, MemberListSchema, 'member list')
  })

  test('every store route without an API key → 401 unauthorized', () => onEveryRoute({}, expect401))

  test('a store route with an unknown API key → 401 unauthorized', async () =>
    expect401(await send('GET', `/members?email=${enc(`${fake}@example.com`)}`, { token: `lk_sk_conformance_unknown_${run}` })))

  test('a store route with a customer token → 401 unauthorized', async () => {
    const token = await h.customerToken({ email: h.freshEmail('customer') })
    await onEveryRoute({ token }, expect401)
  })

  test('the API key sent from a browser (Origin, Sec-Fetch-Site) → 403 forbidden, without CORS headers', async () => {
    for (const headers of [{ Origin: browserOrigin }, { 'Sec-Fetch-Site': 'same-site' }] as Record<string, string>[]) {
      await onEveryRoute({ token: apiKey, headers }, (r) => {
        expectProblem(r, 403, 'forbidden')
        equal(r.headers.get('access-control-allow-origin'), null, `Access-Control-Allow-Origin (${Object.keys(headers)[0]})`)
      })
    }
  })

  test('a CORS preflight to a store route gets no Access-Control-Allow-Origin', async () => {
    for (const [method, path] of [
      ['POST', '/orders'],
      ['GET', `/members/mem_${fake}`],
      ['DELETE', `/members/mem_${fake}`],
    ] as const) {
      const r = await fetch(h.endpoint + path, {
        method: 'OPTIONS',
        headers: {
          Origin: browserOrigin,
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key, x-loyalkit-program',
        },
      })
      equal(r.headers.get('access-control-allow-origin'), null, `Access-Control-Allow-Origin of the preflight of ${method} ${path}`)
    }
  })

  test('the API key on a shopper route (GET /members/me) → 403 forbidden', async () => {
    expectProblem(await send('GET', '/members/me', { token: apiKey }), 403, 'forbidden')
  })
}

/** Orders credited once per id, guest orders credited at sign-up, refunds in proportion. */
function orderChecks(h: Helpers, s: Shared): void {
  const { json, expectProblem, test, keyed, me, orderBody, naming, earning, fake } = h
  let boughtBody: ReturnType<typeof h.orderBody> | undefined

  test('POST /orders of a member → 201 OrderResult, the points credited to the member', async () => {
    const m = await h.signUp('buyer')
    s.buyer = m
    const e = earning(m.member.lifetimePoints)
    const body = orderBody(m.member.email, e.amount)
    const result = json(await keyed('POST', '/orders', { body }), 201, OrderResultSchema, 'order result')
    const o = result.order
    equal(
      [o.id, o.state, o.memberId, o.amount, o.currency, o.refundedAmount, o.pointsReversed],
      [body.id, 'credited', m.member.id, body.amount, body.currency, 0, 0],
      '[id, state, memberId, amount, currency, refundedAmount, pointsReversed]',
    )
    const least = e.points(body.amount)
    check(
      o.points >= least,
      `order.points: at least ${least} (${body.amount} ${body.currency} by the purchase rule × the ${e.tier.id} tier’s ×${e.tier.multiplier}), got ${o.points}`,
    )
    equal(result.member?.id, m.member.id, 'member.id')
    equal(result.member?.balance, m.member.balance + o.points, 'member.balance: the balance before and the order’s points')
    equal((await me(m.token)).balance, result.member!.balance, 'balance of GET /members/me')
    ;[s.bought, boughtBody] = [result, body]
  })

  test('the same order again with another Idempotency-Key → 200, the order as recorded, credited once', async () => {
    const first = need(s.bought, 'an order')
    const again = json(await keyed('POST', '/orders', { body: boughtBody }), 200, OrderResultSchema, 'order result')
    equal([again.order.id, again.order.state, again.order.points], [first.order.id, 'credited', first.order.points], '[id, state, points]')
    equal(again.member?.balance, first.member?.balance, 'member.balance')
    equal((await me(s.buyer!.token)).balance, first.member?.balance, 'balance of GET /members/me')
  })

  test('the same order id with another amount → 409 order_conflict', async () => {
    const body = need(boughtBody, 'an order')
    expectProblem(await keyed('POST', '/orders', { body: { ...body, amount: money(body.amount + 1) } }), 409, 'order_conflict')
    equal((await me(s.buyer!.token)).balance, s.bought!.member?.balance, 'balance unchanged')
  })

  test('an order in another currency → 422 invalid_request naming currency, and nothing recorded', async () => {
    const body = orderBody(need(s.buyer, 'a buyer').member.email, 10)
    naming(await keyed('POST', '/orders', { body: { ...body, currency: body.currency == 'EUR' ? 'USD' : 'EUR' } }), 422, 'invalid_request', 'currency')
    expectProblem(await keyed('GET', `/orders/${enc(body.id)}`), 404, 'not_found')
  })

  test('GET /orders/{id} → the Order as recorded', async () => {
    const recorded = need(s.bought, 'an order').order
    const order = json(await keyed('GET', `/orders/${enc(recorded.id)}`), 200, OrderSchema, 'order')
    const fields = (o: Order) => [o.id, o.state, o.memberId, o.customer.email, o.amount, o.currency, o.points, o.refundedAmount, o.placedAt, o.createdAt]
    equal(fields(order), fields(recorded), '[id, state, memberId, customer.email, amount, currency, points, refundedAmount, placedAt, createdAt]')
  })

  test('GET /orders/{unknown} and a refund of it → 404 not_found', async () => {
    expectProblem(await keyed('GET', `/orders/${fake}-unknown`), 404, 'not_found')
    expectProblem(await keyed('POST', `/orders/${fake}-unknown/refunds`, { body: { amount: 1 } }), 404, 'not_found')
  })

  test('POST /orders/{id}/refunds (part of the order) → 201 RefundResult, points reversed in proportion', async () => {
    const { order, member } = need(s.bought, 'an order')
    const amount = money(order.amount / 2)
    const r = json(await keyed('POST', `/orders/${enc(order.id)}/refunds`, { body: { amount } }), 201, RefundResultSchema, 'refund result')
    const reversed = Math.floor((order.points * cents(amount)) / cents(order.amount))
    equal([r.refund.orderId, r.refund.amount, r.refund.points], [order.id, amount, reversed], '[refund.orderId, refund.amount, refund.points]')
    equal([r.order.id, r.order.refundedAmount, r.order.pointsReversed], [order.id, amount, reversed], '[order.id, order.refundedAmount, order.pointsReversed]')
    equal(
      [r.member?.id, r.member?.balance, r.member?.pointsOwed],
      [member!.id, member!.balance - reversed, 0],
      '[member.id, member.balance, member.pointsOwed]',
    )
    equal((await me(s.buyer!.token)).balance, member!.balance - reversed, 'balance of GET /members/me')
    s.refunded = amount
  })

  test('a refund of more than what is left of the order → 422 invalid_request naming amount', async () => {
    const { order } = need(s.bought, 'an order')
    check(s.refunded > 0, 'needs a refund from an earlier check')
    naming(
      await keyed('POST', `/orders/${enc(order.id)}/refunds`, { body: { amount: money(order.amount - s.refunded + 0.01) } }),
      422,
      'invalid_request',
      'amount',
    )
    const after = json(await keyed('GET', `/orders/${enc(order.id)}`), 200, OrderSchema, 'order')
    equal(after.refundedAmount, s.refunded, 'order.refundedAmount unchanged')
  })

  let guest: { email: string; order: Order } | undefined

  test('POST /orders of an email that is not a member → 201, a guest order', async () => {
    const email = h.freshEmail('guest')
    const body = orderBody(email, earning(h.program().signupBonus).amount)
    const result = json(await keyed('POST', '/orders', { body }), 201, OrderResultSchema, 'order result')
    equal(
      [result.order.id, result.order.state, result.order.memberId, result.member],
      [body.id, 'guest', null, null],
      '[order.id, order.state, order.memberId, member]',
    )
    guest = { email, order: result.order }
  })

  test('a guest who joins is credited the guest order’s points at sign-up', async () => {
    const { email, order } = need(guest, 'a guest order')
    const joined = await h.signUp('guest', { email })
    const credited = json(await keyed('GET', `/orders/${enc(order.id)}`), 200, OrderSchema, 'order')
    equal([credited.state, credited.memberId], ['credited', joined.member.id], '[state, memberId] of the guest order after sign-up')
    // Credited at the joining member's tier (after the sign-up bonus); a campaign may add, so compare with an order just made at that tier.
    const p = h.program()
    const least = earning(p.signupBonus).points(order.amount)
    check(credited.points >= least, `order.points: at least ${least}, got ${credited.points}`)
    if (s.bought && s.buyer!.member.lifetimePoints == p.signupBonus && s.bought.order.amount == order.amount) {
      equal(credited.points, s.bought.order.points, 'order.points: what a member at the same tier earned for the same amount')
    }
    equal(joined.member.balance, p.signupBonus + credited.points, 'balance at sign-up: the sign-up bonus and the guest order’s points')
  })
}

/** A redeemed reward's coupon checked and used at checkout, exactly once; the referral welcome coupon. */
function couponChecks(h: Helpers, s: Shared): void {
  const { send, json, expectProblem, test, run, keyed, newOrderId, me, orderBody, earning } = h
  let coupon: { code: string; token: string; cart: number } | undefined

  test('a member’s coupon: GET /coupons/{code}?amount= → CouponStatus, active, with its discount', async () => {
    const p = h.program()
    const reward = p.rewards.filter((r) => r.kind != 'donation').sort((a, b) => a.cost - b.cost)[0]
    check(reward, 'program assumption: a reward with a coupon code (not a donation)')
    const holder = await h.signUp('coupon')
    const missing = reward.cost - holder.member.balance
    if (missing > 0) {
      // Points topped up with an order.
      const body = orderBody(holder.member.email, earning(holder.member.lifetimePoints).amountFor(missing))
      const topped = json(await keyed('POST', '/orders', { body }), 201, OrderResultSchema, 'order result')
      check((topped.member?.balance ?? 0) >= reward.cost, `an order of ${body.amount} gives ${reward.cost} points, got a balance of ${topped.member?.balance}`)
    }
    const redeemed = json(
      await send('POST', '/members/me/redemptions', { token: holder.token, body: { rewardId: reward.id } }),
      201,
      RedemptionResultSchema,
      'redemption',
    )
    const code = redeemed.redemption.code
    check(code, `a coupon code for ${reward.id}`)
    const status = json(await keyed('GET', `/coupons/${enc(code)}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [status.code, status.kind, status.rewardId, status.memberId, status.state, status.valid, status.usedAt, status.orderId, status.discount],
      [code, reward.kind, reward.id, holder.member.id, 'active', true, null, null, null],
      '[code, kind, rewardId, memberId, state, valid, usedAt, orderId, discount]',
    )
    const cart = money(Math.max(100, status.minOrderAmount ?? 0, (status.value ?? 0) * 2))
    const priced = json(await keyed('GET', `/coupons/${enc(code.toLowerCase())}?amount=${cart}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [priced.code, priced.state, priced.valid, priced.reason],
      [code, 'active', true, null],
      `[code, state, valid, reason] for a cart of ${cart} (code in lower case)`,
    )
    const discount = status.kind == 'amount_off' ? Math.min(status.value ?? 0, cart) : status.kind == 'percent_off' ? (cart * (status.value ?? 0)) / 100 : null
    check(
      discount === null ? priced.discount === null : priced.discount !== null && Math.abs(priced.discount - discount) < 0.006,
      `discount on ${cart}: expected ${discount}, got ${priced.discount}`,
    )
    if (status.minOrderAmount) {
      const below = json(await keyed('GET', `/coupons/${enc(code)}?amount=${money(status.minOrderAmount - 0.01)}`), 200, CouponStatusSchema, 'coupon')
      equal([below.valid, below.reason, below.discount], [false, 'below_minimum', null], '[valid, reason, discount] below the minimum order amount')
    }
    coupon = { code, token: holder.token, cart }
  })

  let useOrderId: string | undefined

  test('POST /coupons/{code}/uses → 201, the coupon used by that order', async () => {
    const { code, cart } = need(coupon, 'a coupon')
    const orderId = newOrderId()
    const used = json(await keyed('POST', `/coupons/${enc(code)}/uses`, { body: { orderId, amount: cart } }), 201, CouponStatusSchema, 'coupon')
    equal([used.code, used.state, used.orderId, used.valid, used.reason], [code, 'used', orderId, false, 'used'], '[code, state, orderId, valid, reason]')
    check(used.usedAt, 'usedAt')
    useOrderId = orderId
  })

  test('using it again: another order → 409 coupon_used, the same order → 200', async () => {
    const { code } = need(coupon, 'a coupon')
    const orderId = need(useOrderId, 'a coupon use')
    expectProblem(await keyed('POST', `/coupons/${enc(code)}/uses`, { body: { orderId: newOrderId() } }), 409, 'coupon_used')
    const same = json(await keyed('POST', `/coupons/${enc(code)}/uses`, { body: { orderId } }), 200, CouponStatusSchema, 'coupon')
    equal([same.state, same.orderId], ['used', orderId], '[state, orderId]')
    const status = json(await keyed('GET', `/coupons/${enc(code)}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [status.state, status.valid, status.reason, status.orderId],
      ['used', false, 'used', orderId],
      '[state, valid, reason, orderId] of GET /coupons/{code}',
    )
  })

  test('the shopper’s GET /members/me shows the coupon used', async () => {
    const { code, token } = need(coupon, 'a coupon')
    need(useOrderId, 'a coupon use')
    const held = (await me(token)).coupons.find((c) => c.code == code)
    check(held, `coupon ${code} among the member's coupons`)
    equal(held.state, 'used', 'coupon state')
  })

  test('an unknown coupon code → 404 not_found (GET and use)', async () => {
    const code = `NOPE-${run.toUpperCase()}-0000`
    expectProblem(await keyed('GET', `/coupons/${code}`), 404, 'not_found')
    expectProblem(await keyed('POST', `/coupons/${code}/uses`, { body: { orderId: newOrderId() } }), 404, 'not_found')
  })

  test('a referred friend’s welcome coupon is a coupon at checkout, on the program’s referral terms', async () => {
    const p = h.program()
    const friend = await h.signUp('friend', { extra: { referralCode: need(s.buyer, 'a member').member.referral.code } })
    const welcome = friend.member.coupons.find((c) => c.code && c.state == 'active')
    check(welcome, `a welcome coupon among the friend's coupons at sign-up, got ${JSON.stringify(friend.member.coupons)}`)
    const status = json(await keyed('GET', `/coupons/${enc(welcome.code!)}`), 200, CouponStatusSchema, 'coupon')
    equal(
      [status.kind, status.value, status.rewardId, status.memberId, status.state],
      [p.referral.friend.kind, p.referral.friend.value, null, friend.member.id, 'active'],
      '[kind, value, rewardId, memberId, state]',
    )
  })
}

/** The store's view of members: look-up, corrections, consent, export, erasure. */
function memberChecks(h: Helpers, s: Shared): void {
  const { send, json, expectProblem, expectStatus, expectNotJoined, test, run, keyed, me, naming, fake } = h

  test('GET /members?email= finds the member, whatever the case of the email', async () => {
    const { member, token } = need(s.buyer, 'a member')
    const list = json(await keyed('GET', `/members?email=${enc(member.email.toUpperCase())}`), 200, MemberListSchema, 'member list')
    equal(
      list.members.map((m) => m.id),
      [member.id],
      'ids of the members found',
    )
    const [record] = list.members
    const now = await me(token)
    equal(
      [record!.email, record!.balance, record!.referralCode, record!.currency],
      [now.email, now.balance, now.referral.code, h.program().currency],
      '[email, balance, referralCode, currency]',
    )
  })

  test('GET /members?email= of an email that is no member → an empty list', async () => {
    const list = json(await keyed('GET', `/members?email=${enc(h.freshEmail('nobody'))}`), 200, MemberListSchema, 'member list')
    equal(list.members, [], 'members')
  })

  test('GET /members/{id} → MemberRecord, agreeing with the shopper’s view', async () => {
    const { member, token } = need(s.buyer, 'a member')
    const record = json(await keyed('GET', `/members/${enc(member.id)}`), 200, MemberRecordSchema, 'member record')
    const now = await me(token)
    equal(
      [record.id, record.email, record.balance, record.lifetimePoints, record.tier.id, record.createdAt],
      [now.id, now.email, now.balance, now.lifetimePoints, now.tier.id, now.createdAt],
      '[id, email, balance, lifetimePoints, tier.id, createdAt]',
    )
    if (s.bought && s.refunded)
      equal([record.orders, record.lifetimeValue], [1, money(s.bought.order.amount - s.refunded)], '[orders, lifetimeValue] (the order net of its refund)')
  })

  test('an unknown member id → 404 not_found (record, export, adjustment, consent)', async () => {
    const id = `mem_${fake}`
    expectProblem(await keyed('GET', `/members/${id}`), 404, 'not_found')
    expectProblem(await keyed('GET', `/members/${id}/export`), 404, 'not_found')
    expectProblem(await keyed('POST', `/members/${id}/adjustments`, { body: { points: 1, reason: 'conformance' } }), 404, 'not_found')
    expectProblem(await keyed('POST', `/members/${id}/consent`, { body: { marketing: true } }), 404, 'not_found')
  })

  let adjustments: string[] = []

  test('POST /members/{id}/adjustments, + then − → 201 AdjustmentResult, the balance follows', async () => {
    const { member, token } = need(s.buyer, 'a member')
    const before = (await me(token)).balance
    const path = `/members/${enc(member.id)}/adjustments`
    const plus = json(await keyed('POST', path, { body: { points: 40, reason: `Conformance credit ${run}` } }), 201, AdjustmentResultSchema, 'adjustment')
    equal([plus.entry.points, plus.entry.reason, plus.balance], [40, `Conformance credit ${run}`, before + 40], '[entry.points, entry.reason, balance]')
    check(plus.entry.actor, 'entry.actor names who made it')
    const minus = json(await keyed('POST', path, { body: { points: -15, reason: `Conformance debit ${run}` } }), 201, AdjustmentResultSchema, 'adjustment')
    equal([minus.entry.points, minus.balance], [-15, before + 25], '[entry.points, balance]')
    equal((await me(token)).balance, before + 25, 'balance of GET /members/me')
    adjustments = [plus.entry.id, minus.entry.id]
  })

  test('an adjustment taking more than the balance → 422 insufficient_points, the balance unchanged', async () => {
    const { member, token } = need(s.buyer, 'a member')
    const before = (await me(token)).balance
    expectProblem(
      await keyed('POST', `/members/${enc(member.id)}/adjustments`, { body: { points: -(before + 1), reason: 'Too much' } }),
      422,
      'insufficient_points',
    )
    equal((await me(token)).balance, before, 'balance')
  })

  test('an adjustment without a reason → 422 invalid_request naming reason', async () => {
    naming(await keyed('POST', `/members/${enc(need(s.buyer, 'a member').member.id)}/adjustments`, { body: { points: 5 } }), 422, 'invalid_request', 'reason')
  })

  test('POST /members/me/consent → 200 Member, marketing follows; the store sees its source', async () => {
    const { member, token } = need(s.buyer, 'a member')
    for (const marketing of [true, false]) {
      const answer = json(await send('POST', '/members/me/consent', { token, body: { marketing } }), 200, MemberSchema, 'member')
      equal([answer.id, answer.marketing], [member.id, marketing], '[id, marketing]')
    }
    equal((await me(token)).marketing, false, 'marketing of GET /members/me')
    const record = json(await keyed('GET', `/members/${enc(member.id)}`), 200, MemberRecordSchema, 'member record')
    equal([record.marketing.consent, record.marketing.source], [false, 'widget'], '[marketing.consent, marketing.source]')
    check(record.marketing.updatedAt, 'marketing.updatedAt')
  })

  test('POST /members/{id}/consent → 200 MemberRecord with the source; the shopper sees it', async () => {
    const { member, token } = need(s.buyer, 'a member')
    const record = json(await keyed('POST', `/members/${enc(member.id)}/consent`, { body: { marketing: true } }), 200, MemberRecordSchema, 'member record')
    equal([record.id, record.marketing.consent, record.marketing.source], [member.id, true, 'store'], '[id, marketing.consent, marketing.source]')
    check(record.marketing.updatedAt, 'marketing.updatedAt')
    equal((await me(token)).marketing, true, 'marketing of GET /members/me')
  })

  test('GET /members/{id}/export → MemberExport with the ledger, orders and consents', async () => {
    const { member, token } = need(s.buyer, 'a member')
    const exported = json(await keyed('GET', `/members/${enc(member.id)}/export`), 200, MemberExportSchema, 'member export')
    equal(exported.member.id, member.id, 'member.id')
    const entries: ActivityEntry[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 20; pages++) {
      const query: string = `?limit=100${cursor ? `&cursor=${enc(cursor)}` : ''}`
      const page = json(await send('GET', '/members/me/activity' + query, { token }), 200, ActivityPageSchema, 'activity')
      entries.push(...page.entries)
      if (!(cursor = page.nextCursor)) break
    }
    const sorted = (list: { type: string; points: number }[]) => list.map((e) => `${e.type} ${e.points}`).sort()
    equal(sorted(exported.ledger), sorted(entries), 'the ledger entries (type and points) are the activity’s')
    for (const id of adjustments)
      check(
        exported.ledger.some((e) => e.id == id && e.reason),
        `the ledger holds adjustment ${id} with its reason`,
      )
    if (s.bought)
      check(
        exported.orders.some((o) => o.id == s.bought!.order.id),
        `the export holds order ${s.bought.order.id}`,
      )
    if (s.refunded)
      check(
        exported.refunds.some((r) => r.orderId == s.bought!.order.id),
        'the export holds the refund',
      )
    const consents = exported.consents.map((c) => `${c.marketing} ${c.source}`)
    check(consents.includes('false widget') && consents.includes('true store'), `consents hold the widget's and the store's, got ${JSON.stringify(consents)}`)
  })

  test('DELETE /members/{id} → 204; the member is gone for the store and the shopper, the email free again', async () => {
    const sub = `conformance-${randomUUID()}`
    const email = h.freshEmail('erase')
    const { member } = await h.signUp('erase', { email, token: await h.customerToken({ sub, email }) })
    const r = await keyed('DELETE', `/members/${enc(member.id)}`)
    expectStatus(r, 204, 'erase')
    equal(r.text, '', '204 body')
    expectProblem(await keyed('GET', `/members/${enc(member.id)}`), 404, 'not_found')
    equal(json(await keyed('GET', `/members?email=${enc(email)}`), 200, MemberListSchema, 'member list').members, [], 'members with the erased email')
    expectNotJoined(await send('GET', '/members/me', { token: await h.customerToken({ sub }) }))
    expectProblem(await keyed('DELETE', `/members/${enc(member.id)}`), 404, 'not_found')
    const again = await h.signUp('erase', { email })
    check(again.member.id != member.id, 'the email joins again as a new member')
  })
}
