/**
 * Every change of a balance goes through here: the ledger entry, settling points
 * owed after a refund (each later credit pays them first), the badges the change
 * earns, and the webhooks `points.changed`, `tier.changed` and `member.badge_earned`
 * in the same transaction.
 */
import type { Db } from '../db/index.ts'
import { tierFor, type ProgramDef } from '../program/program.ts'
import { addEntry, pointsOf, settleOwed, type LedgerEntry } from '../repositories/ledger.ts'
import { emitAll, type OutboxEvent } from '../webhooks/outbox.ts'
import { earnBadges } from './badges.ts'

export interface Points {
  balance: number
  lifetime: number
}

export interface PointsChanged extends Points {
  /** The new entry (null for 0 points). */
  entry: { id: string; created_at: string } | null
  tier: { id: string }
}

/**
 * Adds `e` (the member row must be locked by the caller's transaction) and announces it.
 * `newMember`: the member was created in this transaction (no points, nothing owed), which
 * saves the sign-up three round trips.
 */
export async function changePoints(tx: Db, def: ProgramDef, e: LedgerEntry, o: { newMember?: boolean; also?: OutboxEvent[] } = {}): Promise<PointsChanged> {
  const before = o.newMember ? { balance: 0, lifetime: 0 } : await pointsOf(tx, e.memberId)
  const entry = await addEntry(tx, e)
  if (e.points > 0 && !o.newMember) {
    const settled = await settleOwed(tx, e.memberId, e.points)
    if (settled > 0) await addEntry(tx, { memberId: e.memberId, type: 'refund', points: -settled, reason: 'owed', orderId: e.orderId })
  }
  const after = o.newMember ? { balance: e.points, lifetime: e.points } : undefined
  return { ...(await announce(tx, def, e.memberId, before, { type: e.type, points: e.points, orderId: e.orderId }, after, o.also)), entry }
}

/**
 * Webhooks for a change already written (`before`: the points before it; `known`: after it,
 * when the caller knows), with `also`, the change's other events, in one statement.
 */
export async function announce(
  tx: Db,
  def: ProgramDef,
  memberId: string,
  before: Points,
  change: { type: string; points: number; orderId?: string },
  known?: Points,
  also: OutboxEvent[] = [],
): Promise<Points & { tier: { id: string } }> {
  const after = known ?? (await pointsOf(tx, memberId))
  const from = tierFor(def, before.lifetime).tier
  const to = tierFor(def, after.lifetime).tier
  const events = [...also]
  if (after.balance != before.balance || change.points != 0) {
    const data = {
      memberId,
      type: change.type,
      points: after.balance - before.balance,
      balance: after.balance,
      lifetimePoints: after.lifetime,
      ...(change.orderId && { orderId: change.orderId }),
    }
    events.push({ type: 'points.changed', data, memberId })
  }
  if (from.id != to.id) events.push({ type: 'tier.changed', data: { memberId, from: from.id, to: to.id }, memberId })
  // Every act of a member may earn a badge (a badge the program added since, too).
  events.push(...(await earnBadges(tx, def, memberId, { before: before.lifetime, after: after.lifetime })))
  await emitAll(tx, def.key, events)
  return { ...after, tier: { id: to.id } }
}
