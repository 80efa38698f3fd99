/**
 * Safe by default: shared rate limits behind a trusted proxy, Idempotency-Key
 * owners, email normalisation, identity links, bigint sums, Vary: Origin.
 * Everything that touches the database runs on PGlite and on PostgreSQL.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { Problem, RedemptionResult } from '../../src/core/contract.ts'
import { addressKey, clientAddress, trustList } from '../../server/src/http/client-address.ts'
import { parseProgram, ProgramError } from '../../server/src/program/program.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { backends, call, freshSchema, me, order, signUp, start, storeToken, uniqueEmail } from './helpers.ts'
import { readFileSync } from 'node:fs'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

describe('client addresses', () => {
  it('believes X-Forwarded-For only through trusted proxies, from the right', () => {
    const none = trustList([])
    const lb = trustList(['loopback', '10.0.0.0/8'])
    expect(clientAddress('127.0.0.1', '203.0.113.9', none)).toBe('127.0.0.1')
    expect(clientAddress('127.0.0.1', '203.0.113.9', lb)).toBe('203.0.113.9')
    // A client cannot hide behind a forged left-most entry: the walk stops at the first untrusted hop.
    expect(clientAddress('10.1.1.1', '198.51.100.1, 203.0.113.9, 10.2.2.2', lb)).toBe('203.0.113.9')
    expect(clientAddress('198.51.100.7', '203.0.113.9', lb)).toBe('198.51.100.7')
    expect(clientAddress('::ffff:127.0.0.1', 'garbage', lb)).toBe('127.0.0.1')
  })

  it('counts IPv6 clients by their /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9')
  })
})

describe('program files', () => {
  it('refuse a reward that costs nothing', () => {
    const demo = JSON.parse(readFileSync(new URL('../../demo/programs/trailpack.json', import.meta.url), 'utf8')) as { rewards: { cost: number }[] }
    demo.rewards[0]!.cost = 0
    expect(() => parseProgram(demo, 'free.json')).toThrow(ProgramError)
    expect(() => parseProgram(demo, 'free.json')).toThrow(/program\.rewards\[0\]\.cost: a reward costs at least 1 point/)
  })
})

describe('shared rate limits (two servers, one PostgreSQL)', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('count every replica’s requests against one limit, per client behind the proxy', async () => {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    const options = { databaseUrl: schema.url, signupLimit: 2, rateLimits: 'claim=100,redeem=100,referral=3', trustProxy: 'loopback' }
    const a = await start(options)
    const b = await start(options)
    cleanups.push(() => a.close(), () => b.close())
    const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } })
    expect((await call(a, '/v1/members', { ...from('203.0.113.1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(201)
    expect((await call(b, '/v1/members', { ...from('203.0.113.1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(201)
    const third = await call(a, '/v1/members', { ...from('203.0.113.1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await third.json()) as Problem).code).toBe('rate_limited')
    // Another shopper behind the same proxy has a limit of their own; an IPv6 shopper's whole /64 shares one.
    expect((await call(b, '/v1/members', { ...from('203.0.113.2'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(201)
    expect((await call(a, '/v1/members', { ...from('2001:db8:5:6::1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(201)
    expect((await call(b, '/v1/members', { ...from('2001:db8:5:6::2'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(201)
    expect((await call(a, '/v1/members', { ...from('2001:db8:5:6:ffff::9'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(429)
    // Referral look-ups are limited too (3 a minute here), across both replicas.
    const statuses: number[] = []
    for (const server of [a, b, a, b]) statuses.push((await call(server, '/v1/referrals/NOPE1234', from('198.51.100.4'))).status)
    expect(statuses).toEqual([404, 404, 404, 429])
  })

  it('limit claims and redemptions per client', async () => {
    const server = await start({ rateLimits: 'claim=1,redeem=1,referral=100' })
    cleanups.push(() => server.close())
    const { token } = await signUp(server, { birthday: '1980-02-03' })
    expect((await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'newsletter' } })).status).toBe(201)
    expect((await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'birthday' } })).status).toBe(429)
    expect((await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'donate-backpacks' } })).status).toBe(201)
    expect((await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'donate-backpacks' } })).status).toBe(429)
  })
})

describe('Idempotency-Key owners (two servers, one PostgreSQL)', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('a key taken over from a stalled request runs once: the stalled one commits nothing', async () => {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    let stalled!: () => void
    let resume!: () => void
    const isStalled = new Promise<void>((resolve) => (stalled = resolve))
    const resumed = new Promise<void>((resolve) => (resume = resolve))
    // A: claims the key, then stalls before its transaction (a GC pause, a slow disk…) past the takeover time.
    const a = await start({ databaseUrl: schema.url, takeoverSeconds: 2, testHooks: { afterClaim: async ({ key }) => (key == 'stall' ? (stalled(), resumed) : undefined) } })
    const b = await start({ databaseUrl: schema.url, takeoverSeconds: 2 })
    cleanups.push(() => a.close(), () => b.close())
    const { member, token } = await signUp(b)
    const first = call(a, '/v1/members/me/redemptions', { token, key: 'stall', body: { rewardId: 'donate-backpacks' } })
    await isStalled
    expect((await call(b, '/v1/members/me/redemptions', { token, key: 'stall', body: { rewardId: 'donate-backpacks' } })).status).toBe(409)
    await sleep(2_300)
    const takeover = await call(b, '/v1/members/me/redemptions', { token, key: 'stall', body: { rewardId: 'donate-backpacks' } })
    expect(takeover.status).toBe(201)
    resume()
    const late = await first
    // The stalled request no longer owns its key: it answers "still running" and applies nothing.
    expect(late.status).toBe(409)
    const replay = await call(a, '/v1/members/me/redemptions', { token, key: 'stall', body: { rewardId: 'donate-backpacks' } })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(((await replay.json()) as RedemptionResult).redemption.id).toBe(((await takeover.json()) as RedemptionResult).redemption.id)
    const [row] = await b.db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ledger WHERE member_id = $1 AND type = 'redemption'`, [member.id])
    expect(row!.n).toBe(1)
    expect((await me(b, token)).balance).toBe(0)
  })

  it('a transaction stalled past the database’s limits is ended, commits nothing, and its key then runs once', async () => {
    const schema = await freshSchema()
    cleanups.push(schema.drop)
    let entered!: () => void
    let release!: () => void
    const inside = new Promise<void>((resolve) => (entered = resolve))
    const hold = new Promise<void>((resolve) => (release = resolve))
    // Takeover after 3 s: PostgreSQL ends a transaction idle for 0.75 s (every limit is shorter than the takeover).
    const a = await start({ databaseUrl: schema.url, takeoverSeconds: 3, testHooks: { beforeCommit: async ({ key }) => (key == 'slow' ? (entered(), hold) : undefined) } })
    const b = await start({ databaseUrl: schema.url, takeoverSeconds: 3 })
    cleanups.push(() => a.close(), () => b.close())
    const { member, token } = await signUp(b)
    const first = call(a, '/v1/members/me/redemptions', { token, key: 'slow', body: { rewardId: 'donate-backpacks' } })
    await inside
    // Within the takeover time the key is still A's.
    expect((await call(b, '/v1/members/me/redemptions', { token, key: 'slow', body: { rewardId: 'donate-backpacks' } })).status).toBe(409)
    await sleep(3_300)
    const takeover = await call(b, '/v1/members/me/redemptions', { token, key: 'slow', body: { rewardId: 'donate-backpacks' } })
    expect(takeover.status).toBe(201)
    release()
    // A's session was ended by the database: its effects were rolled back, and it says so.
    const late = await first
    expect(late.status).toBe(500)
    expect(((await late.json()) as Problem).code).toBe('server_error')
    const [row] = await b.db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ledger WHERE member_id = $1 AND type = 'redemption'`, [member.id])
    expect(row!.n).toBe(1)
    expect((await me(b, token)).balance).toBe(0)
    const replay = await call(a, '/v1/members/me/redemptions', { token, key: 'slow', body: { rewardId: 'donate-backpacks' } })
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
  })
})

describe.each(backends)('data rules ($name)', (backend) => {
  let server: RunningServer
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })
  const ready = async () => {
    if (!server) {
      const storage = await backend.make()
      server = await start(storage.options)
      cleanups.push(storage.cleanup, () => server.close())
    }
    return server
  }

  it('normalises emails the same way on every database: NFC, trimmed, lower-case', async () => {
    const s = await ready()
    const local = 'zoe.' + randomUUID().slice(0, 8)
    const first = await signUp(s, { email: `  ${local}.Ze\u0301@Example.COM ` })
    expect(first.member.email).toBe(`${local}.z\u00e9@example.com`)
    for (const again of [`${local}.z\u00e9@example.com`, `${local}.ZE\u0301@EXAMPLE.com`]) {
      const r = await call(s, '/v1/members', { body: { email: again, consent: { terms: true, marketing: false } } })
      expect(r.status, again).toBe(422)
      expect(((await r.json()) as Problem).code).toBe('email_taken')
    }
  })

  it('a signed-in sign-up uses the email of the store’s token', async () => {
    const s = await ready()
    const email = uniqueEmail('store')
    const token = await storeToken({ sub: 'cust_' + randomUUID(), email })
    const other = await call(s, '/v1/members', { token, body: { email: uniqueEmail('other'), consent: { terms: true, marketing: false } } })
    expect(other.status).toBe(422)
    expect(((await other.json()) as Problem).errors).toEqual([{ field: 'email', code: 'not_account_email' }])
    const same = await call(s, '/v1/members', { token, body: { email: email.toUpperCase(), consent: { terms: true, marketing: false } } })
    expect(same.status).toBe(201)
  })

  it('links a guest member only on a verified email, and drops what the guest sign-up claimed', async () => {
    const s = await ready()
    const advocate = await signUp(s)
    const email = uniqueEmail('victim')
    // Anyone can sign up with someone else's email, consent to marketing and name a referrer.
    const guest = await signUp(s, { email, referralCode: advocate.member.referral.code, consent: { terms: true, marketing: true } })
    const sub = 'cust_' + randomUUID()
    expect((await call(s, '/v1/members/me', { token: await storeToken({ sub, email }) })).status).toBe(204)
    expect((await call(s, '/v1/members/me', { token: await storeToken({ sub, email, email_verified: false }) })).status).toBe(204)
    const linked = await me(s, await storeToken({ sub, email, email_verified: true }))
    expect(linked.id).toBe(guest.member.id)
    const [row] = await s.db.query<{ marketing: boolean; referred_by: string | null; customer_id: string }>('SELECT marketing, referred_by, customer_id FROM members WHERE id = $1', [guest.member.id])
    expect(row).toEqual({ marketing: false, referred_by: null, customer_id: sub })
    // The advocate is not paid for a "friend" who was never theirs.
    await order(s, { customerId: sub }, 50)
    expect((await me(s, advocate.token)).referral.pointsEarned).toBe(0)
  })

  it('sums points as bigint: balances past 2^31 are exact', async () => {
    const s = await ready()
    const { member, token } = await signUp(s)
    for (let i = 0; i < 3; i++) {
      await s.db.query(`INSERT INTO ledger (member_id, type, points) VALUES ($1, 'adjustment', 2000000000)`, [member.id])
    }
    const m = await me(s, token)
    expect(m.balance).toBe(6_000_000_100)
    expect(m.lifetimePoints).toBe(100)
  })

  it('sends Vary: Origin on every cacheable answer, with or without an Origin', async () => {
    const s = await ready()
    const { member } = await signUp(s)
    for (const path of ['/v1/program', `/v1/referrals/${member.referral.code}`]) {
      for (const headers of [{}, { Origin: 'http://localhost:8787' }] as Record<string, string>[]) {
        const r = await call(s, path, { headers })
        expect(r.status, path).toBe(200)
        expect(r.headers.get('cache-control'), path).toMatch(/public/)
        expect(r.headers.get('vary')!.split(/, */), path).toContain('Origin')
      }
    }
  })
})
