/**
 * The console's API (/admin/api): sign-in with the password (hashed, five wrong ones
 * in a minute lock it), an HttpOnly SameSite=Strict session, CSRF on every change,
 * same-origin only, the audit log, and the Overview's figures on a data set with
 * known answers.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedemptionResult } from '../../src/core/contract.ts'
import { DEV_ADMIN_PASSWORD } from '../../server/src/config.ts'
import { rollUpDays, type Overview } from '../../server/src/admin/overview.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, order, signUp, start, storeCall, uniqueEmail } from './helpers.ts'

interface Session {
  cookie: string
  csrf: string
}

async function signIn(
  server: RunningServer,
  password = DEV_ADMIN_PASSWORD,
): Promise<{ status: number; session?: Session; headers: Headers; body: Record<string, unknown> }> {
  const r = await fetch(server.url + '/admin/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password }),
  })
  const body = (await r.json()) as Record<string, unknown>
  const cookie = r.headers.get('set-cookie')?.split(';')[0]
  return { status: r.status, headers: r.headers, body, ...(cookie && { session: { cookie, csrf: body.csrf as string } }) }
}

const api = (
  server: RunningServer,
  s: Session | undefined,
  path: string,
  o: { method?: string; body?: unknown; csrf?: string | null; headers?: Record<string, string> } = {},
) =>
  fetch(server.url + '/admin/api' + path, {
    method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(s && { Cookie: s.cookie }),
      ...(o.csrf !== null && s && { 'X-Loyalkit-CSRF': o.csrf ?? s.csrf }),
      ...(o.body !== undefined && { 'Content-Type': 'application/json' }),
      // As the console sends one with every change of points; other routes do not read it.
      ...(o.body !== undefined && { 'Idempotency-Key': randomUUID() }),
      ...o.headers,
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  })

describe('the console API', () => {
  let server: RunningServer
  let session: Session
  beforeAll(async () => {
    server = await start()
    const signed = await signIn(server)
    expect(signed.status).toBe(200)
    session = signed.session!
  })
  afterAll(() => server?.close())

  it('needs a session; the cookie is HttpOnly, SameSite=Strict, for /admin only', async () => {
    expect((await api(server, undefined, '/overview')).status).toBe(401)
    const signed = await signIn(server)
    const cookie = signed.headers.get('set-cookie')!
    expect(cookie).toMatch(/^lk_admin=[\w-]{40,};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).toMatch(/Path=\/admin/)
    // Plain HTTP on loopback (the demo): no Secure, or the browser would drop it.
    expect(cookie).not.toMatch(/Secure/)
    expect(signed.body).toMatchObject({ user: 'admin', program: { key: 'pk_demo_trailpack', currency: 'EUR' } })
    // The token is stored hashed.
    const token = signed.session!.cookie.split('=')[1]!
    expect(await server.db.query('SELECT 1 FROM admin_sessions WHERE token_hash = $1', [token])).toEqual([])
    // Signing out ends it.
    expect((await api(server, signed.session, '/session', { method: 'DELETE' })).status).toBe(204)
    expect((await api(server, signed.session, '/session')).status).toBe(401)
  })

  it('refuses a change without the session’s CSRF header, and any request from another origin', async () => {
    const { member } = await signUp(server)
    const body = { points: 5, reason: 'Goodwill' }
    expect((await api(server, session, `/members/${member.id}/adjustments`, { body, csrf: null })).status).toBe(403)
    expect((await api(server, session, `/members/${member.id}/adjustments`, { body, csrf: 'x'.repeat(32) })).status).toBe(403)
    expect((await api(server, session, `/members/${member.id}/adjustments`, { body, headers: { Origin: 'https://evil.example' } })).status).toBe(403)
    const ok = await api(server, session, `/members/${member.id}/adjustments`, { body })
    expect(ok.status).toBe(201)
    expect(await ok.json()).toMatchObject({ entry: { points: 5, reason: 'Goodwill', actor: 'console:admin' }, balance: 105 })
  })

  it('applies an adjustment once per Idempotency-Key: a retry answers it again, audited once; none or another body is refused', async () => {
    const { member } = await signUp(server)
    const path = `/members/${member.id}/adjustments`
    const body = { points: 7, reason: 'Late parcel' }
    const key = randomUUID()
    const first = await api(server, session, path, { body, headers: { 'Idempotency-Key': key } })
    expect(first.status).toBe(201)
    const again = await api(server, session, path, { body, headers: { 'Idempotency-Key': key } })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())
    const other = await api(server, session, path, { body: { ...body, points: 70 }, headers: { 'Idempotency-Key': key } })
    expect(other.status).toBe(422)
    const none = await fetch(server.url + '/admin/api' + path, {
      method: 'POST',
      headers: { Cookie: session.cookie, 'X-Loyalkit-CSRF': session.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(none.status).toBe(400)
    const detail = (await (await api(server, session, `/members/${member.id}`)).json()) as { member: { balance: number } }
    expect(detail.member.balance).toBe(107)
    const log = (await (await api(server, session, '/audit')).json()) as { entries: { action: string; target: string | null }[] }
    expect(log.entries.filter((e) => e.target == member.id && e.action == 'points_adjusted')).toHaveLength(1)
  })

  it('finds members, shows one with its ledger, adjusts, exports, erases — each change in the audit log', async () => {
    const email = uniqueEmail('console')
    const { member } = await signUp(server, { email, name: 'Ilze Console' })
    await order(server, { email }, 40)
    const found = (await (await api(server, session, `/members?q=${encodeURIComponent(email.slice(0, 12))}`)).json()) as { members: { id: string }[] }
    expect(found.members.map((m) => m.id)).toContain(member.id)
    expect(((await (await api(server, session, '/members?q=Ilze%20Con')).json()) as { members: { id: string }[] }).members.map((m) => m.id)).toContain(
      member.id,
    )
    const detail = (await (await api(server, session, `/members/${member.id}`)).json()) as {
      member: { balance: number }
      ledger: { type: string; description: string }[]
    }
    expect(detail.member.balance).toBe(140)
    expect(detail.ledger.map((e) => e.type)).toEqual(['purchase', 'signup'])
    expect((await api(server, session, `/members/${member.id}/export`)).status).toBe(200)
    expect((await api(server, session, `/members/${member.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await api(server, session, `/members/${member.id}`)).status).toBe(404)
    const log = (await (await api(server, session, '/audit')).json()) as { entries: { action: string; target: string | null; actor: string }[] }
    expect(log.entries.filter((e) => e.target == member.id).map((e) => e.action)).toEqual(['member_erased', 'member_exported'])
    expect(log.entries.every((e) => e.actor == 'console:admin' || e.actor == 'anonymous')).toBe(true)
  })

  it('makes API keys (shown once) and revokes them; adds, rotates and removes webhook endpoints', async () => {
    const made = await api(server, session, '/keys', { body: { name: 'Checkout server' } })
    expect(made.status).toBe(201)
    const { key, secret } = (await made.json()) as { key: { id: string; prefix: string }; secret: string }
    expect(secret).toMatch(/^lk_sk_[0-9a-f]{64}$/)
    expect((await call(server, '/v1/members?email=a@example.com', { token: secret })).status).toBe(200)
    const listed = (await (await api(server, session, '/keys')).json()) as { keys: Record<string, unknown>[] }
    expect(JSON.stringify(listed)).not.toContain(secret)
    // A refund retried under the same Idempotency-Key with another of the store's API keys (a rotation,
    // a second store server) is the same refund: answered again, applied once.
    const { member, token } = await signUp(server)
    const orderId = 'o-' + randomUUID()
    await order(server, { email: member.email }, 40, orderId)
    const refundKey = randomUUID()
    const path = `/v1/orders/${orderId}/refunds`
    expect((await storeCall(server, path, { body: { amount: 10 }, key: refundKey })).status).toBe(201)
    const retried = await call(server, path, { body: { amount: 10 }, key: refundKey, token: secret })
    expect(retried.status).toBe(201)
    expect(retried.headers.get('idempotent-replayed')).toBe('true')
    expect(((await (await call(server, '/v1/members/me', { token })).json()) as { balance: number }).balance).toBe(130)

    expect((await api(server, session, `/keys/${key.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(server, '/v1/members?email=a@example.com', { token: secret })).status).toBe(401)

    expect((await api(server, session, '/webhooks', { body: { url: 'http://evil.example/hook' } })).status).toBe(422)
    const added = await api(server, session, '/webhooks', { body: { url: 'http://127.0.0.1:9/hook' } })
    expect(added.status).toBe(201)
    const { endpoint, secret: whsec } = (await added.json()) as { endpoint: { id: string }; secret: string }
    expect(whsec).toMatch(/^whsec_/)
    const rotated = (await (await api(server, session, `/webhooks/${endpoint.id}/rotate`, { body: {} })).json()) as { secret: string }
    expect(rotated.secret).not.toBe(whsec)
    expect((await api(server, session, `/webhooks/${endpoint.id}`, { method: 'DELETE' })).status).toBe(204)
    const hooks = (await (await api(server, session, '/webhooks')).json()) as { endpoints: { id: string; disabledAt: string | null }[] }
    expect(hooks.endpoints.find((e) => e.id == endpoint.id)?.disabledAt).toEqual(expect.any(String))
  })

  it('previews the real widget with exactly the chosen settings, and gives the snippet’s facts', async () => {
    const facts = (await (await api(server, session, '/widget')).json()) as { integrity: string | null; endpoint: string; program: string; scriptUrl: string }
    expect(facts).toMatchObject({ endpoint: server.url + '/v1', program: 'pk_demo_trailpack', scriptUrl: server.url + '/admin/widget/loyalkit.js' })
    // dist/ is built by npm run build before the tests.
    expect(facts.integrity).toMatch(/^sha384-/)
    const script = await fetch(facts.scriptUrl)
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/javascript/)
    const preview = await fetch(server.url + '/admin/preview?primary=%23aa3300&radius=6&font=1&theme=dark&locale=lv&launcher=bottom-left', {
      headers: { Cookie: session.cookie },
    })
    expect(preview.status).toBe(200)
    const html = await preview.text()
    expect(html).toContain('--loyalkit-color-primary:#aa3300;--loyalkit-radius:6px;--loyalkit-font-family:Georgia, serif')
    expect(html).toContain('data-theme="dark" data-locale="lv" data-launcher="bottom-left"')
    expect(html).toContain(`integrity="${facts.integrity}"`)
    const nonce = /nonce="([^"]+)"/.exec(html)![1]!
    expect(preview.headers.get('content-security-policy')).toContain(`script-src 'self' 'nonce-${nonce}'`)
    // Only the settings' own shapes get into the page.
    for (const bad of ['primary=red', 'primary=%23aa3300%3Bbackground:url(x)', 'radius=500', 'font=9', 'theme=%3Cscript%3E']) {
      expect((await fetch(server.url + '/admin/preview?' + bad, { headers: { Cookie: session.cookie } })).status, bad).toBe(400)
    }
    expect((await fetch(server.url + '/admin/preview')).status).toBe(401)
  })

  it('serves the console under a strict CSP, index.html for client-side routes', async () => {
    const r = await fetch(server.url + '/admin/members/mem_x')
    // Built by npm run build; a fresh checkout without a build answers 503 with a hint.
    expect([200, 503]).toContain(r.status)
    if (r.status == 200) {
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(r.headers.get('content-security-policy')).not.toContain('unsafe-inline')
    }
  })
})

describe('sign-in lockout', () => {
  it('locks the sign-in after five wrong passwords in a minute, even for the right one', async () => {
    const server = await start()
    try {
      for (let i = 0; i < 5; i++) expect((await signIn(server, 'wrong-password-' + i)).status).toBe(401)
      const locked = await signIn(server)
      expect(locked.status).toBe(429)
      expect(locked.body).toMatchObject({ code: 'rate_limited', retryAfter: expect.any(Number) })
      expect(locked.body.retryAfter as number).toBeGreaterThan(200)
      // Five minutes on, it opens again.
      await server.db.query(`UPDATE admin_login_failures SET created_at = created_at - interval '6 minutes'`)
      expect((await signIn(server)).status).toBe(200)
    } finally {
      await server.close()
    }
  })
})

describe('Overview figures', () => {
  it('match a data set with known answers', async () => {
    const server = await start()
    try {
      const { session } = await signIn(server)
      // Three members: 100 points each at sign-up.
      const a = await signUp(server)
      const b = await signUp(server)
      await signUp(server)
      // A: two orders (100 + 300 → 400 points: Bronze ×1 until 500 lifetime); B: one order of 50.
      await order(server, { email: a.member.email }, 100)
      await order(server, { email: a.member.email }, 300)
      await order(server, { email: b.member.email }, 50)
      // A guest: two orders, 20 and 40.
      const guest = uniqueEmail('guest')
      for (const [i, amount] of [20, 40].entries()) {
        await storeCall(server, '/v1/orders', { body: { id: `g-${i}-${randomUUID()}`, customer: { email: guest }, amount, currency: 'EUR' } })
      }
      // A redeems €5 off (500 points).
      const r = await call(server, '/v1/members/me/redemptions', { token: a.token, body: { rewardId: 'five-euro-off' } })
      expect(((await r.json()) as RedemptionResult).balance).toBe(0)
      // Two guests opened the widget (a beacon from the store's page); a call without an Origin is not counted.
      for (const origin of [server.url, server.url, undefined]) {
        const r = await fetch(server.url + '/v1/programs/pk_demo_trailpack/opens', { method: 'POST', headers: origin ? { Origin: origin } : {} })
        expect(r.status).toBe(origin ? 204 : 403)
      }
      const o = (await (await api(server, session, '/overview?days=7&fresh=1')).json()) as Overview
      expect(o.figures).toEqual({
        members: { total: 3, new: 3 },
        widgetOpens: 2,
        signupConversion: 3 / 2,
        activeMembers: 3,
        pointsIssued: 300 + 400 + 50,
        pointsRedeemed: 500,
        pointsExpired: 0,
        outstandingPoints: 250,
        // The best money reward pays €5 for 500 points: €0.01 a point.
        liability: 2.5,
        redemptionRate: 500 / 750,
        repeatPurchase: { members: 1 / 2, guests: 1 },
        averageOrder: { members: 150, guests: 30 },
        referralConversions: 0,
      })
      expect(o.tiers.map((t) => [t.id, t.members])).toEqual([
        ['bronze', 2],
        ['silver', 1],
        ['gold', 0],
      ])
      expect(o.topRewards).toEqual([{ id: 'five-euro-off', name: '€5 off your order', redemptions: 1, points: 500 }])
      expect(o.daily.reduce((sum, d) => sum + d.signups, 0)).toBe(3)
      expect(o.daily.at(-1)?.opens).toBe(2)
      expect(o.daily.reduce((sum, d) => sum + d.pointsIssued, 0)).toBe(750)
    } finally {
      await server.close()
    }
  })
})

describe('Overview on rolled-up days and member sums', () => {
  it('gives the same figures from rolled-up rows as from the ledger, each row counted once', async () => {
    const server = await start()
    try {
      const { session } = await signIn(server)
      const a = await signUp(server)
      const b = await signUp(server)
      await order(server, { email: a.member.email }, 100)
      await order(server, { email: a.member.email }, 300)
      await order(server, { email: b.member.email }, 50)
      await call(server, '/v1/members/me/redemptions', { token: a.token, body: { rewardId: 'five-euro-off' } })
      // A and B, with everything they did, move ten days back; C joins today.
      const ids = [a.member.id, b.member.id]
      await server.db.query(`UPDATE ledger SET created_at = created_at - interval '10 days' WHERE member_id = ANY($1)`, [ids])
      await server.db.query(`UPDATE members SET created_at = created_at - interval '10 days' WHERE id = ANY($1)`, [ids])
      await server.db.query(`UPDATE orders SET placed_at = placed_at - interval '10 days' WHERE member_id = ANY($1)`, [ids])
      await server.db.query(`UPDATE redemptions SET created_at = created_at - interval '10 days' WHERE member_id = ANY($1)`, [ids])
      // The roll-up state moves back with them: the sweep at start-up had already marked "rolled up to ten minutes ago".
      await server.db.exec('DELETE FROM member_points; DELETE FROM member_points_mark')
      await signUp(server)

      const month = (await (await api(server, session, '/overview?days=30&fresh=1')).json()) as Overview
      const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10)
      const [rolled] = await server.db.query<Record<string, unknown>>(
        `SELECT signups, issued::int AS issued, redeemed::int AS redeemed FROM overview_days WHERE day = $1::date`,
        [tenDaysAgo],
      )
      expect(rolled).toEqual({ signups: 2, issued: 650, redeemed: 500 })
      expect(month.figures).toMatchObject({
        members: { total: 3, new: 3 },
        activeMembers: 3,
        pointsIssued: 750,
        pointsRedeemed: 500,
        outstandingPoints: 250,
        redemptionRate: 500 / 750,
      })
      expect(month.daily).toHaveLength(30)
      expect(month.daily.find((d) => d.date == tenDaysAgo)).toEqual({ date: tenDaysAgo, opens: 0, signups: 2, pointsIssued: 650, pointsRedeemed: 500 })
      expect(month.daily.at(-1)).toMatchObject({ signups: 1, pointsIssued: 100 })
      expect(month.topRewards).toEqual([{ id: 'five-euro-off', name: '€5 off your order', redemptions: 1, points: 500 }])
      expect(month.tiers.map((t) => [t.id, t.members])).toEqual([
        ['bronze', 2],
        ['silver', 1],
        ['gold', 0],
      ])

      // The last seven days: only C; the outstanding points are the program's, whatever the period.
      const week = (await (await api(server, session, '/overview?days=7&fresh=1')).json()) as Overview
      expect(week.figures).toMatchObject({ members: { total: 3, new: 1 }, activeMembers: 1, pointsIssued: 100, pointsRedeemed: 0, outstandingPoints: 250 })
      expect(week.topRewards).toEqual([])

      // The per-member sums hold the rows before the mark (A's and B's, ten days old), exactly once
      // however often the roll-up runs; C's rows are read live.
      const again = (await (await api(server, session, '/overview?days=7&fresh=1')).json()) as Overview
      expect(again.figures.outstandingPoints).toBe(250)
      const rolledUp = await server.db.query<{ member_id: string; total: string }>(`SELECT member_id, total::text AS total FROM member_points ORDER BY total`)
      expect(rolledUp.map((r) => [r.member_id, Number(r.total)]).sort()).toEqual(
        [
          [a.member.id, 0],
          [b.member.id, 150],
        ].sort(),
      )
      const drift = await server.db.query(
        `SELECT m.id FROM members m LEFT JOIN member_points p ON p.member_id = m.id
           LEFT JOIN (SELECT member_id, SUM(points) AS total FROM ledger
                       WHERE created_at < (SELECT through FROM member_points_mark) GROUP BY member_id) l ON l.member_id = m.id
          WHERE COALESCE(p.total, 0) <> COALESCE(l.total, 0)`,
      )
      expect(drift).toEqual([])
    } finally {
      await server.close()
    }
  })
})

describe('rolling up days', () => {
  it('covers every UTC day exactly once, across daylight-saving changes of the session time zone, a month per statement', async () => {
    const server = await start()
    try {
      const key = `pk_dst_${randomUUID().slice(0, 8)}`
      for (const [i, at] of ['2025-03-01T12:00:00Z', '2025-10-26T12:00:00Z'].entries()) {
        await server.db.query(`INSERT INTO members (id, program_key, email, terms_accepted_at, referral_code, created_at) VALUES ($1, $2, $3, $4, $5, $4)`, [
          `mem_dst_${key}_${i}`,
          key,
          `dst${i}@example.com`,
          at,
          `DST${i}${key}`,
        ])
      }
      await server.db.transaction(async (tx) => {
        await tx.exec("SET LOCAL TimeZone = 'Europe/Berlin'")
        await rollUpDays(tx, key, new Date('2025-11-10T12:00:00Z'))
      })
      const days = await server.db.query<{ day: string; signups: number }>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, signups FROM overview_days WHERE program_key = $1 ORDER BY day`,
        [key],
      )
      const expected: string[] = []
      for (let t = Date.parse('2025-03-01'); t < Date.parse('2025-11-10'); t += 86_400_000) expected.push(new Date(t).toISOString().slice(0, 10))
      expect(days.map((d) => d.day)).toEqual(expected)
      expect(days.filter((d) => d.signups > 0).map((d) => d.day)).toEqual(['2025-03-01', '2025-10-26'])
    } finally {
      await server.close()
    }
  })
})

describe('program versions', () => {
  it('leaves a coupon worth what it was issued for when its reward is edited or removed', async () => {
    const server = await start()
    try {
      const { member, token } = await signUp(server)
      await order(server, { email: member.email }, 1000)
      const redeem = async () => {
        const r = await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'five-euro-off' } })
        expect(r.status).toBe(201)
        return ((await r.json()) as RedemptionResult).redemption.code!
      }
      const check = async (code: string) => (await (await storeCall(server, `/v1/coupons/${code}?amount=20`)).json()) as Record<string, unknown>
      const before = await redeem()
      const { session } = await signIn(server)
      const current = (await (await api(server, session, '/program')).json()) as {
        definition: { rewards: { id: string; value?: number; minOrderAmount?: number; name: unknown }[] }
      }
      const edited = structuredClone(current.definition)
      Object.assign(edited.rewards.find((r) => r.id == 'five-euro-off')!, { value: 10, minOrderAmount: 15, name: '€10 off' })
      expect((await api(server, session, '/program', { body: { base: 1, definition: edited } })).status).toBe(201)
      // Issued as €5 off from €25: so it stays, name and all. One issued now is the new reward.
      expect(await check(before)).toMatchObject({
        kind: 'amount_off',
        value: 5,
        minOrderAmount: 25,
        name: '€5 off your order',
        valid: false,
        reason: 'below_minimum',
      })
      const after = await redeem()
      expect(await check(after)).toMatchObject({ value: 10, minOrderAmount: 15, name: '€10 off', valid: true, discount: 10 })
      // The reward gone from the program: its coupons still hold what they were issued for.
      const removed = structuredClone(edited)
      removed.rewards = removed.rewards.filter((r) => r.id != 'five-euro-off')
      expect((await api(server, session, '/program', { body: { base: 2, definition: removed } })).status).toBe(201)
      expect(await check(after)).toMatchObject({ kind: 'amount_off', value: 10, name: '€10 off', valid: true, discount: 10 })
      // The activity names each redemption's reward as it was when redeemed.
      const activity = (await (await call(server, '/v1/members/me/activity', { token })).json()) as { entries: { type: string; description: string }[] }
      const redeemed = activity.entries.filter((e) => e.type == 'redemption').map((e) => e.description)
      expect(redeemed).toHaveLength(2)
      expect(redeemed[0]).toContain('€10 off')
      expect(redeemed[1]).toContain('€5 off your order')
      const coupons = ((await (await call(server, '/v1/members/me', { token })).json()) as { coupons: { code: string; name: string }[] }).coupons
      expect(coupons.map((c) => [c.code, c.name])).toEqual(
        expect.arrayContaining([
          [before, '€5 off your order'],
          [after, '€10 off'],
        ]),
      )
    } finally {
      await server.close()
    }
  })

  it('takes a whole program of up to 256 KB (texts in twelve languages); any other console request stays under 16 KB', async () => {
    const server = await start()
    try {
      const { session } = await signIn(server)
      const current = (await (await api(server, session, '/program')).json()) as { definition: { rewards: { description?: unknown }[] } }
      // The demo program itself is over 16 KB: its texts are in every language the widget speaks.
      expect(JSON.stringify(current.definition).length).toBeGreaterThan(16 * 1024)
      const edited = structuredClone(current.definition)
      edited.rewards[0]!.description = { en: 'x'.repeat(100 * 1024) }
      expect((await api(server, session, '/program', { body: { base: 1, definition: edited } })).status).toBe(201)
      edited.rewards[0]!.description = { en: 'x'.repeat(300 * 1024) }
      const huge = await api(server, session, '/program', { body: { base: 2, definition: edited } })
      expect(huge.status).toBe(413)
      expect(((await huge.json()) as { detail: string }).detail).toBe('The body is larger than 256 KB.')
      const note = await api(server, session, '/program/rollback', { body: { version: 1, note: 'x'.repeat(17 * 1024) } })
      expect(note.status).toBe(413)
    } finally {
      await server.close()
    }
  })

  it('saves a change as a new version with its diff, serves it at once, refuses stale and invalid saves, rolls back', async () => {
    const server = await start()
    try {
      const { session } = await signIn(server)
      const current = (await (await api(server, session, '/program')).json()) as { version: number; definition: { rewards: { id: string; cost: number }[] } }
      expect(current.version).toBe(1)
      const edited = structuredClone(current.definition)
      edited.rewards[0]!.cost = 450
      const saved = await api(server, session, '/program', { body: { base: 1, definition: edited, note: 'Cheaper €5' } })
      expect(saved.status).toBe(201)
      expect(await saved.json()).toEqual({ version: 2, changes: [{ path: 'program.rewards[0].cost', before: 500, after: 450 }] })
      const program = (await (await call(server, '/v1/program')).json()) as { rewards: { cost: number }[] }
      expect(program.rewards[0]!.cost).toBe(450)
      // Someone saved since version 1: refused, nothing lost.
      const stale = await api(server, session, '/program', { body: { base: 1, definition: edited } })
      expect(stale.status).toBe(409)
      // Checked with the same schema as the program file: every problem by its path.
      const broken = structuredClone(edited)
      broken.rewards[0]!.cost = 0
      const invalid = await api(server, session, '/program', { body: { base: 2, definition: broken } })
      expect(invalid.status).toBe(422)
      expect(((await invalid.json()) as { errors: { field: string }[] }).errors).toEqual([
        { field: 'program.rewards[0].cost', code: 'a reward costs at least 1 point' },
      ])
      const back = await api(server, session, '/program/rollback', { body: { base: 2, version: 1 } })
      expect(back.status).toBe(201)
      expect(((await back.json()) as { version: number }).version).toBe(3)
      expect(((await (await call(server, '/v1/program')).json()) as { rewards: { cost: number }[] }).rewards[0]!.cost).toBe(500)
      const versions = (await (await api(server, session, '/program')).json()) as { versions: { version: number; source: string; note: string | null }[] }
      expect(versions.versions.map((v) => [v.version, v.source, v.note])).toEqual([
        [3, 'rollback', 'back to version 1'],
        [2, 'console', 'Cheaper €5'],
        [1, 'file', null],
      ])
      const v2 = (await (await api(server, session, '/program/versions/2')).json()) as { changes: unknown[] }
      expect(v2.changes).toEqual([{ path: 'program.rewards[0].cost', before: 500, after: 450 }])
      const log = (await (await api(server, session, '/audit')).json()) as { entries: { action: string }[] }
      expect(log.entries.map((e) => e.action).filter((a) => a.startsWith('program'))).toEqual(['program_rolled_back', 'program_saved'])
    } finally {
      await server.close()
    }
  })
})
