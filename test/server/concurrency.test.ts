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
