/**
 * What the shopper's widget last showed (`seen` on the member): a page load tells what arrived since
 * (points, a tier, a badge) from it, with nothing stored in the browser. Recorded by each answer of
 * the shopper's routes; their own redemptions and claims count as seen; in the data export; gone with
 * an erasure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MemberExport } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, me, order, signUp, start, storeCall } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(async () => {
  await server?.close()
})

const ids = (badges: { id: string }[] | undefined) => (badges ?? []).map((b) => b.id).sort()

describe('the member as last shown', () => {
  it('is absent until the widget has shown the member, then what it showed, until something arrives', async () => {
    const { member, token } = await signUp(server)
    // The sign-up's answer is the first the widget shows.
    expect(member.seen).toBeUndefined()
    const first = await me(server, token)
    expect(first.seen).toEqual({ balance: member.balance, tier: member.tier, badges: member.badges })
    // Nothing new: the same again.
    expect((await me(server, token)).seen).toEqual(first.seen)

    // 600 points arrive from an order while no page is open: balance, tier and the first-order badge are news.
    await order(server, member, 600)
    const later = await me(server, token)
    expect(later.balance).toBe(member.balance + 600)
    expect(later.tier.id).toBe('silver')
    expect(later.seen).toEqual({ balance: member.balance, tier: { id: 'bronze', name: 'Bronze' }, badges: member.badges })
    expect(ids(later.badges)).toContain('first-order')
    // Told once: the next page load has nothing new.
    expect((await me(server, token)).seen).toEqual({ balance: later.balance, tier: later.tier, badges: later.badges })
  })

  it('tells news to one of several pages loading at the same moment, and nothing to the others', async () => {
    const { member, token } = await signUp(server)
    const shown = await me(server, token)
    await order(server, member, 600)
    const pages = await Promise.all(Array.from({ length: 6 }, () => me(server, token)))
    for (const page of pages) expect(page.balance).toBe(shown.balance + 600)
    const told = pages.filter((page) => page.seen!.balance != page.balance)
    expect(told).toHaveLength(1)
    expect(told[0]!.seen).toEqual({ balance: shown.balance, tier: shown.tier, badges: shown.badges })
    // The others saw it as told: nothing new in balance, tier or badges.
    for (const page of pages.filter((p) => p != told[0])) expect(page.seen).toEqual({ balance: page.balance, tier: page.tier, badges: page.badges })
  })

  it('tells a badge stored after the last page even when it is dated before it (a badge the program added later)', async () => {
    const { member, token } = await signUp(server)
    const shown = await me(server, token)
    expect(shown.badges ?? []).toEqual([])
    // Stored now, dated a month back: when the member first qualified.
    const at = new Date(Date.now() - 30 * 86_400_000).toISOString()
    await server.db.query('INSERT INTO member_badges (member_id, badge_id, earned_at) VALUES ($1, $2, $3)', [member.id, 'first-order', at])
    const next = await me(server, token)
    expect(ids(next.badges)).toEqual(['first-order'])
    expect(next.seen!.badges).toEqual([])
  })

  it('counts the shopper’s own redemptions and claims as seen, and still tells what arrived besides', async () => {
    const { member, token } = await signUp(server)
    await order(server, member, 500)
    const shown = await me(server, token)
    const redeemed = await call(server, '/v1/members/me/redemptions', { token, body: { rewardId: 'donate-backpacks' } })
    expect(redeemed.status).toBe(201)
    const claimed = await call(server, '/v1/members/me/claims', { token, body: { ruleId: 'newsletter' } })
    expect(claimed.status).toBe(201)
    await order(server, member, 30)
    const next = await me(server, token)
    // Spent 100 and claimed 25 in the widget, both seen there; the order's 45 points (€30 at Silver's ×1.5) are news.
    expect(next.seen!.balance).toBe(shown.balance - 100 + 25)
    expect(next.balance).toBe(next.seen!.balance + 45)
  })

  it('is in the data export, and goes with an erasure', async () => {
    const { member, token } = await signUp(server)
    const shown = await me(server, token)
    const exported = (await (await storeCall(server, `/v1/members/${member.id}/export`)).json()) as MemberExport
    expect(exported.member.seen).toEqual({ at: expect.any(String), balance: shown.balance, tier: shown.tier.id, badges: [] })
    expect(Date.parse(exported.member.seen!.at)).toBeGreaterThanOrEqual(Date.parse(member.createdAt))
    const erased = await call(server, '/v1/members/me/erasure', { token, body: { confirm: 'erase' } })
    expect(erased.status).toBe(200)
    const [row] = await server.db.query<Record<string, unknown>>('SELECT seen_at, seen_balance, seen_tier FROM members WHERE id = $1', [member.id])
    expect(row).toEqual({ seen_at: null, seen_balance: null, seen_tier: null })
  })
})
