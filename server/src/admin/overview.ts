/**
 * The console's Overview: the program's health over a period, computed in SQL from
 * per-member and per-day sums rolled up from the ledger (plus its rows since), and
 * the period's orders and redemptions.
 * Definitions live with the console's figures (server/admin/src/i18n.ts).
 */
import type { Logger } from 'pino'
import type { Db } from '../db/index.ts'
import { localize } from '../program/i18n.ts'
import type { ProgramDef } from '../program/program.ts'
import { ACTIVE_TYPES, EARNING_TYPES } from '../repositories/ledger.ts'

export interface Overview {
  from: string
  to: string
  currency: string
  figures: {
    members: { total: number; new: number }
    /** Guests who opened the widget's panel (once per page), and sign-ups per such open (over the days opens were counted). */
    widgetOpens: number
    signupConversion: number | null
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
  daily: { date: string; opens: number; signups: number; pointsIssued: number; pointsRedeemed: number }[]
}

const n = (x: unknown) => Number(x ?? 0)
const ratio = (a: number, b: number) => (b > 0 ? a / b : null)
const DAY = 86_400_000
/** A day is rolled up this long after it ended: a transaction that began before midnight has committed by then. */
const ROLL_UP_AFTER_MS = 60 * 60_000
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10)
const startOfDay = (t: number) => Math.floor(t / DAY) * DAY

/** One roll-up statement covers at most this much history: each stays well inside the statement timeout. */
const WINDOW_MS = 31 * DAY

/**
 * Rolls up every closed day not yet in `overview_days` (its sign-ups and points), from
 * the program's first member on, a month per statement. Run by the sweep, and by the
 * Overview before it reads. Another replica doing the same at once is harmless (the same
 * rows, inserted once).
 */
export async function rollUpDays(db: Db, programKey: string, now = new Date()): Promise<number> {
  // The day after the last one rolled up; only before the first roll-up, the first member's day
  // (COALESCE stops at its first value, so the sweep does not scan the members every time).
  const [span] = await db.query<{ start: string | null }>(
    `SELECT COALESCE((SELECT to_char(max(day) + 1, 'YYYY-MM-DD') FROM overview_days WHERE program_key = $1),
                     (SELECT to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM members WHERE program_key = $1)) AS start`,
    [programKey],
  )
  if (!span?.start) return 0
  // Closed days only, and only once the grace after midnight is over.
  const to = startOfDay(now.getTime() - ROLL_UP_AFTER_MS)
  let added = 0
  for (let from = Date.parse(span.start); from < to; from += WINDOW_MS) {
    const until = Math.min(to, from + WINDOW_MS)
    // The days as UTC wall-clock timestamps: a series of timestamptz would follow the session's
    // time zone across daylight-saving changes and skip or repeat a UTC day.
    const rows = await db.query(
      `INSERT INTO overview_days (program_key, day, signups, issued, redeemed, expired, referrals)
       SELECT $1, d.day, COALESCE(s.signups, 0), COALESCE(l.issued, 0), COALESCE(l.redeemed, 0), COALESCE(l.expired, 0), COALESCE(l.referrals, 0)
         FROM (SELECT t::date AS day FROM generate_series($2::timestamptz AT TIME ZONE 'UTC', ($3::timestamptz AT TIME ZONE 'UTC') - interval '1 day', interval '1 day') t) d
         LEFT JOIN (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS signups
                      FROM members WHERE program_key = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1) s ON s.day = d.day
         LEFT JOIN (SELECT (l.created_at AT TIME ZONE 'UTC')::date AS day,
                           SUM(l.points) FILTER (WHERE l.points > 0) AS issued, -SUM(l.points) FILTER (WHERE l.type = 'redemption') AS redeemed,
                           -SUM(l.points) FILTER (WHERE l.type = 'expiry') AS expired, count(*) FILTER (WHERE l.type = 'referral') AS referrals
                      FROM ledger l JOIN members m ON m.id = l.member_id
                     WHERE m.program_key = $1 AND l.created_at >= $2 AND l.created_at < $3 GROUP BY 1) l ON l.day = d.day
       ON CONFLICT (program_key, day) DO NOTHING RETURNING day`,
      [programKey, new Date(from).toISOString(), new Date(until).toISOString()],
    )
    added += rows.length
  }
  return added
}

/**
 * Ledger rows this old have committed: a transaction here lasts seconds, and the database's
 * limits (at most 10 minutes a statement, with the longest takeover time) end it well before.
 */
