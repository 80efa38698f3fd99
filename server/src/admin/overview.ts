/**
 * The console's Overview: the program's health over a period, computed in SQL over
 * the ledger, members and orders (a handful of aggregate queries, each one pass).
 * Definitions live with the console's figures (server/admin/src/i18n.ts).
 */
import type { Db } from '../db/index.ts'
import { localize } from '../program/i18n.ts'
import type { ProgramDef } from '../program/program.ts'
import { EARNING_TYPES } from '../repositories/ledger.ts'

export interface Overview {
  from: string
  to: string
  currency: string
  figures: {
    members: { total: number; new: number }
    activeMembers: number
    pointsIssued: number
    pointsRedeemed: number
    pointsExpired: number
    outstandingPoints: number
    /** Outstanding points at the best rate a reward pays (money), or null without a money reward. */
    liability: number | null
    redemptionRate: number | null
    repeatPurchase: { members: number | null; guests: number | null }
    averageOrder: { members: number | null; guests: number | null }
    referralConversions: number
  }
  tiers: { id: string; name: string; members: number }[]
  topRewards: { id: string; name: string; redemptions: number; points: number }[]
  daily: { date: string; signups: number; pointsIssued: number; pointsRedeemed: number }[]
}

const n = (x: unknown) => Number(x ?? 0)
const ratio = (a: number, b: number) => (b > 0 ? a / b : null)

export async function overview(db: Db, def: ProgramDef, language: string, days: number, now = new Date()): Promise<Overview> {
  const to = now.toISOString()
  const from = new Date(now.getTime() - days * 86_400_000).toISOString()
  const p = [def.key, from, to]
  // Independent aggregates, run at once (PostgreSQL spreads them over the pool; PGlite takes them in turn).
  const [[members], [points], [outstanding], orders, tierCounts, rewards, ledgerDays, signupDays] = await Promise.all([
    db.query<Record<string, unknown>>(
      `SELECT count(*) FILTER (WHERE created_at < $3) AS total, count(*) FILTER (WHERE created_at >= $2 AND created_at < $3) AS new
         FROM members WHERE program_key = $1 AND erased_at IS NULL`,
      p,
    ),
    db.query<Record<string, unknown>>(
      `SELECT count(DISTINCT l.member_id) FILTER (WHERE l.type IN ('signup', 'purchase', 'claim', 'redemption', 'referral')) AS active,
              COALESCE(SUM(l.points) FILTER (WHERE l.points > 0), 0) AS issued,
              COALESCE(-SUM(l.points) FILTER (WHERE l.type = 'redemption'), 0) AS redeemed,
              COALESCE(-SUM(l.points) FILTER (WHERE l.type = 'expiry'), 0) AS expired,
              count(*) FILTER (WHERE l.type = 'referral') AS referrals
         FROM ledger l JOIN members m ON m.id = l.member_id
        WHERE m.program_key = $1 AND l.created_at >= $2 AND l.created_at < $3`,
      p,
    ),
    db.query<{ points: unknown }>(
      `SELECT COALESCE(SUM(l.points), 0) AS points FROM ledger l JOIN members m ON m.id = l.member_id WHERE m.program_key = $1`,
      [def.key],
    ),
    db.query<{ member: boolean; customers: unknown; repeat: unknown; average: unknown }>(
      `SELECT member, count(*) AS customers, count(*) FILTER (WHERE orders > 1) AS repeat, SUM(amount) / NULLIF(SUM(orders), 0) AS average
         FROM (SELECT member_id IS NOT NULL AS member, COALESCE(member_id, email, customer_id, id) AS who, count(*) AS orders, SUM(amount) AS amount
                 FROM orders WHERE program_key = $1 AND placed_at >= $2 AND placed_at < $3 GROUP BY 1, 2) o
        GROUP BY member`,
      p,
    ),
    db.query<{ tier: unknown; members: unknown }>(
      `SELECT (SELECT count(*) FROM unnest($2::bigint[]) th WHERE th <= lifetime) AS tier, count(*) AS members
         FROM (SELECT m.id, GREATEST(0, COALESCE(e.earned, 0) - COALESCE(o.reversed, 0) - m.lifetime_reversed) AS lifetime
                 FROM members m
                 LEFT JOIN (SELECT member_id, SUM(points) AS earned FROM ledger WHERE points > 0 AND type = ANY($3::text[]) GROUP BY member_id) e ON e.member_id = m.id
                 LEFT JOIN (SELECT member_id, SUM(points_reversed) AS reversed FROM orders WHERE member_id IS NOT NULL GROUP BY member_id) o ON o.member_id = m.id
                WHERE m.program_key = $1 AND m.erased_at IS NULL) x
        GROUP BY 1`,
      [def.key, def.tiers.map((t) => t.threshold), EARNING_TYPES],
    ),
    db.query<{ reward_id: string; redemptions: unknown; points: unknown }>(
      `SELECT r.reward_id, count(*) AS redemptions, SUM(r.points) AS points FROM redemptions r JOIN members m ON m.id = r.member_id
        WHERE m.program_key = $1 AND r.kind = 'reward' AND r.created_at >= $2 AND r.created_at < $3
        GROUP BY r.reward_id ORDER BY count(*) DESC, r.reward_id LIMIT 5`,
      p,
    ),
    // Per day: one grouped pass over the period's ledger and one over its sign-ups, merged below.
    db.query<{ day: string; issued: unknown; redeemed: unknown }>(
      `SELECT to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              COALESCE(SUM(l.points) FILTER (WHERE l.points > 0), 0) AS issued, COALESCE(-SUM(l.points) FILTER (WHERE l.type = 'redemption'), 0) AS redeemed
         FROM ledger l JOIN members m ON m.id = l.member_id
        WHERE m.program_key = $1 AND l.created_at >= $2 AND l.created_at < $3 GROUP BY 1`,
      p,
    ),
    db.query<{ day: string; signups: unknown }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS signups
         FROM members WHERE program_key = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
      p,
    ),
  ])
  const daily: Overview['daily'] = []
  for (let t = Date.parse(from.slice(0, 10)); t <= Date.parse(to.slice(0, 10)); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10)
    const l = ledgerDays.find((d) => d.day == date)
    daily.push({ date, signups: n(signupDays.find((d) => d.day == date)?.signups), pointsIssued: n(l?.issued), pointsRedeemed: n(l?.redeemed) })
  }
  const byMember = (member: boolean) => orders.find((o) => o.member == member)
  const issued = n(points?.issued)
  const outstandingPoints = n(outstanding?.points)
  // The best rate a money reward pays per point: what the outstanding points could cost the store.
  const rates = def.rewards.filter((r) => r.kind == 'amount_off' && r.value).map((r) => r.value! / r.cost)
  const money = (x: unknown) => (x === null || x === undefined ? null : Math.round(Number(x) * 100) / 100)
  return {
    from,
    to,
    currency: def.currency,
    figures: {
      members: { total: n(members?.total), new: n(members?.new) },
      activeMembers: n(points?.active),
      pointsIssued: issued,
      pointsRedeemed: n(points?.redeemed),
      pointsExpired: n(points?.expired),
      outstandingPoints,
      liability: rates.length ? money(outstandingPoints * Math.max(...rates)) : null,
      redemptionRate: ratio(n(points?.redeemed), issued),
      repeatPurchase: { members: ratio(n(byMember(true)?.repeat), n(byMember(true)?.customers)), guests: ratio(n(byMember(false)?.repeat), n(byMember(false)?.customers)) },
      averageOrder: { members: money(byMember(true)?.average), guests: money(byMember(false)?.average) },
      referralConversions: n(points?.referrals),
    },
    tiers: def.tiers.map((t, i) => ({ id: t.id, name: localize(t.name, language), members: n(tierCounts.find((c) => n(c.tier) == i + 1)?.members) })),
    topRewards: rewards.map((r) => {
      const reward = def.rewards.find((x) => x.id == r.reward_id)
      return { id: r.reward_id, name: reward ? localize(reward.name, language) : r.reward_id, redemptions: n(r.redemptions), points: n(r.points) }
    }),
    daily,
  }
}

