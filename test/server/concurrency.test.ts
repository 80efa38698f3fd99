import { afterAll, describe, expect, it } from 'vitest'
import type { Problem } from '../../src/core/contract.ts'
import { backends, call, me, order, signUp, start } from './helpers.ts'

describe.each(backends)('concurrent redemptions ($name)', (backend) => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  it('never spends more points than the balance', async () => {
    const storage = await backend.make()
    const server = await start(storage.options)
    cleanups.push(storage.cleanup, () => server.close())
    const { member, token } = await signUp(server)
    await order(server, { email: member.email }, 900)
    expect((await me(server, token)).balance).toBe(1000)

    const responses = await Promise.all(
      Array.from({ length: 200 }, () => call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'free-shipping' } })),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.filter((s) => s == 201)).toHaveLength(3)
    expect(statuses.filter((s) => s == 422)).toHaveLength(197)
    for (const r of responses.filter((r) => r.status == 422)) expect(((await r.json()) as Problem).code).toBe('insufficient_points')

    const after = await me(server, token)
    expect(after.balance).toBe(100)
    expect(after.coupons).toHaveLength(3)
    const [sum] = await server.db.query<{ sum: number; n: number }>(
      `SELECT COALESCE(SUM(points), 0)::int AS sum, COUNT(*) FILTER (WHERE type = 'redemption')::int AS n FROM ledger WHERE member_id = $1`,
      [member.id],
    )
    expect(sum).toEqual({ sum: 100, n: 3 })
    const [redemptions] = await server.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM redemptions WHERE member_id = $1', [member.id])
    expect(redemptions!.n).toBe(3)
  })
})

// Two server processes on one PostgreSQL database: the `running` record in the
// database (not only the in-process map) answers 409 to the other process.
describe.each(backends.filter((b) => b.name == 'postgres'))('idempotency across two servers ($name)', (backend) => {
  it('409s on one server while the other still runs the key, then replays', async () => {
    const storage = await backend.make()
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
