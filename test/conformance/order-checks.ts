/** Conformance checks of orders (`POST /orders`, `GET /orders/{id}`) and refunds (`POST /orders/{id}/refunds`). */
import type { Order } from '../../src/core/contract.ts'
import { OrderResultSchema, OrderSchema, RefundResultSchema } from '../../src/core/schemas.ts'
import { check, equal, need } from './http.ts'
import { cents, enc, money, type Helpers, type Shared } from './store-helpers.ts'

/** Orders credited once per id, guest orders credited at sign-up, refunds in proportion. */
export function orderChecks(h: Helpers, s: Shared): void {
  memberOrderChecks(h, s)
  refundChecks(h, s)
  guestOrderChecks(h, s)
}

/** A member's order: credited once per id, refused when it conflicts or is in another currency, read back as recorded. */
function memberOrderChecks(h: Helpers, s: Shared): void {
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
}

/** A part refund reverses points in proportion; a refund of more than is left is refused. */
function refundChecks(h: Helpers, s: Shared): void {
  const { json, test, keyed, me, naming } = h

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
}

/** An order of an email that is no member yet: recorded as a guest order, credited when they join. */
function guestOrderChecks(h: Helpers, s: Shared): void {
  const { json, test, keyed, orderBody, earning } = h

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