/** How old a computed Overview may be before it is computed again (in the background). */
export const OVERVIEW_MAX_AGE_MS = 5 * 60_000

export interface OverviewCache {
  /** The Overview of `days`, with when it was computed: a fresh one when asked, else the latest (stale ones refresh behind it). */
  get(days: number, language: string, fresh?: boolean): Promise<Overview & { computedAt: string }>
}

/**
 * On a large program the figures take seconds of database time (whole-ledger
 * aggregates): the page is answered from the latest computation, at most a few
 * minutes old, while a new one runs; "refresh" asks for a fresh one.
 */
export function overviewCache(db: Db, def: ProgramDef): OverviewCache {
  const cache = new Map<string, { at: number; value: Promise<Overview> }>()
  const compute = (key: string, days: number, language: string) => {
    const entry = { at: Date.now(), value: overview(db, def, language, days) }
    entry.value.catch(() => cache.get(key) === entry && cache.delete(key))
    cache.set(key, entry)
    return entry
  }
  return {
    async get(days, language, fresh = false) {
      const key = `${days}:${language}`
      let entry = cache.get(key)
      if (!entry || fresh) entry = compute(key, days, language)
      else if (Date.now() - entry.at > OVERVIEW_MAX_AGE_MS) {
        // Stale: answer what we have (unless it is still being computed) and compute again behind it.
        const previous = entry
        const next = compute(key, days, language)
        next.value.catch(() => cache.set(key, previous))
      }
      const value = await entry.value
      return { ...value, computedAt: new Date(entry.at).toISOString() }
    },
  }
}
