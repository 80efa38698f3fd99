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
  const [members] = await db.query<Record<string, unknown>>(
    `SELECT count(*) FILTER (WHERE created_at < $3) AS total, count(*) FILTER (WHERE created_at >= $2 AND created_at < $3) AS new
       FROM members WHERE program_key = $1 AND erased_at IS NULL`,
    p,
  )
  const [points] = await db.query<Record<string, unknown>>(
    `SELECT count(DISTINCT l.member_id) FILTER (WHERE l.type IN ('signup', 'purchase', 'claim', 'redemption', 'referral')) AS active,
            COALESCE(SUM(l.points) FILTER (WHERE l.points > 0), 0) AS issued,
            COALESCE(-SUM(l.points) FILTER (WHERE l.type = 'redemption'), 0) AS redeemed,
            COALESCE(-SUM(l.points) FILTER (WHERE l.type = 'expiry'), 0) AS expired,
            count(*) FILTER (WHERE l.type = 'referral') AS referrals
       FROM ledger l JOIN members m ON m.id = l.member_id
      WHERE m.program_key = $1 AND l.created_at >= $2 AND l.created_at < $3`,
    p,
  )
  const [outstanding] = await db.query<{ points: unknown }>(
    `SELECT COALESCE(SUM(l.points), 0) AS points FROM ledger l JOIN members m ON m.id = l.member_id WHERE m.program_key = $1`,
    [def.key],
  )
  const orders = await db.query<{ member: boolean; customers: unknown; repeat: unknown; average: unknown }>(
    `SELECT member, count(*) AS customers, count(*) FILTER (WHERE orders > 1) AS repeat, SUM(amount) / NULLIF(SUM(orders), 0) AS average
       FROM (SELECT member_id IS NOT NULL AS member, COALESCE(member_id, email, customer_id, id) AS who, count(*) AS orders, SUM(amount) AS amount
               FROM orders WHERE program_key = $1 AND placed_at >= $2 AND placed_at < $3 GROUP BY 1, 2) o
      GROUP BY member`,
    p,
  )
  const tierCounts = await db.query<{ tier: unknown; members: unknown }>(
    `SELECT (SELECT count(*) FROM unnest($2::bigint[]) th WHERE th <= lifetime) AS tier, count(*) AS members
       FROM (SELECT m.id, GREATEST(0, COALESCE(e.earned, 0) - COALESCE(o.reversed, 0) - m.lifetime_reversed) AS lifetime
               FROM members m
               LEFT JOIN (SELECT member_id, SUM(points) AS earned FROM ledger WHERE points > 0 AND type = ANY($3::text[]) GROUP BY member_id) e ON e.member_id = m.id
               LEFT JOIN (SELECT member_id, SUM(points_reversed) AS reversed FROM orders WHERE member_id IS NOT NULL GROUP BY member_id) o ON o.member_id = m.id
              WHERE m.program_key = $1 AND m.erased_at IS NULL) x
      GROUP BY 1`,
    [def.key, def.tiers.map((t) => t.threshold), EARNING_TYPES],
  )
  const rewards = await db.query<{ reward_id: string; redemptions: unknown; points: unknown }>(
    `SELECT r.reward_id, count(*) AS redemptions, SUM(r.points) AS points FROM redemptions r JOIN members m ON m.id = r.member_id
      WHERE m.program_key = $1 AND r.kind = 'reward' AND r.created_at >= $2 AND r.created_at < $3
      GROUP BY r.reward_id ORDER BY count(*) DESC, r.reward_id LIMIT 5`,
    p,
  )
  const daily = await db.query<{ date: string; signups: unknown; issued: unknown; redeemed: unknown }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS date,
            (SELECT count(*) FROM members WHERE program_key = $1 AND created_at >= d AND created_at < d + interval '1 day') AS signups,
            COALESCE(SUM(l.points) FILTER (WHERE l.points > 0), 0) AS issued,
            COALESCE(-SUM(l.points) FILTER (WHERE l.type = 'redemption'), 0) AS redeemed
       FROM generate_series(date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC'), date_trunc('day', $3::timestamptz AT TIME ZONE 'UTC'), interval '1 day') d
       LEFT JOIN ledger l ON l.created_at >= d AT TIME ZONE 'UTC' AND l.created_at < (d + interval '1 day') AT TIME ZONE 'UTC'
            AND l.member_id IN (SELECT id FROM members WHERE program_key = $1)
      GROUP BY d ORDER BY d`,
    p,
  )
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
    daily: daily.map((d) => ({ date: d.date, signups: n(d.signups), pointsIssued: n(d.issued), pointsRedeemed: n(d.redeemed) })),
  }
}
