/**
 * Two production server processes (the bin) on one PostgreSQL schema: both ready,
 * 200 concurrent redemptions of one member spread over both never spend a point
 * twice, and SIGTERM lets an in-flight request finish before the process exits 0.
 */
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres, type RunningPostgres } from '../postgres.ts'
import { PROGRAM, storeToken } from './helpers.ts'
import { startReplicas, type Replicas } from './processes.ts'

const SECRET = 'replicas-test-secret-0123456789abcdef-xyz'
const PROGRAM_FILE = fileURLToPath(new URL('../../demo/programs/trailpack.json', import.meta.url))

let replicas: Replicas | undefined
let cluster: RunningPostgres | undefined
let base: string | undefined
let schema: string | undefined
let db: pg.Pool | undefined

/** One statement on the server's default database (schema create and drop). */
async function admin(sql: string) {
  const c = new pg.Client({ connectionString: base })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

beforeAll(async () => {
  // DATABASE_URL (npm test), else a cluster of our own, stopped in afterAll below. (Not
  // helpers' postgresUrl(): called from beforeAll, its afterAll would be ignored by vitest.)
  base = process.env.DATABASE_URL || (cluster = await startPostgres()).url
  schema = 'loyalkit_test_' + randomUUID().replace(/-/g, '').slice(0, 12)
  await admin(`CREATE SCHEMA ${schema}`)
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  db = new pg.Pool({ connectionString: url.toString(), max: 4 })
  replicas = await startReplicas(2, {
    LOYALKIT_SECRET: SECRET,
    LOYALKIT_PROGRAM: PROGRAM_FILE,
    LOYALKIT_ALLOWED_HOSTS: '127.0.0.1,localhost',
    DATABASE_URL: url.toString(),
    LOYALKIT_SIGNUP_LIMIT: '100000',
    LOYALKIT_RATE_LIMITS: 'claim=100000,redeem=100000,referral=100000',
    LOYALKIT_IDEMPOTENCY_TAKEOVER: '60',
  })
})

afterAll(async () => {
  try {
    await replicas?.stopAll()
    await db?.end()
    if (schema) await admin(`DROP SCHEMA ${schema} CASCADE`)
  } finally {
    await cluster?.stop()
  }
})

const post = (url: string, path: string, body: unknown, token?: string, key = randomUUID()) =>
  fetch(url + path, {
    method: 'POST',
    headers: {
      'X-Loyalkit-Program': PROGRAM,
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
      ...(token && { Authorization: 'Bearer ' + token }),
    },
    body: JSON.stringify(body),
  })

/** A member signed up through process `via` with a store token, topped up by SQL to `balance`. */
async function member(via: number, balance: number) {
  const email = `replica.${randomUUID().slice(0, 12)}@example.com`
  const token = await storeToken({ sub: 'cust_' + randomUUID(), email }, SECRET)
  const r = await post(replicas!.urls[via]!, '/v1/members', { email, consent: { terms: true, marketing: false } }, token)
  expect(r.status, await r.clone().text()).toBe(201)
  const { member: m } = (await r.json()) as { member: { id: string; balance: number } }
  if (balance != m.balance) {
    await db!.query(`INSERT INTO ledger (member_id, type, points) VALUES ($1, 'adjustment', $2)`, [m.id, balance - m.balance])
  }
  return { id: m.id, token }
}

const ledgerSum = async (id: string) =>
  Number((await db!.query<{ sum: string }>('SELECT COALESCE(SUM(points), 0) AS sum FROM ledger WHERE member_id = $1', [id])).rows[0]!.sum)

describe('two server processes on one PostgreSQL', () => {
  it('both answer /readyz', async () => {
    for (const url of replicas!.urls) {
      const r = await fetch(url + '/readyz')
      expect(r.status).toBe(200)
      expect(await r.json()).toMatchObject({ status: 'ready', database: 'postgres' })
    }
  })

  it('200 concurrent redemptions over both processes spend a 1000-point balance exactly 3 times', async () => {
    const { id, token } = await member(0, 1000)
    const urls = replicas!.urls
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(urls[i % 2]!, '/v1/members/me/redemptions', { rewardId: 'free-shipping' }, token).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { code?: string; balance?: number },
          via: i % 2,
        })),
      ),
    )
    const created = responses.filter((r) => r.status == 201)
    const refused = responses.filter((r) => r.status == 422)
    const other = responses.filter((r) => r.status != 201 && r.status != 422)
    expect(other).toEqual([])
    expect(created).toHaveLength(3)
    expect(refused).toHaveLength(197)
    expect(refused.every((r) => r.body.code == 'insufficient_points')).toBe(true)
    expect(created.map((r) => r.body.balance).sort((a, b) => b! - a!)).toEqual([700, 400, 100])
    // Both processes did take part.
    expect(new Set(responses.map((r) => r.via)).size).toBe(2)

    expect(await ledgerSum(id)).toBe(100)
    const rows = await db!.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM redemptions WHERE member_id = $1', [id])
    expect(rows.rows[0]!.n).toBe(3)
    const entries = await db!.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ledger WHERE member_id = $1 AND type = 'redemption'`, [id])
    expect(entries.rows[0]!.n).toBe(3)
  })

  it('SIGTERM: the process finishes its in-flight request, then exits 0; a restart serves again', async () => {
    const { id, token } = await member(0, 100)
    // Hold the member's row lock: process 1's redemption waits for it inside its transaction.
    const blocker = await db!.connect()
    let exitedAt = 0
    try {
      await blocker.query('BEGIN')
      await blocker.query('SELECT 1 FROM members WHERE id = $1 FOR UPDATE', [id])
      const blockerPid = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
      const started = Date.now()
      const slow = post(replicas!.urls[1]!, '/v1/members/me/redemptions', { rewardId: 'donate-backpacks' }, token)
      // Wait until the request is inside its transaction (blocked on the lock).
      for (;;) {
        const waiting = await db!.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [blockerPid])
        if (waiting.rowCount) break
        if (Date.now() - started > 4_000) throw new Error('the redemption never reached the row lock')
        await new Promise((done) => setTimeout(done, 20))
      }
      const exit = replicas!.kill(1, 'SIGTERM').then((e) => ((exitedAt = Date.now()), e))
      await new Promise((done) => setTimeout(done, 300))
      // Still running: it waits for the request; new connections are refused (or told it is shutting down).
      expect(replicas!.alive(1)).toBe(true)
      const probe = await fetch(replicas!.urls[1]! + '/readyz').then(
        async (r) => `${r.status} ${((await r.json()) as { reason?: string }).reason}`,
        () => 'refused',
      )
      expect(['refused', '503 shutting down']).toContain(probe)
      await blocker.query('COMMIT')
      const r = await slow
      const answeredAt = Date.now()
      expect(r.status, await r.clone().text()).toBe(201)
      expect(((await r.json()) as { balance: number }).balance).toBe(0)
      expect(await exit).toEqual({ code: 0, signal: null })
      expect(exitedAt).toBeGreaterThanOrEqual(answeredAt - 50)
      expect(replicas!.output(1)).toContain('"shutting down"')
    } finally {
      await blocker.query('ROLLBACK').catch(() => {})
      blocker.release()
    }
    expect(await ledgerSum(id)).toBe(0)

    const url = await replicas!.restart(1)
    expect((await fetch(url + '/readyz')).status).toBe(200)
  })
})
