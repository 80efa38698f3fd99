/**
 * The store's view of members: look-up, corrections with a reason, marketing
 * consent (store and shopper), export of everything held, and erasure that keeps
 * the books but leaves the person nowhere in the database.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityPage, AdjustmentResult, Member, MemberExport, MemberList, MemberRecord, Problem } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, signUp, start, storeCall, storeToken, uniqueEmail } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

const record = async (id: string) => (await (await storeCall(server, `/v1/members/${id}`)).json()) as MemberRecord
const adjust = (id: string, body: unknown) => storeCall(server, `/v1/members/${id}/adjustments`, { body })

describe('GET /v1/members', () => {
  it('finds a member by email (normalised) and by id', async () => {
    const email = uniqueEmail('Look.Up')
    const { member } = await signUp(server, { email, name: 'Liene', birthday: '1991-03-04' })
    const found = (await (await storeCall(server, `/v1/members?email=${encodeURIComponent('  ' + email.toUpperCase())}`)).json()) as MemberList
    expect(found.members).toHaveLength(1)
    expect(found.members[0]).toMatchObject({
      id: member.id,
      email: email.toLowerCase(),
      name: 'Liene',
      birthday: '1991-03-04',
      balance: 100,
      tier: { id: 'bronze' },
      lifetimeValue: 0,
      orders: 0,
    })
    expect(await record(member.id)).toEqual(found.members[0])
    expect(((await (await storeCall(server, `/v1/members?email=${uniqueEmail('nobody')}`)).json()) as MemberList).members).toEqual([])
    expect((await storeCall(server, '/v1/members/mem_nosuchmember')).status).toBe(404)
    expect((await storeCall(server, '/v1/members')).status).toBe(400)
  })
})

describe('POST /v1/members/{id}/adjustments', () => {
  it('records signed corrections with the reason and who made them', async () => {
    const { member, token } = await signUp(server)
    let r = await adjust(member.id, { points: 40, reason: 'Sorry for the late delivery' })
    expect(r.status).toBe(201)
    expect((await r.json()) as AdjustmentResult).toMatchObject({
      entry: { points: 40, reason: 'Sorry for the late delivery', actor: 'api_key:LOYALKIT_API_KEY' },
      balance: 140,
    })
    r = await adjust(member.id, { points: -30, reason: 'Duplicate bonus' })
    expect(((await r.json()) as AdjustmentResult).balance).toBe(110)
    const tooMuch = await adjust(member.id, { points: -111, reason: 'Too much' })
    expect(tooMuch.status).toBe(422)
    expect(((await tooMuch.json()) as Problem).code).toBe('insufficient_points')
    for (const bad of [
      { points: 0, reason: 'x' },
      { points: 1.5, reason: 'x' },
      { points: 5, reason: '' },
      { points: 5 },
      { points: 5, reason: 'x'.repeat(201) },
    ]) {
      expect((await adjust(member.id, bad)).status, JSON.stringify(bad)).toBe(422)
    }
    const activity = (await (await call(server, '/v1/members/me/activity', { token })).json()) as ActivityPage
    expect(activity.entries.slice(0, 2).map((e) => [e.type, e.points, e.description])).toEqual([
      ['adjustment', -30, 'Points adjustment: Duplicate bonus'],
      ['adjustment', 40, 'Points adjustment: Sorry for the late delivery'],
    ])
    expect((await me(server, token)).balance).toBe(110)
    expect((await adjust('mem_nosuchmember', { points: 1, reason: 'x' })).status).toBe(404)
  })
})

describe('marketing consent', () => {
  it('is kept with its time and source; the shopper can withdraw it from the widget, the store can record it', async () => {
    const { member, token } = await signUp(server, { consent: { terms: true, marketing: true } })
    expect(member.marketing).toBe(true)
    expect((await record(member.id)).marketing).toMatchObject({ consent: true, source: 'signup', updatedAt: expect.any(String) })
    const r = await call(server, '/v1/members/me/consent', { token, body: { marketing: false } })
    expect(r.status).toBe(200)
    expect(((await r.json()) as Member).marketing).toBe(false)
    expect((await record(member.id)).marketing).toMatchObject({ consent: false, source: 'widget' })
    const store = await storeCall(server, `/v1/members/${member.id}/consent`, { body: { marketing: true } })
    expect(((await store.json()) as MemberRecord).marketing).toMatchObject({ consent: true, source: 'store' })
    expect((await me(server, token)).marketing).toBe(true)
    const exported = (await (await storeCall(server, `/v1/members/${member.id}/export`)).json()) as MemberExport
    expect(exported.consents.map((c) => [c.marketing, c.source])).toEqual([
      [true, 'signup'],
      [false, 'widget'],
      [true, 'store'],
    ])
    const updates = await server.db.query(`SELECT 1 FROM webhook_events WHERE type = 'member.updated' AND member_id = $1`, [member.id])
    expect(updates).toHaveLength(2)
  })
})

describe('linking a store login to an anonymous sign-up', () => {
  it('withdraws the anonymous consent on the record: history, source and a member.updated webhook', async () => {
    const email = uniqueEmail('linked')
    const { member } = await signUp(server, { email, consent: { terms: true, marketing: true } })
    const linked = await me(server, await storeToken({ sub: 'cust_' + randomUUID(), email, email_verified: true }))
    expect(linked).toMatchObject({ id: member.id, marketing: false })
    expect((await record(member.id)).marketing).toMatchObject({ consent: false, source: 'link' })
    const exported = (await (await storeCall(server, `/v1/members/${member.id}/export`)).json()) as MemberExport
    expect(exported.consents.map((c) => [c.marketing, c.source])).toEqual([
      [true, 'signup'],
      [false, 'link'],
    ])
    const updates = await server.db.query<{ payload: string }>(`SELECT payload FROM webhook_events WHERE type = 'member.updated' AND member_id = $1`, [
      member.id,
    ])
    expect(updates.map((u) => JSON.parse(u.payload).data)).toEqual([{ memberId: member.id, email, marketing: false, source: 'link' }])
  })
})

describe('GET /v1/members/{id}/export', () => {
  it('holds everything about the member', async () => {
    const { member, token } = await signUp(server, { name: 'Export Me', birthday: '1988-08-08' })
    await order(server, { email: member.email }, 500, 'ord_export_' + randomUUID())
    await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'newsletter' } })
    await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'five-euro-off' } })
    const r = await storeCall(server, `/v1/members/${member.id}/export`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toContain(`${member.id}.json`)
    const data = (await r.json()) as MemberExport
    expect(data.member).toMatchObject({ id: member.id, name: 'Export Me', birthday: '1988-08-08', lifetimeValue: 500 })
    expect(data.ledger.map((e) => e.type)).toEqual(['signup', 'purchase', 'claim', 'redemption'])
    expect(data.orders).toHaveLength(1)
    expect(data.coupons).toEqual([expect.objectContaining({ rewardId: 'five-euro-off', state: 'active', points: 500 })])
    expect(data.claims).toEqual([expect.objectContaining({ ruleId: 'newsletter', period: 'once' })])
  })
})

describe('POST /v1/customers/erasure', () => {
  const eraseCustomer = (body: unknown, key?: string) => storeCall(server, '/v1/customers/erasure', { body, ...(key && { key }) })
  /** Every text, JSON and date column of every table that still holds `needle`. */
  const traces = async (needle: string) => {
    const columns = await server.db.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'date')`,
    )
    const found: string[] = []
    for (const c of columns) {
      const hits = await server.db.query(`SELECT 1 FROM ${c.table_name} WHERE strpos(lower("${c.column_name}"::text), lower($1)) > 0 LIMIT 1`, [needle])
      if (hits.length) found.push(`${c.table_name}.${c.column_name}`)
    }
    return found
  }

  it('forgets a shopper who never joined: their guest orders keep amounts and lose the email and customer id, stored answers too', async () => {
    const email = uniqueEmail('guest.only')
    const customerId = 'cust_guest_' + randomUUID()
    const orderId = 'ord_guest_' + randomUUID()
    const orderKey = randomUUID()
    const placed = await storeCall(server, '/v1/orders', {
      key: orderKey,
      body: { id: orderId, customer: { email, id: customerId }, amount: 40, currency: 'EUR' },
    })
    expect(placed.status).toBe(201)
    await order(server, { email }, 15)
    expect(await traces(email)).not.toEqual([])

    const r = await eraseCustomer({ email, customerId })
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ members: [], guestOrders: 2 })
    expect(await traces(email)).toEqual([])
    expect(await traces(customerId)).toEqual([])
    // The order is still there, without the person; its stored answer is gone, and a retry does not run again.
    expect(await server.db.query('SELECT amount FROM orders WHERE id = $1', [orderId])).toHaveLength(1)
    const again = await storeCall(server, '/v1/orders', {
      key: orderKey,
      body: { id: orderId, customer: { email, id: customerId }, amount: 40, currency: 'EUR' },
    })
    expect(again.status).toBe(404)
    // Joining later: no guest order waits for that email any more.
    expect((await signUp(server, { email })).member.balance).toBe(100)
  })

  it('erases the member the email names, and one the customer id names, once each', async () => {
    const a = await signUp(server)
    const customerId = 'cust_two_' + randomUUID()
    const b = await signUp(server, {}, { token: await storeToken({ sub: customerId }) })
    const r = await eraseCustomer({ email: a.member.email, customerId })
    expect(r.status).toBe(200)
    const { members } = (await r.json()) as { members: string[] }
    expect(members.sort()).toEqual([a.member.id, b.member.id].sort())
    expect((await storeCall(server, `/v1/members/${a.member.id}`)).status).toBe(404)
    expect((await storeCall(server, `/v1/members/${b.member.id}`)).status).toBe(404)
    // Nobody left to match: not an error.
    expect(await (await eraseCustomer({ email: a.member.email })).json()).toEqual({ members: [], guestOrders: 0 })
  })

  it('leaves alone an email that now belongs to another store customer, and answers that only look like the customer id', async () => {
    // D joined as store customer D with this email; the store has since given the email to customer C.
    const email = uniqueEmail('moved')
    const d = await signUp(server, { email }, { token: await storeToken({ sub: 'cust_d_' + randomUUID(), email }) })
    const c = 'cust_c_' + randomUUID()
    // Someone else's order whose id is the same text as C's customer id: its stored answer is not C's.
    const key = randomUUID()
    const body = { id: c, customer: { email: uniqueEmail('else') }, amount: 10, currency: 'EUR' }
    expect((await storeCall(server, '/v1/orders', { key, body })).status).toBe(201)
    const r = await eraseCustomer({ email, customerId: c })
    expect(await r.json()).toEqual({ members: [], guestOrders: 0 })
    expect((await storeCall(server, `/v1/members/${d.member.id}`)).status).toBe(200)
    const replay = await storeCall(server, '/v1/orders', { key, body })
    expect([replay.status, replay.headers.get('idempotent-replayed')]).toEqual([201, 'true'])
  })

  it('forgets, with a member, the stored answers of their orders placed under an older email', async () => {
    const customerId = 'cust_old_' + randomUUID()
    const old = uniqueEmail('old.address')
    const key = randomUUID()
    const body = { id: 'ord_' + randomUUID(), customer: { email: old, id: customerId }, amount: 30, currency: 'EUR' }
    expect((await storeCall(server, '/v1/orders', { key, body })).status).toBe(201)
    const { member } = await signUp(server, {}, { token: await storeToken({ sub: customerId }) })
    expect((await storeCall(server, `/v1/members/${member.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await storeCall(server, '/v1/orders', { key, body })).status).toBe(404)
    expect(await traces(old)).toEqual([])
  })

  it('erasing a member leaves the orders another store customer placed under the same email', async () => {
    const email = uniqueEmail('handed.on')
    const d = await signUp(server, { email }, { token: await storeToken({ sub: 'cust_d_' + randomUUID(), email }) })
    const orderId = 'ord_c_' + randomUUID()
    await order(server, { email, customerId: 'cust_c_' + randomUUID() }, 25, orderId)
    expect((await storeCall(server, `/v1/members/${d.member.id}`, { method: 'DELETE' })).status).toBe(204)
    expect(await server.db.query('SELECT email FROM orders WHERE id = $1', [orderId])).toEqual([{ email }])
  })

  it('needs an email or a customer id, and an API key', async () => {
    const none = await eraseCustomer({})
    expect(none.status).toBe(422)
    expect(((await none.json()) as Problem).errors).toEqual([{ field: 'email', code: 'required' }])
    expect(((await (await eraseCustomer({ email: 'not an email' })).json()) as Problem).errors?.[0]?.field).toBe('email')
    expect((await call(server, '/v1/customers/erasure', { body: { email: uniqueEmail() } })).status).toBe(401)
  })
})

