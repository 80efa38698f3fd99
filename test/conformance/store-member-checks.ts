/** Conformance checks of the store's view of members (`/members?email=`, `/members/{id}` and what hangs off it). */
import { randomUUID } from 'node:crypto'
import type { ActivityEntry } from '../../src/core/contract.ts'
import {
  ActivityPageSchema,
  AdjustmentResultSchema,
  ClaimResultSchema,
  CustomerErasureResultSchema,
  MemberExportSchema,
  MemberListSchema,
  MemberRecordSchema,
  MemberSchema,
  OrderResultSchema,
} from '../../src/core/schemas.ts'
import { check, equal, need } from './http.ts'
import { enc, money, type Helpers, type Shared } from './store-helpers.ts'

/** The store's view of members: look-up, corrections, consent, export, erasure. */
export function memberChecks(h: Helpers, s: Shared): void {
  lookupChecks(h, s)
  adjustmentChecks(h, s)
  consentChecks(h, s)
  exportChecks(h, s)
  erasureChecks(h)
}

/** A member found by email and by id, agreeing with the shopper's view; an unknown id. */
function lookupChecks(h: Helpers, s: Shared): void {
  const { json, expectProblem, test, keyed, me, fake } = h

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
}

/** Corrections by the store: points added and taken, never below zero, always with a reason. */
function adjustmentChecks(h: Helpers, s: Shared): void {
  const { json, expectProblem, test, run, keyed, me, naming } = h

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
    s.adjustments = [plus.entry.id, minus.entry.id]
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
}

/** Marketing consent changed by the shopper and by the store, each seeing the other's change and its source. */
function consentChecks(h: Helpers, s: Shared): void {
  const { send, json, test, keyed, me } = h

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
}

/** The member's data export: the ledger (as the activity shows it), orders, refunds and consents. */
function exportChecks(h: Helpers, s: Shared): void {
  const { send, json, test, keyed } = h

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
    for (const id of s.adjustments)
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
}

/** Erasure: the member is gone for the store and the shopper, and the email may join again, without a second sign-up bonus or a second claim. */
function erasureChecks(h: Helpers): void {
  const { send, json, expectProblem, expectStatus, expectNotJoined, test, keyed } = h

  test('DELETE /members/{id} → 204; the member is gone for the store and the shopper, the email free again (a return: no second bonus or claim)', async () => {
    const sub = `conformance-${randomUUID()}`
    const email = h.freshEmail('erase')
    // A claimable rule (birthday only if nothing else is: both sign-ups then give a birthday), claimed before the erasure.
    const rules = h.program().rules.filter((x) => x.claimable)
    const rule = rules.find((x) => x.kind != 'birthday') ?? rules[0]
    check(rule, 'program assumption: a claimable rule')
    const extra = rule.kind == 'birthday' ? { birthday: '1990-05-17' } : undefined
    const { member, token } = await h.signUp('erase', { email, extra, token: await h.customerToken({ sub, email }) })
    json(await send('POST', '/members/me/claims', { token, body: { ruleId: rule.id } }), 201, ClaimResultSchema, 'claim before erasure')
    const r = await keyed('DELETE', `/members/${enc(member.id)}`)
    expectStatus(r, 204, 'erase')
    equal(r.text, '', '204 body')
    expectProblem(await keyed('GET', `/members/${enc(member.id)}`), 404, 'not_found')
    equal(json(await keyed('GET', `/members?email=${enc(email)}`), 200, MemberListSchema, 'member list').members, [], 'members with the erased email')
    expectNotJoined(await send('GET', '/members/me', { token: await h.customerToken({ sub }) }))
    expectProblem(await keyed('DELETE', `/members/${enc(member.id)}`), 404, 'not_found')
    const again = await h.signUp('erase', { email, extra })
    check(again.member.id != member.id, 'the email joins again as a new member')
    // A return: whatever the program's bonus, none is credited a second time, and nothing is claimed twice.
    equal(again.member.lifetimePoints, 0, 'lifetime points of a member who erased their membership and joined again')
    check(again.member.claimedRules.includes(rule.id), `a return's claimedRules lists ${rule.id}, claimed before the erasure`)
    expectProblem(await send('POST', '/members/me/claims', { token: again.token, body: { ruleId: rule.id } }), 422, 'already_claimed')
  })

  test('POST /customers/erasure → 200; a shopper who never joined: their guest orders are counted and forgotten', async () => {
    const email = h.freshEmail('guest-erase')
    json(await keyed('POST', '/orders', { body: h.orderBody(email, 20) }), 201, OrderResultSchema, 'guest order')
    const erased = json(await keyed('POST', '/customers/erasure', { body: { email } }), 200, CustomerErasureResultSchema, 'customer erasure')
    equal(erased, { members: [], guestOrders: 1 }, 'what was erased')
    // Nothing is left to erase; naming nobody is refused by its field.
    equal(
      json(await keyed('POST', '/customers/erasure', { body: { email } }), 200, CustomerErasureResultSchema, 'customer erasure').guestOrders,
      0,
      'guest orders',
    )
    expectProblem(await keyed('POST', '/customers/erasure', { body: {} }), 422, 'invalid_request')
  })
}
