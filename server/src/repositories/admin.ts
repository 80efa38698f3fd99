/** SQL of the console: sessions, failed sign-ins and the audit log. */
import type { Db } from '../db/index.ts'
import { isoSql } from './sql.ts'

export async function insertSession(db: Db, s: { tokenHash: string; programKey: string; csrf: string; hours: number }): Promise<void> {
  await db.query(`INSERT INTO admin_sessions (token_hash, program_key, csrf, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`, [
    s.tokenHash,
    s.programKey,
    s.csrf,
    s.hours,
  ])
}

/** A live session (not expired, used within `idleMinutes`), touched; null otherwise. */
export async function findSession(db: Db, tokenHash: string, programKey: string, idleMinutes: number): Promise<{ csrf: string } | null> {
  const [row] = await db.query<{ csrf: string }>(
    `UPDATE admin_sessions SET last_seen_at = now()
      WHERE token_hash = $1 AND program_key = $2 AND expires_at > now() AND last_seen_at > now() - make_interval(mins => $3)
      RETURNING csrf`,
    [tokenHash, programKey, idleMinutes],
  )
  return row ?? null
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM admin_sessions WHERE token_hash = $1', [tokenHash])
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.query('DELETE FROM admin_sessions WHERE expires_at < now()')
}

/** The times of the program's latest `n` failed sign-ins, newest first. */
export async function latestFailures(db: Db, programKey: string, n: number): Promise<string[]> {
  const rows = await db.query<{ at: string }>(
    `SELECT ${isoSql('created_at')} AS at FROM admin_login_failures WHERE program_key = $1 ORDER BY admin_login_failures.created_at DESC LIMIT $2`,
    [programKey, n],
  )
  return rows.map((r) => r.at)
}

export async function recordFailure(db: Db, programKey: string): Promise<void> {
  await db.query('INSERT INTO admin_login_failures (program_key) VALUES ($1)', [programKey])
  await db.query(`DELETE FROM admin_login_failures WHERE created_at < now() - interval '1 day'`)
}

export interface AuditEntry {
  id: string
  actor: string
  action: string
  target: string | null
  details: string | null
  createdAt: string
}

export async function audit(db: Db, programKey: string, e: { actor: string; action: string; target?: string; details?: unknown }): Promise<void> {
  await db.query('INSERT INTO admin_audit (program_key, actor, action, target, details) VALUES ($1, $2, $3, $4, $5)', [
    programKey,
    e.actor,
    e.action,
    e.target ?? null,
    e.details === undefined ? null : JSON.stringify(e.details),
  ])
}

export async function auditEntries(db: Db, programKey: string, limit: number): Promise<AuditEntry[]> {
  return db.query<AuditEntry>(
    `SELECT id::text AS id, actor, action, target, details, ${isoSql('created_at')} AS "createdAt" FROM admin_audit WHERE program_key = $1 ORDER BY admin_audit.id DESC LIMIT $2`,
    [programKey, limit],
  )
}
