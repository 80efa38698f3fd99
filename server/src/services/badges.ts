/**
 * Badges: achievements a member earns once and keeps. Each is stored when earned, in the
 * transaction of the act that earned it (an order, a completed referral, a birthday given, points
 * earned), with `member.badge_earned` announced in that transaction. Every act of a member looks
 * at all the program's badges, so a badge added to the program later is earned at the member's
 * next act, dated when the member first qualified. Years of membership need no act: the sweep
 * stores them, and a member's view shows them from the anniversary on.
 */
import type { EarnedBadge } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import type { BadgeDef, ProgramDef } from '../program/program.ts'
import { badgeFacts, earnedPointsReachedAt, insertBadges, membersWithout, nthOrderAt, nthReferralAt, type BadgeFacts } from '../repositories/badges.ts'
import { EARNING_TYPES, pointsOf } from '../repositories/ledger.ts'
import { emitAll, type OutboxEvent } from '../webhooks/outbox.ts'

/** `createdAt` plus `years`, on the same day and time (29 February: the 28th in a year without one). */
export function anniversary(createdAt: string, years: number): string {
  const at = new Date(createdAt)
  const month = at.getUTCMonth()
  at.setUTCFullYear(at.getUTCFullYear() + years)
  if (at.getUTCMonth() != month) at.setUTCDate(0)
  return at.toISOString()
}

/** The lifetime points a badge needs (lifetime_points and tier badges), else null. */
function threshold(def: ProgramDef, badge: BadgeDef): number | null {
  if (badge.kind == 'lifetime_points') return badge.count!
  if (badge.kind == 'tier') return def.tiers.find((t) => t.id == badge.tier)?.threshold ?? null
  return null
}

export interface LifetimeChange {
  before: number
  after: number
}

/**
 * When `badge` was earned, if the member has earned it: a date, `null` for now (this act earned
 * it), or undefined (not earned). `lifetime`: the member's lifetime points before and after this act.
 */
async function earnedAt(
  db: Db,
  def: ProgramDef,
  memberId: string,
  badge: BadgeDef,
  facts: BadgeFacts,
  lifetime: LifetimeChange,
  now: number,
): Promise<string | null | undefined> {
  switch (badge.kind) {
    case 'orders':
      return facts.orders >= badge.count! ? ((await nthOrderAt(db, memberId, badge.count!)) ?? undefined) : undefined
    case 'referrals':
      return facts.referrals >= badge.count! ? ((await nthReferralAt(db, memberId, badge.count!)) ?? undefined) : undefined
    case 'birthday':
      return facts.birthdayGivenAt ?? undefined
    case 'member_years': {
      const at = anniversary(facts.createdAt, badge.count!)
      return Date.parse(at) <= now ? at : undefined
    }
    case 'lifetime_points':
    case 'tier': {
      const points = threshold(def, badge)
      if (points === null || lifetime.after < points) return undefined
      if (points == 0) return facts.createdAt
      // Crossed by this act: now. Reached before the badge existed: when the earned points first added up to it.
      if (lifetime.before < points) return null
      return (await earnedPointsReachedAt(db, memberId, EARNING_TYPES, points)) ?? null
    }
  }
}

/**
 * Stores the badges the member (locked, or being created) has earned and not yet got, and answers
 * their `member.badge_earned` events for the caller to emit with the act's others. `lifetime`: the
 * member's lifetime points before and after the act, when the caller knows them.
 */
export async function earnBadges(tx: Db, def: ProgramDef, memberId: string, lifetime?: LifetimeChange): Promise<OutboxEvent[]> {
  if (!def.badges.length) return []
  const facts = await badgeFacts(tx, memberId)
  if (!facts) return []
  const missing = def.badges.filter((b) => !facts.earned.includes(b.id))
  if (!missing.length) return []
  let points = lifetime
  if (!points) {
    const known = (await pointsOf(tx, memberId)).lifetime
    points = { before: known, after: known }
  }
  const now = Date.now()
  const earned: { id: string; at: string | null }[] = []
  for (const badge of missing) {
    const at = await earnedAt(tx, def, memberId, badge, facts, points, now)
    if (at !== undefined) earned.push({ id: badge.id, at })
  }
  return badgeEvents(memberId, await insertBadges(tx, memberId, earned))
}

/** earnBadges for an act that announces nothing else: emits the events itself. */
export async function earnBadgesNow(tx: Db, def: ProgramDef, memberId: string): Promise<void> {
  await emitAll(tx, def.key, await earnBadges(tx, def, memberId))
}

const badgeEvents = (memberId: string, rows: { badge_id: string; earned_at: string }[]): OutboxEvent[] =>
  rows.map((r) => ({ type: 'member.badge_earned', data: { memberId, badgeId: r.badge_id, earnedAt: r.earned_at }, memberId }))

/**
 * The member's badges for the contract: the stored ones the program still has, and years of
 * membership from the anniversary on (the sweep stores them), oldest first.
 */
export function badgesView(def: ProgramDef, stored: readonly { badge_id: string; earned_at: string }[], createdAt: string, now = Date.now()): EarnedBadge[] {
  const out = new Map<string, string>()
  for (const row of stored) if (def.badges.some((b) => b.id == row.badge_id)) out.set(row.badge_id, row.earned_at)
  for (const badge of def.badges) {
    if (badge.kind != 'member_years' || out.has(badge.id)) continue
    const at = anniversary(createdAt, badge.count!)
    if (Date.parse(at) <= now) out.set(badge.id, at)
  }
  return [...out].map(([id, earnedAt]) => ({ id, earnedAt })).sort((a, b) => a.earnedAt.localeCompare(b.earnedAt) || a.id.localeCompare(b.id))
}

const BATCH = 500
/** Per run and badge, at most this many batches (the sweep comes again in minutes). */
const MAX_ROUNDS = 20

/** The sweep: stores (and announces) the years-of-membership badges members have reached. Answers how many. */
export async function runBadgeSweep(db: Db, def: ProgramDef, now = new Date()): Promise<number> {
  let stored = 0
  for (const badge of def.badges.filter((b) => b.kind == 'member_years')) {
    // Joined by this (a day's slack for 29 February): the anniversary below decides.
    const cutoff = anniversary(new Date(now.getTime() + 86_400_000).toISOString(), -badge.count!)
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const batch = await membersWithout(db, def.key, badge.id, cutoff, BATCH)
      const due = batch.filter((m) => Date.parse(anniversary(m.created_at, badge.count!)) <= now.getTime())
      // A transaction per member, as an act's own: the key makes each badge once whatever runs alongside.
      for (const m of due) {
        const at = anniversary(m.created_at, badge.count!)
        stored += await db.transaction(async (tx) => {
          const events = badgeEvents(m.id, await insertBadges(tx, m.id, [{ id: badge.id, at }]))
          await emitAll(tx, def.key, events)
          return events.length
        })
      }
      // Anniversaries follow joining dates: once one in the batch is not due, none after it is.
      if (batch.length < BATCH || due.length < batch.length) break
    }
  }
  return stored
}
