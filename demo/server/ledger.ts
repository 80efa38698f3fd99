/**
 * The points ledger: every change of a balance is one row, written inside a
 * transaction; a balance is the SUM of the member's rows and never goes negative
 * (redemptions lock the member row before summing).
 */
import type { ActivityEntry, ActivityPage, ActivityType } from '../../src/core/contract.ts'
import type { Db } from './db/index.ts'
import { HttpProblem } from './http.ts'
import { localize, message } from './i18n.ts'
import type { ProgramDef } from './program.ts'

/** SQL for a timestamptz column as an ISO 8601 UTC string, identical on PGlite and PostgreSQL. */
export const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** Types that count towards lifetime points (what was earned, not refunds or corrections). */
export const EARNING_TYPES: ActivityType[] = ['signup', 'purchase', 'claim', 'referral']

export interface LedgerEntry {
  memberId: string
  type: ActivityType
  points: number
  ruleId?: string
  rewardId?: string
  redemptionId?: string
  orderId?: string
  friendId?: string
}

export async function addEntry(tx: Db, e: LedgerEntry): Promise<void> {
  if (e.points == 0) return
  await tx.query(
    `INSERT INTO ledger (member_id, type, points, rule_id, reward_id, redemption_id, order_id, friend_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.memberId, e.type, e.points, e.ruleId ?? null, e.rewardId ?? null, e.redemptionId ?? null, e.orderId ?? null, e.friendId ?? null],
  )
}

export async function pointsOf(db: Db, memberId: string): Promise<{ balance: number; lifetime: number }> {
  const [row] = await db.query<{ balance: number; lifetime: number }>(
    `SELECT COALESCE(SUM(points), 0)::int AS balance,
            COALESCE(SUM(points) FILTER (WHERE points > 0 AND type = ANY($2::text[])), 0)::int AS lifetime
       FROM ledger WHERE member_id = $1`,
    [memberId, EARNING_TYPES],
  )
  return row!
}

interface ActivityRow {
  id: string
  type: ActivityType
  points: number
  rule_id: string | null
  reward_id: string | null
  order_id: string | null
  created_at: string
}

export const ACTIVITY_DEFAULT_LIMIT = 20
export const ACTIVITY_MAX_LIMIT = 100

/** Opaque keyset cursor: the id of the last entry shown. */
export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ v: 1, before: id })).toString('base64url')
}

export function decodeCursor(cursor: string): string {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown; before?: unknown }
    if (value.v === 1 && typeof value.before == 'string' && /^\d{1,18}$/.test(value.before)) return value.before
  } catch {}
  throw new HttpProblem(400, 'invalid_request', 'The cursor is not one this server gave out.', { errors: [{ field: 'cursor', code: 'invalid' }] })
}

/** One page of a member's activity, newest first. */
export async function activityPage(db: Db, def: ProgramDef, memberId: string, language: string, cursor: string | null, limit: number): Promise<ActivityPage> {
  const before = cursor === null ? null : decodeCursor(cursor)
  const rows = await db.query<ActivityRow>(
    `SELECT id::text AS id, type, points, rule_id, reward_id, order_id, ${isoSql('created_at')} AS created_at
       FROM ledger
      WHERE member_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
      ORDER BY ledger.id DESC
      LIMIT $3`,
    [memberId, before, limit + 1],
  )
  const page = rows.slice(0, limit)
  return {
    entries: page.map((row): ActivityEntry => ({
      id: row.id,
      type: row.type,
      points: row.points,
      description: describe(def, row, language),
      createdAt: row.created_at,
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
  }
}

function describe(def: ProgramDef, row: ActivityRow, language: string): string {
  switch (row.type) {
    case 'purchase':
      return row.order_id ? message('purchaseOrder', language, { order: row.order_id }) : message('purchase', language)
    case 'claim': {
      const rule = def.rules.find((r) => r.id == row.rule_id)
      return message('claim', language, { rule: rule ? localize(rule.name, language) : (row.rule_id ?? '') })
    }
    case 'redemption': {
      const reward = def.rewards.find((r) => r.id == row.reward_id)
      return message('redemption', language, { reward: reward ? localize(reward.name, language) : (row.reward_id ?? '') })
    }
    default:
      return message(row.type, language)
  }
}