const MEMBER_ROLL_UP_LAG_MS = 60 * 60_000
// Fixed type names, quoted once for the SQL below.
const list = (types: readonly string[]) => types.map((t) => `'${t}'`).join(', ')
const EARNING = list(EARNING_TYPES)
const ACTIVE = list(ACTIVE_TYPES)
/** Per member, the sums of the program's ($1) ledger rows created in [from, to), two SQL expressions. */
const memberSums = (from: string, to: string) => `SELECT l.member_id, SUM(l.points) AS total,
       COALESCE(SUM(l.points) FILTER (WHERE l.points > 0 AND l.type IN (${EARNING})), 0) AS earned,
       MAX(l.created_at) FILTER (WHERE l.type IN (${ACTIVE})) AS active_at
  FROM ledger l JOIN members m ON m.id = l.member_id
 WHERE m.program_key = $1 AND l.created_at >= ${from} AND l.created_at < ${to} GROUP BY l.member_id`
/** Where the program's roll-up stands: rows created before it are in member_points. */
const MARK = `COALESCE((SELECT through FROM member_points_mark WHERE program_key = $1), '-infinity')`

/**
 * Adds to member_points the ledger rows created since the last roll-up and more than an
 * hour ago, a month of them per transaction, moving the mark each time: with the mark row
 * locked, so two replicas never add the same rows twice. The mark starts at the program's
 * first member (no ledger row is older than its member). Run by the sweep, and by the
 * Overview before it reads.
 */
export async function rollUpMembers(db: Db, programKey: string, now = new Date()): Promise<number> {
  const cutoff = now.getTime() - MEMBER_ROLL_UP_LAG_MS
  let added = 0
  for (;;) {
    const step = await db.transaction(async (tx) => {
      const lockMark = () =>
        tx.query<{ through: string }>(
          `SELECT to_char(through AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS through FROM member_points_mark WHERE program_key = $1 FOR UPDATE`,
          [programKey],
        )
      let [mark] = await lockMark()
      if (!mark) {
        // The first roll-up of this program: the mark starts at its first member.
        await tx.query(
          `INSERT INTO member_points_mark (program_key, through)
           SELECT $1, COALESCE(min(created_at), $2::timestamptz) FROM members WHERE program_key = $1
           ON CONFLICT (program_key) DO NOTHING`,
          [programKey, new Date(cutoff).toISOString()],
        )
        ;[mark] = await lockMark()
      }
      const through = Date.parse(mark!.through)
      if (!(through < cutoff)) return null
      const until = new Date(Math.min(cutoff, through + WINDOW_MS)).toISOString()
      const rows = await tx.query(
        `INSERT INTO member_points AS p (member_id, total, earned, active_at)
         SELECT s.member_id, s.total, s.earned, s.active_at
           FROM (${memberSums(MARK, '$2')}) s
         ON CONFLICT (member_id) DO UPDATE SET total = p.total + EXCLUDED.total, earned = p.earned + EXCLUDED.earned,
            active_at = GREATEST(p.active_at, EXCLUDED.active_at)
         RETURNING member_id`,
        [programKey, until],
      )
      await tx.query('UPDATE member_points_mark SET through = $2 WHERE program_key = $1', [programKey, until])
      return rows.length
    })
    if (step === null) return added
    added += step
  }
}

