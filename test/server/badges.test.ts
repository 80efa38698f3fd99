/**
 * Badges: earned once, in the transaction of what earned them, dated when the member first
 * qualified, announced by `member.badge_earned`; a badge the program adds later is earned at the
 * member's next act; years of membership show from the anniversary and the sweep stores them.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Member, MemberExport, Program } from '../../src/core/contract.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { anniversary, runBadgeSweep } from '../../server/src/services/badges.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, signUp, start, storeCall } from './helpers.ts'

const BADGES = [
  { id: 'first-order', kind: 'orders', name: { en: 'First order', lv: 'Pirmais pasūtījums' }, count: 1 },
  { id: 'third-order', kind: 'orders', name: 'Third order', count: 3 },
  { id: 'friend', kind: 'referrals', name: 'A friend joined', count: 1 },
  { id: 'cake', kind: 'birthday', name: 'Birthday' },
  { id: 'year', kind: 'member_years', name: 'A year with us', count: 1 },
  { id: 'five-hundred', kind: 'lifetime_points', name: '500 points', count: 500 },
  { id: 'bronze', kind: 'tier', name: 'Bronze', tier: 'bronze' },
  { id: 'silver', kind: 'tier', name: 'Silver', tier: 'silver' },
]

let server: RunningServer
let dir: string
let base: Record<string, unknown>
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loyalkit-badges-'))
  base = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
  await writeFile(join(dir, 'program.json'), JSON.stringify({ ...base, badges: BADGES }))
  server = await start({ programPath: join(dir, 'program.json') })
})
afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

const ids = (m: Member) => m.badges!.map((b) => b.id)
const earned = (m: Member, id: string) => m.badges!.find((b) => b.id == id)?.earnedAt
const events = async (memberId: string) =>
  (
    await server.db.query<{ payload: string }>(
      `SELECT payload FROM webhook_events WHERE type = 'member.badge_earned' AND member_id = $1 ORDER BY created_at, id`,
      [memberId],
    )
  ).map((e) => JSON.parse(e.payload).data as { memberId: string; badgeId: string; earnedAt: string })
const credited = async (memberId: string) =>
  (
    await server.db.query<{ at: string }>(
      `SELECT to_char(credited_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM orders WHERE member_id = $1 ORDER BY credited_at, placed_at, id`,
      [memberId],
    )
  ).map((r) => r.at)

describe('badges', () => {
  it('are listed by GET /program to guests, in their language', async () => {
    const p = (await (await call(server, '/v1/program', { language: 'lv' })).json()) as Program
    expect(p.badges!.map((b) => b.id)).toEqual(BADGES.map((b) => b.id))
    expect(p.badges![0]).toEqual({ id: 'first-order', kind: 'orders', name: 'Pirmais pasūtījums', count: 1 })
  })

  it('are earned by a birthday at sign-up, orders and lifetime points, each once and announced with no personal data', async () => {
    const { member, token } = await signUp(server, { birthday: '1990-04-01', name: 'Ilze' })
    expect(ids(member).sort()).toEqual(['bronze', 'cake'])
    expect(earned(member, 'bronze')).toBe(member.createdAt)
    await order(server, member, 20)
    await order(server, member, 20)
    let m = await me(server, token)
    expect(ids(m)).toContain('first-order')
    expect(ids(m)).not.toContain('third-order')
    // 100 + 20 + 20 + 400: 540 lifetime points, silver at 500.
    await order(server, member, 400)
    m = await me(server, token)
    const [first, , third] = await credited(member.id)
    expect(earned(m, 'first-order')).toBe(first)
    expect(earned(m, 'third-order')).toBe(third)
    expect(earned(m, 'five-hundred')).toBe(third)
    expect(earned(m, 'silver')).toBe(third)
    expect(ids(m).sort()).toEqual(['bronze', 'cake', 'first-order', 'five-hundred', 'silver', 'third-order'])
    // Oldest first.
    expect(m.badges!.map((b) => b.earnedAt)).toEqual(m.badges!.map((b) => b.earnedAt).sort())
    await order(server, member, 20)
    const announced = await events(member.id)
    expect(announced.map((e) => e.badgeId).sort()).toEqual(ids(m).sort())
    for (const e of announced) expect(e).toEqual({ memberId: member.id, badgeId: e.badgeId, earnedAt: earned(m, e.badgeId) })
    // The full birthday, not its year: a random member id may hold four digits.
    expect(JSON.stringify(announced)).not.toMatch(/Ilze|1990-04-01|@/)
    const exported = (await (await storeCall(server, `/v1/members/${member.id}/export`)).json()) as MemberExport
    expect(exported.badges).toEqual(m.badges)
  })

  it('count only orders with something bought: a free order earns no order badge', async () => {
    const { member, token } = await signUp(server)
    await order(server, member, 0)
    expect(ids(await me(server, token))).not.toContain('first-order')
    await order(server, member, 20)
    const m = await me(server, token)
    // Dated by the first order that bought something, not by the free one before it.
    expect(earned(m, 'first-order')).toBe((await credited(member.id))[1])
  })

  it('are earned once when orders race', async () => {
    const { member, token } = await signUp(server)
    await Promise.all(Array.from({ length: 6 }, () => order(server, member, 10)))
    expect(ids(await me(server, token))).toEqual(expect.arrayContaining(['first-order', 'third-order']))
    const announced = (await events(member.id)).map((e) => e.badgeId).sort()
    expect(announced).toEqual(['bronze', 'first-order', 'third-order'])
  })

  it('are earned by an advocate whose friend’s first order completes the referral, and by a birthday given later', async () => {
    const advocate = await signUp(server)
    const friend = await signUp(server, { referralCode: advocate.member.referral.code })
    expect(ids(await me(server, advocate.token))).not.toContain('friend')
    await order(server, friend.member, 25)
    const [completed] = await server.db.query<{ at: string }>(
      `SELECT to_char(referral_completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM members WHERE id = $1`,
      [friend.member.id],
    )
    expect(earned(await me(server, advocate.token), 'friend')).toBe(completed!.at)

    const r = await call(server, '/v1/members/me/profile', { token: advocate.token, body: { birthday: '1985-12-24' } })
    expect(r.status).toBe(200)
    const m = (await r.json()) as Member
    expect(ids(m)).toContain('cake')
    expect(Date.parse(earned(m, 'cake')!)).toBeGreaterThan(Date.parse(advocate.member.createdAt))
  })

  it('count years of membership from the anniversary on; the sweep stores and announces them once', async () => {
    const { member, token } = await signUp(server)
    expect(ids(await me(server, token))).not.toContain('year')
    await server.db.query(`UPDATE members SET created_at = created_at - interval '13 months' WHERE id = $1`, [member.id])
    const m = await me(server, token)
    expect(earned(m, 'year')).toBe(anniversary(m.createdAt, 1))
    expect((await events(member.id)).map((e) => e.badgeId)).not.toContain('year')
    expect(await runBadgeSweep(server.db, server.deps.def)).toBeGreaterThanOrEqual(1)
    expect((await events(member.id)).filter((e) => e.badgeId == 'year')).toEqual([
      { memberId: member.id, badgeId: 'year', earnedAt: anniversary(m.createdAt, 1) },
    ])
    await runBadgeSweep(server.db, server.deps.def)
    expect((await events(member.id)).filter((e) => e.badgeId == 'year')).toHaveLength(1)
    expect(earned(await me(server, token), 'year')).toBe(anniversary(m.createdAt, 1))
  })

  it('added to the program later are earned at the member’s next act, dated when the member first qualified', async () => {
    const { member, token } = await signUp(server)
    await order(server, member, 150)
    await order(server, member, 150)
    const live = server.deps.program
    const later = [
      { id: 'second-order', kind: 'orders', name: 'Second order', count: 2 },
      { id: 'two-hundred', kind: 'lifetime_points', name: '200 points', count: 200 },
    ]
    expect(await live.save({ ...base, badges: [...BADGES, ...later] }, { base: live.version(), source: 'console', actor: 'test' })).not.toBeNull()
    try {
      expect(ids(await me(server, token))).not.toContain('second-order')
      // An act: a claim.
      expect((await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'newsletter' } })).status).toBe(201)
      const m = await me(server, token)
      const [first, second] = await credited(member.id)
      expect(earned(m, 'second-order')).toBe(second)
      // 100 for joining + 150: the first order's entry reached 200.
      expect(earned(m, 'two-hundred')).toBe(first)
    } finally {
      await live.save({ ...base, badges: BADGES }, { base: live.version(), source: 'console', actor: 'test' })
    }
  })

  it('leave out of the member a badge the program no longer has', async () => {
    const { member, token } = await signUp(server)
    await order(server, member, 10, 'ord_' + randomUUID())
    const live = server.deps.program
    await live.save({ ...base, badges: BADGES.filter((b) => b.id != 'first-order') }, { base: live.version(), source: 'console', actor: 'test' })
    try {
      expect(ids(await me(server, token))).toEqual(['bronze'])
    } finally {
      await live.save({ ...base, badges: BADGES }, { base: live.version(), source: 'console', actor: 'test' })
    }
    expect(ids(await me(server, token))).toEqual(['bronze', 'first-order'])
  })
})

describe('anniversary', () => {
  it('is the same day and time years later; 29 February falls on the 28th', () => {
    expect(anniversary('2024-05-17T10:11:12.345Z', 1)).toBe('2025-05-17T10:11:12.345Z')
    expect(anniversary('2024-02-29T08:00:00.000Z', 1)).toBe('2025-02-28T08:00:00.000Z')
    expect(anniversary('2024-02-29T08:00:00.000Z', 4)).toBe('2028-02-29T08:00:00.000Z')
    expect(anniversary('2025-03-01T00:00:00.000Z', -1)).toBe('2024-03-01T00:00:00.000Z')
  })
})
