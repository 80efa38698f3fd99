/**
 * Several servers on one PostgreSQL database (in this process): rate limits and
 * Idempotency-Keys are shared through the database, not kept in a process.
 * Runs in the server-pg project only.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Problem, RedemptionResult } from '../../src/core/contract.ts'
import { call, freshSchema, me, postgresBackend as postgres, signUp, start, uniqueEmail } from './helpers.ts'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

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
    cleanups.push(
      () => a.close(),
      () => b.close(),
    )
    const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } })
    expect((await call(a, '/v1/members', { ...from('203.0.113.1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(
      201,
    )
    expect((await call(b, '/v1/members', { ...from('203.0.113.1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(
      201,
    )
    const third = await call(a, '/v1/members', { ...from('203.0.113.1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await third.json()) as Problem).code).toBe('rate_limited')
    // Another shopper behind the same proxy has a limit of their own; an IPv6 shopper's whole /64 shares one.
    expect((await call(b, '/v1/members', { ...from('203.0.113.2'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status).toBe(
      201,
    )
    expect(
      (await call(a, '/v1/members', { ...from('2001:db8:5:6::1'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status,
    ).toBe(201)
    expect(
      (await call(b, '/v1/members', { ...from('2001:db8:5:6::2'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status,
    ).toBe(201)
    expect(
      (await call(a, '/v1/members', { ...from('2001:db8:5:6:ffff::9'), body: { email: uniqueEmail(), consent: { terms: true, marketing: false } } })).status,
    ).toBe(429)
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
    const a = await start({
      databaseUrl: schema.url,
      takeoverSeconds: 2,
      testHooks: { afterClaim: async ({ key }) => (key == 'stall' ? (stalled(), resumed) : undefined) },
    })
    const b = await start({ databaseUrl: schema.url, takeoverSeconds: 2 })
    cleanups.push(
      () => a.close(),
      () => b.close(),
    )
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
    const a = await start({
      databaseUrl: schema.url,
      takeoverSeconds: 3,
      testHooks: { beforeCommit: async ({ key }) => (key == 'slow' ? (entered(), hold) : undefined) },
    })
    const b = await start({ databaseUrl: schema.url, takeoverSeconds: 3 })
    cleanups.push(
      () => a.close(),
      () => b.close(),
    )
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

// Two server processes on one PostgreSQL database: the `running` record in the
// database (not only the in-process map) answers 409 to the other process.
describe('idempotency across two servers', () => {
  it('409s on one server while the other still runs the key, then replays', async () => {
    const storage = await postgres.make()
    let entered!: () => void
    let release!: () => void
    const inside = new Promise<void>((resolve) => (entered = resolve))
    const hold = new Promise<void>((resolve) => (release = resolve))
    const a = await start({ ...storage.options, testHooks: { beforeCommit: async ({ key }) => (key == 'shared-key' ? (entered(), hold) : undefined) } })
    const b = await start(storage.options)
    try {
      const { token } = await signUp(a)
      const first = call(a, '/v1/members/me/redemptions', { token, key: 'shared-key', body: { rewardId: 'donate-backpacks' } })
      await inside
      const during = await call(b, '/v1/members/me/redemptions', { token, key: 'shared-key', body: { rewardId: 'donate-backpacks' } })
      expect(during.status).toBe(409)
      expect(during.headers.get('retry-after')).toBe('1')
      release()
      expect((await first).status).toBe(201)
      const after = await call(b, '/v1/members/me/redemptions', { token, key: 'shared-key', body: { rewardId: 'donate-backpacks' } })
      expect(after.status).toBe(201)
      expect(after.headers.get('idempotent-replayed')).toBe('true')
      expect((await me(b, token)).balance).toBe(0)
    } finally {
      release()
      await a.close()
      await b.close()
      await storage.cleanup()
    }
  })
})