/** The period's figures as the database sums them: members and points, the rolled-up days, orders, tiers, top rewards and widget opens. */
async function readPeriod(db: Db, def: ProgramDef, from: string, to: string) {
  const p = [def.key, from, to]
  const [[members], rolledRows, orders, tierCounts, rewards, opens] = await Promise.all([
    db.query<Record<string, unknown>>(
      `WITH recent AS (${memberSums(MARK, '$4')})
       SELECT count(*) FILTER (WHERE m.erased_at IS NULL) AS total, count(*) FILTER (WHERE m.erased_at IS NULL AND m.created_at >= $2) AS new,
              count(*) FILTER (WHERE GREATEST(p.active_at, r.active_at) >= $2) AS active,
              COALESCE(SUM(COALESCE(p.total, 0) + COALESCE(r.total, 0)), 0) AS outstanding
         FROM members m LEFT JOIN member_points p ON p.member_id = m.id LEFT JOIN recent r ON r.member_id = m.id
        WHERE m.program_key = $1 AND m.created_at < $3`,
      [...p, to],
    ),
    // The period's rolled-up days and, in the same statement (one snapshot), the day after the last
    // one rolled up: from there on (today, and yesterday in its first hour) the ledger is read.
    db.query<{ day: string | null; signups: unknown; issued: unknown; redeemed: unknown; expired: unknown; referrals: unknown; since: string }>(
      `WITH last AS (SELECT max(day) AS day FROM overview_days WHERE program_key = $1)
       SELECT to_char(o.day, 'YYYY-MM-DD') AS day, o.signups, o.issued, o.redeemed, o.expired, o.referrals,
              to_char(COALESCE(last.day + 1, ($2::timestamptz AT TIME ZONE 'UTC')::date), 'YYYY-MM-DD') AS since
         FROM last LEFT JOIN overview_days o ON o.program_key = $1 AND o.day >= ($2::timestamptz AT TIME ZONE 'UTC')::date`,
      [def.key, from],
    ),
    db.query<{ member: boolean; customers: unknown; repeat: unknown; average: unknown }>(
      `SELECT member, count(*) AS customers, count(*) FILTER (WHERE orders > 1) AS repeat, SUM(amount) / NULLIF(SUM(orders), 0) AS average
         FROM (SELECT member_id IS NOT NULL AS member, COALESCE(member_id, email, customer_id, id) AS who, count(*) AS orders, SUM(amount) AS amount
                 FROM orders WHERE program_key = $1 AND placed_at >= $2 AND placed_at < $3 GROUP BY 1, 2) o
        GROUP BY member`,
      p,
    ),
    db.query<{ tier: unknown; members: unknown }>(
      `WITH recent AS (${memberSums(MARK, '$3')})
       SELECT (SELECT count(*) FROM unnest($2::bigint[]) th WHERE th <= lifetime) AS tier, count(*) AS members
         FROM (SELECT GREATEST(0, COALESCE(p.earned, 0) + COALESCE(r.earned, 0) - COALESCE(o.reversed, 0) - m.lifetime_reversed) AS lifetime
                 FROM members m
                 LEFT JOIN member_points p ON p.member_id = m.id
                 LEFT JOIN recent r ON r.member_id = m.id
                 LEFT JOIN (SELECT member_id, SUM(points_reversed) AS reversed FROM orders
                             WHERE program_key = $1 AND member_id IS NOT NULL AND points_reversed > 0 GROUP BY member_id) o ON o.member_id = m.id
                WHERE m.program_key = $1 AND m.erased_at IS NULL) x
        GROUP BY 1`,
      [def.key, def.tiers.map((t) => t.threshold), to],
    ),
    db.query<{ reward_id: string; redemptions: unknown; points: unknown }>(
      `SELECT r.reward_id, count(*) AS redemptions, SUM(r.points) AS points FROM redemptions r JOIN members m ON m.id = r.member_id
        WHERE m.program_key = $1 AND r.kind = 'reward' AND r.created_at >= $2 AND r.created_at < $3
        GROUP BY r.reward_id ORDER BY count(*) DESC, r.reward_id LIMIT 5`,
      p,
    ),
    // With the first day opens were counted at all: conversion compares sign-ups of those days only.
    db.query<{ day: string; opens: unknown; first: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, opens,
              (SELECT to_char(min(day), 'YYYY-MM-DD') FROM widget_opens WHERE program_key = $1) AS first
         FROM widget_opens WHERE program_key = $1 AND day >= ($2::timestamptz AT TIME ZONE 'UTC')::date`,
      [def.key, from],
    ),
  ])
  return { members, rolledRows, orders, tierCounts, rewards, opens }
}

type PeriodRows = Awaited<ReturnType<typeof readPeriod>>

/**
 * Day by day: the rolled-up days, and the ledger and sign-ups read live from the day after the last
 * one rolled up; with the period's sums, sign-ups counted only over the days opens were counted.
 */
async function dailySeries(db: Db, programKey: string, from: string, to: string, rolledRows: PeriodRows['rolledRows'], opens: PeriodRows['opens']) {
  const rolled = rolledRows.filter((r) => r.day !== null)
  const since = new Date(Math.max(Date.parse(rolledRows[0]?.since ?? from.slice(0, 10)), Date.parse(from))).toISOString()
  const countingSince = opens[0]?.first ?? null
  const [recent, recentSignups] = await Promise.all([
    db.query<{ day: string; issued: unknown; redeemed: unknown; expired: unknown; referrals: unknown }>(
      `SELECT to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              SUM(l.points) FILTER (WHERE l.points > 0) AS issued, -SUM(l.points) FILTER (WHERE l.type = 'redemption') AS redeemed,
              -SUM(l.points) FILTER (WHERE l.type = 'expiry') AS expired, count(*) FILTER (WHERE l.type = 'referral') AS referrals
         FROM ledger l JOIN members m ON m.id = l.member_id
        WHERE m.program_key = $1 AND l.created_at >= $2 AND l.created_at < $3 GROUP BY 1`,
      [programKey, since, to],
    ),
    db.query<{ day: string; signups: unknown }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS signups
         FROM members WHERE program_key = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1`,
      [programKey, since, to],
    ),
  ])
  const daily: Overview['daily'] = []
  const sum = { issued: 0, redeemed: 0, expired: 0, referrals: 0, opens: 0, signupsWhileCounting: 0 }
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY) {
    const date = dayOf(t)
    const d = rolled.find((r) => r.day == date) ?? recent.find((r) => r.day == date)
    const signups = rolled.find((r) => r.day == date)?.signups ?? recentSignups.find((r) => r.day == date)?.signups
    const opened = n(opens.find((r) => r.day == date)?.opens)
    daily.push({ date, opens: opened, signups: n(signups), pointsIssued: n(d?.issued), pointsRedeemed: n(d?.redeemed) })
    sum.opens += opened
    if (countingSince && date >= countingSince) sum.signupsWhileCounting += n(signups)
    sum.issued += n(d?.issued)
    sum.redeemed += n(d?.redeemed)
    sum.expired += n(d?.expired)
    sum.referrals += n(d?.referrals)
  }
  return { daily, sum }
}

