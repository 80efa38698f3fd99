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
/** Per run, at most this many batches (the sweep comes again in minutes). */
const MAX_ROUNDS = 20

export interface ExpiryRun {
  /** Members looked at (each in a transaction of its own). */
  examined: number
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
        -- Warned dates are stored to the millisecond (as the API shows them); PostgreSQL's clock has microseconds.
        AND (expires_at <= $4::timestamptz OR expiry_warned_for IS DISTINCT FROM date_trunc('milliseconds', expires_at))
        AND (SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = x.id) > 0
      ORDER BY expires_at LIMIT ${BATCH}`,
    [def.key, months, until, now],
  )
}

export async function runExpiry(db: Db, def: ProgramDef, now = new Date()): Promise<ExpiryRun> {
  const months = def.pointsExpiryMonths
  const run: ExpiryRun = { examined: 0, expired: 0, warned: 0 }
  if (!months) return run
  const notice = new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000).toISOString()
  // Batches until none is full: each handled member leaves the candidates (expired, or warned of this date).
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const batch = await candidates(db, def, months, notice, now.toISOString())
    run.examined += batch.length
    for (const c of batch) await expireOrWarn(db, def, c.id, months, now, notice, run)
    if (batch.length < BATCH) break
  }
  return run
}

/** One member, under its row lock (it may have earned, spent or expired since it was listed). */
async function expireOrWarn(db: Db, def: ProgramDef, memberId: string, months: number, now: Date, notice: string, run: ExpiryRun): Promise<void> {
  await db.transaction(async (tx) => {
    // The lock first, in a statement of its own: one that also read the ledger would read it as it was
    // before waiting for the lock (PostgreSQL re-reads only the locked row), and could expire the points
    // of the very purchase that moved the date on. Each statement after it sees what that purchase wrote.
    const [locked] = await tx.query('SELECT 1 FROM members WHERE id = $1 AND erased_at IS NULL FOR UPDATE', [memberId])
    if (!locked) return
    const [row] = await tx.query<{ expires_at: string; warned: string | null }>(
      `SELECT ${isoSql(`${lastActivitySql('m.id')} + make_interval(months => $2::int)`)} AS expires_at, ${isoSql('expiry_warned_for')} AS warned
         FROM members m WHERE m.id = $1`,
      [memberId, months],
    )
    if (!row?.expires_at) return
    const { balance } = await pointsOf(tx, memberId)
    if (balance <= 0) return
    if (Date.parse(row.expires_at) <= now.getTime()) {
      await changePoints(tx, def, { memberId, type: 'expiry', points: -balance })
      run.expired++
    } else if (Date.parse(row.expires_at) <= Date.parse(notice) && row.warned != row.expires_at) {
      // Within the notice period still: what moved the date on while the sweep waited (a purchase) puts
      // it out of reach of a warning.
      await tx.query('UPDATE members SET expiry_warned_for = $2::timestamptz WHERE id = $1', [memberId, row.expires_at])
      await emit(tx, def.key, 'points.expiring', { memberId, points: balance, date: row.expires_at }, { memberId })
      run.warned++
    }
  })
}
