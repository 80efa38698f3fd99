/**
 * Points expiry (the demo program: 12 months without activity): the balance leaves
 * as an `expiry` entry, the shopper sees it coming 30 days ahead, the store is told
 * once (`points.expiring`), and any activity pushes the date back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityPage, MemberRecord } from '../../src/core/contract.ts'
import { runExpiry } from '../../server/src/services/expiry.ts'
import { changePoints } from '../../server/src/services/points.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, POSTGRES, signUp, start, storeCall } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

/** Moves all of a member's ledger back in time, as if they had been away. */
const age = (memberId: string, interval: string) =>
  server.db.query(`UPDATE ledger SET created_at = created_at - $2::interval WHERE member_id = $1`, [memberId, interval])
const expiring = (memberId: string) => server.db.query(`SELECT payload FROM webhook_events WHERE type = 'points.expiring' AND member_id = $1`, [memberId])

describe('points expiry', () => {
  it('expires a balance after 12 months without activity, as a ledger entry', async () => {
    const { member, token } = await signUp(server)
    await order(server, { email: member.email }, 200)
    await age(member.id, '13 months')
    const fresh = await signUp(server)
    await runExpiry(server.db, server.deps.def)
    expect((await me(server, token)).balance).toBe(0)
    expect((await me(server, fresh.token)).balance).toBe(100)
    const activity = (await (await call(server, '/v1/members/me/activity', { token })).json()) as ActivityPage
    expect(activity.entries[0]).toMatchObject({ type: 'expiry', points: -300, description: 'Points expired after 12 months without activity' })
    // Nothing twice.
    await runExpiry(server.db, server.deps.def)
    const [row] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ledger WHERE member_id = $1 AND type = 'expiry'`, [member.id])
    expect(Number(row!.n)).toBe(1)
  })

  it('keeps the points of a purchase that committed while the sweep waited for the member’s lock', async () => {
    const { member, token } = await signUp(server)
    await order(server, { email: member.email }, 200)
    await age(member.id, '13 months')
    let release!: () => void
    let holding!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const held = new Promise<void>((r) => (holding = r))
    // A purchase in flight: it holds the member's lock, as every change of points does, and adds 50.
    const purchase = server.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM members WHERE id = $1 FOR UPDATE', [member.id])
      await changePoints(tx, server.deps.def, { memberId: member.id, type: 'purchase', points: 50 })
      holding()
      await gate
    })
    await held
    const sweep = runExpiry(server.db, server.deps.def)
    // PostgreSQL: until the sweep waits for that lock. (PGlite runs one transaction at a time: it waits anyway.)
    for (let i = 0; i < 100; i++) {
      if (!POSTGRES) break
      const [w] = await server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`,
      )
      if (w!.n > 0) break
      await new Promise((r) => setTimeout(r, 50))
    }
    release()
    await purchase
    await sweep
    // The purchase was activity: nothing expires, its points neither, and a date a year away is not warned of.
    expect((await me(server, token)).balance).toBe(350)
    expect(await expiring(member.id)).toHaveLength(0)
  })

  it('tells the shopper and the store 30 days ahead, once; new activity moves the date', async () => {
    const { member, token } = await signUp(server)
    await order(server, { email: member.email }, 50)
    expect((await me(server, token)).expiring).toBeNull()
    await age(member.id, '11 months 10 days')
    const soon = await me(server, token)
    expect(soon.expiring?.points).toBe(150)
    const days = (Date.parse(soon.expiring!.date) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(15)
    expect(days).toBeLessThan(25)
    expect(((await (await storeCall(server, `/v1/members/${member.id}`)).json()) as MemberRecord).expiring).toEqual(soon.expiring)
    expect((await runExpiry(server.db, server.deps.def)).warned).toBeGreaterThanOrEqual(1)
    // Warned once: the next run does not even look at this member again (on PostgreSQL too, whose clock has microseconds).
    const [listed] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM members WHERE id = $1 AND expiry_warned_for IS NOT NULL`, [member.id])
    expect(Number(listed!.n)).toBe(1)
    expect(await runExpiry(server.db, server.deps.def)).toEqual({ examined: 0, expired: 0, warned: 0 })
    expect(await expiring(member.id)).toHaveLength(1)
    expect((await me(server, token)).balance).toBe(150)
    // So is a goodwill credit from the store; a purchase too: the points live another 12 months.
    await storeCall(server, `/v1/members/${member.id}/adjustments`, { body: { points: 5, reason: 'Sorry' } })
    expect((await me(server, token)).expiring).toBeNull()
    await order(server, { email: member.email }, 10)
    expect((await me(server, token)).expiring).toBeNull()
  })
})