/**
 * The Overview of the last `days` days, today included (whole UTC days). Period sums
 * and the daily series come from the rolled-up days plus the ledger since then; balances,
 * activity and lifetime points from the members' running totals; orders and redemptions
 * are read for the period.
 */
export async function overview(db: Db, def: ProgramDef, language: string, days: number, now = new Date()): Promise<Overview> {
  // A roll-up that fails (a replica's, or a timeout) costs only speed: what it did not add is read live below.
  await Promise.all([rollUpDays(db, def.key, now).catch(() => 0), rollUpMembers(db, def.key, now).catch(() => 0)])
  const to = now.toISOString()
  const from = new Date(startOfDay(now.getTime()) - (days - 1) * DAY).toISOString()
  const { members, rolledRows, orders, tierCounts, rewards, opens } = await readPeriod(db, def, from, to)
  const { daily, sum } = await dailySeries(db, def.key, from, to, rolledRows, opens)
  const byMember = (member: boolean) => orders.find((o) => o.member == member)
  const outstandingPoints = n(members?.outstanding)
  // The best rate a money reward pays per point: what the outstanding points could cost the store.
  const rates = def.rewards.filter((r) => r.kind == 'amount_off' && r.value).map((r) => r.value! / r.cost)
  const money = (x: unknown) => (x === null || x === undefined ? null : Math.round(Number(x) * 100) / 100)
  return {
    from,
    to,
    currency: def.currency,
    figures: {
      members: { total: n(members?.total), new: n(members?.new) },
      widgetOpens: sum.opens,
      signupConversion: ratio(sum.signupsWhileCounting, sum.opens),
      activeMembers: n(members?.active),
      pointsIssued: sum.issued,
      pointsRedeemed: sum.redeemed,
      pointsExpired: sum.expired,
      outstandingPoints,
      liability: rates.length ? money(outstandingPoints * Math.max(...rates)) : null,
      redemptionRate: ratio(sum.redeemed, sum.issued),
      repeatPurchase: {
        members: ratio(n(byMember(true)?.repeat), n(byMember(true)?.customers)),
        guests: ratio(n(byMember(false)?.repeat), n(byMember(false)?.customers)),
      },
      averageOrder: { members: money(byMember(true)?.average), guests: money(byMember(false)?.average) },
      referralConversions: sum.referrals,
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
  /** Once no computation is under way (the server waits for this before it closes the database). */
  settled(): Promise<void>
}

/**
 * On a large program the figures take seconds of database time (whole-ledger
 * aggregates): the page is answered from the latest computation while a new one
 * runs once it is OVERVIEW_MAX_AGE_MS old; "refresh" asks for a fresh one. A
 * computation that fails behind the page is logged and leaves the last good
 * figures (their `computedAt` says how old); one that ends after a newer one
 * replaces nothing.
 */
export function overviewCache(db: Db, def: ProgramDef, log: Logger): OverviewCache {
  type Computed = Overview & { computedAt: string }
  /** Per period and language: the newest result, the newest computation started, and how many are under way. */
  const slots = new Map<string, { done?: { at: number; value: Computed }; running?: Promise<Computed>; busy: number }>()
  const underWay = new Set<Promise<unknown>>()
  return {
    async settled() {
      while (underWay.size) await Promise.allSettled(underWay)
    },
    get(days, language, fresh = false) {
      const key = `${days}:${language}`
      const slot = slots.get(key) ?? { busy: 0 }
      slots.set(key, slot)
      const compute = () => {
        const at = Date.now()
        slot.busy++
        const running: Promise<Computed> = overview(db, def, language, days)
          .then((o) => {
            const value = { ...o, computedAt: new Date(at).toISOString() }
            if (!slot.done || slot.done.at < at) slot.done = { at, value }
            return value
          })
          .finally(() => {
            slot.busy--
            underWay.delete(running)
            if (slot.running === running) slot.running = undefined
          })
        underWay.add(running)
        return (slot.running = running)
      }
      const { done } = slot
      if (fresh) return compute()
      if (!done) return slot.running ?? compute()
      if (Date.now() - done.at > OVERVIEW_MAX_AGE_MS && !slot.busy)
        compute().catch((error: unknown) => log.warn({ err: error, days }, 'overview computation failed; the last one is shown'))
      return Promise.resolve(done.value)
    },
  }
}