describe('DELETE /v1/members/{id}', () => {
  it('erases the person everywhere and keeps the books', async () => {
    const advocate = await signUp(server)
    const email = uniqueEmail('erase.me')
    const name = `Ērika ${randomUUID().slice(0, 6)}`
    const birthday = '1979-11-23'
    const customerId = 'cust_erase_' + randomUUID()
    const token = await storeToken({ sub: customerId, email, email_verified: true })
    const { member } = await signUp(
      server,
      { email, name, birthday, referralCode: advocate.member.referral.code, consent: { terms: true, marketing: true } },
      { token },
    )
    await order(server, { email, customerId }, 120, 'ord_erase_' + randomUUID())
    await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'birthday' } })
    const [{ n: ledgerBefore }] = (await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM ledger WHERE member_id = $1', [member.id])) as [
      { n: unknown },
    ]

    const r = await storeCall(server, `/v1/members/${member.id}`, { method: 'DELETE' })
    expect(r.status).toBe(204)

    // Nowhere: every text, JSON and date column of every table.
    const columns = await server.db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'date')`,
    )
    expect(columns.length).toBeGreaterThan(20)
    for (const c of columns) {
      for (const needle of [email, name, birthday, customerId]) {
        const hits = await server.db.query(`SELECT 1 FROM ${c.table_name} WHERE strpos(lower("${c.column_name}"::text), lower($1)) > 0 LIMIT 1`, [needle])
        expect(hits, `${needle} in ${c.table_name}.${c.column_name}`).toEqual([])
      }
    }
    // The books: the ledger is whole, the advocate's referral still counts.
    const [{ n: ledgerAfter }] = (await server.db.query<{ n: unknown }>('SELECT count(*) AS n FROM ledger WHERE member_id = $1', [member.id])) as [
      { n: unknown },
    ]
    expect(Number(ledgerAfter)).toBe(Number(ledgerBefore))
    expect((await me(server, advocate.token)).referral.friendsJoined).toBe(1)
    // Gone for the API and the shopper; the email can join again, as a new member who is known to return
    // (no second sign-up bonus: signup.test.ts).
    expect((await storeCall(server, `/v1/members/${member.id}`)).status).toBe(404)
    expect((await storeCall(server, `/v1/members/${member.id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await call(server, '/v1/members/me', { token })).status).toBe(204)
    const again = await signUp(server, { email }, { token })
    expect(again.member).toMatchObject({ email, balance: 0 })
    expect(again.member.id).not.toBe(member.id)
    const erased = await server.db.query<{ payload: string }>(`SELECT payload FROM webhook_events WHERE type = 'member.erased' AND payload LIKE $1`, [
      `%${member.id}%`,
    ])
    expect(erased).toHaveLength(1)
  })

  it('leaves other members’ stored answers alone: a retried refund of someone else is still replayed, not run again', async () => {
    const alice = await signUp(server)
    const orderId = 'ord_' + randomUUID()
    await order(server, { email: alice.member.email }, 100, orderId)
    const key = randomUUID()
    const first = await storeCall(server, `/v1/orders/${orderId}/refunds`, { body: { amount: 10 }, key })
    expect(first.status).toBe(201)
    // Bob's store customer id is "1", a string inside many stored answers.
    const bobEmail = uniqueEmail('bob')
    const bob = await signUp(server, { email: bobEmail }, { token: await storeToken({ sub: '1', email: bobEmail }) })
    expect((await storeCall(server, `/v1/members/${bob.member.id}`, { method: 'DELETE' })).status).toBe(204)
    const retry = await storeCall(server, `/v1/orders/${orderId}/refunds`, { body: { amount: 10 }, key })
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(((await (await storeCall(server, `/v1/orders/${orderId}`)).json()) as { refundedAmount: number }).refundedAmount).toBe(10)
  })

  it('never runs a retried request of the erased member again: its answer is replayed, or 404 where it showed the person', async () => {
    const signUpKey = randomUUID()
    const signUpBody = { email: uniqueEmail('retry'), consent: { terms: true, marketing: false } }
    const { member } = (await (await call(server, '/v1/members', { key: signUpKey, body: signUpBody })).json()) as { member: Member }
    const adjustKey = randomUUID()
    expect((await storeCall(server, `/v1/members/${member.id}/adjustments`, { key: adjustKey, body: { points: 5, reason: 'x' } })).status).toBe(201)
    await storeCall(server, `/v1/members/${member.id}`, { method: 'DELETE' })
    // The adjustment's answer names nobody: replayed as it was.
    const retry = await storeCall(server, `/v1/members/${member.id}/adjustments`, { key: adjustKey, body: { points: 5, reason: 'x' } })
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    // The sign-up's answer showed the person: now a 404, and nothing runs again.
    const signUpRetry = await call(server, '/v1/members', { key: signUpKey, body: signUpBody })
    expect(signUpRetry.status).toBe(404)
    expect(signUpRetry.headers.get('idempotent-replayed')).toBe('true')
    const [row] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ledger WHERE member_id = $1 AND type = 'adjustment'`, [member.id])
    expect(Number(row!.n)).toBe(1)
  })
})
