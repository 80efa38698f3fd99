/**
 * Points expiry (the program's `pointsExpiryMonths`): a balance left without
 * activity (earning or redeeming) that long leaves as an `expiry` ledger entry;
 * 30 days ahead the member sees it coming (`Member.expiring`) and the store gets
 * `points.expiring` once per expiry date. Run by every replica's sweep: each
 * member is handled in its own transaction under its row lock, so runs that
 * overlap do nothing twice.
 */
import type { Db } from '../db/index.ts'
import type { ProgramDef } from '../program/program.ts'
import { pointsOf } from '../repositories/ledger.ts'
import { lastActivitySql } from '../repositories/members.ts'
import { isoSql } from '../repositories/sql.ts'
import { emit } from '../webhooks/outbox.ts'
import { EXPIRY_NOTICE_DAYS } from './members.ts'
import { changePoints } from './points.ts'

const BATCH = 500

export interface ExpiryRun {
  expired: number
  warned: number
}

/** Members with a positive balance whose points expire before `until`: expired by `now`, or not yet warned of that date. */
async function candidates(db: Db, def: ProgramDef, months: number, until: string, now: string): Promise<{ id: string }[]> {
  return db.query(
    `SELECT id FROM (
       SELECT m.id, m.expiry_warned_for, ${lastActivitySql('m.id')} + make_interval(months => $2::int) AS expires_at
         FROM members m WHERE m.program_key = $1 AND m.erased_at IS NULL) x
      WHERE expires_at < $3::timestamptz
        AND (expires_at <= $4::timestamptz OR expiry_warned_for IS DISTINCT FROM expires_at)
        AND (SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = x.id) > 0
      ORDER BY expires_at LIMIT ${BATCH}`,
    [def.key, months, until, now],
  )
}

export async function runExpiry(db: Db, def: ProgramDef, now = new Date()): Promise<ExpiryRun> {
  const months = def.pointsExpiryMonths
  const run: ExpiryRun = { expired: 0, warned: 0 }
  if (!months) return run
  const notice = new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000).toISOString()
  for (const c of await candidates(db, def, months, notice, now.toISOString())) {
    await db.transaction(async (tx) => {
      // Again under the row lock: the member may have earned, spent or expired meanwhile.
      const [row] = await tx.query<{ expires_at: string; warned: string | null }>(
        `SELECT ${isoSql(`${lastActivitySql('m.id')} + make_interval(months => $2::int)`)} AS expires_at, ${isoSql('expiry_warned_for')} AS warned
           FROM members m WHERE m.id = $1 AND m.erased_at IS NULL FOR UPDATE`,
        [c.id, months],
      )
      if (!row?.expires_at) return
      const { balance } = await pointsOf(tx, c.id)
      if (balance <= 0) return
      if (Date.parse(row.expires_at) <= now.getTime()) {
        await changePoints(tx, def, { memberId: c.id, type: 'expiry', points: -balance })
        run.expired++
      } else if (row.warned != row.expires_at) {
        await tx.query('UPDATE members SET expiry_warned_for = $2::timestamptz WHERE id = $1', [c.id, row.expires_at])
        await emit(tx, def.key, 'points.expiring', { memberId: c.id, points: balance, date: row.expires_at }, { memberId: c.id })
        run.warned++
      }
    })
  }
  return run
}
