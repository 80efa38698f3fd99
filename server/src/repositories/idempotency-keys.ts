/**
 * SQL of Idempotency-Key records. A key is `running` under an owner token from
 * its claim until the transaction that applies its effects marks it `done`.
 */
import type { Db } from '../db/index.ts'

export interface KeyRef {
  programKey: string
  key: string
}

export interface KeyRow {
  fingerprint: string
  state: 'running' | 'done'
  status: number | null
  content_type: string | null
  body: string | null
  headers: string | null
  /** Running longer than the takeover time: its owner is presumed dead. */
  stale: boolean
}

/** Records a new key as running under `owner`; false when the key exists. */
export async function insertRunning(db: Db, k: KeyRef, fingerprint: string, owner: string): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO idempotency_keys (program_key, key, fingerprint, state, owner, claimed_at) VALUES ($1, $2, $3, 'running', $4, now())
     ON CONFLICT DO NOTHING RETURNING key`,
    [k.programKey, k.key, fingerprint, owner],
  )
  return rows.length > 0
}

export async function findKey(db: Db, k: KeyRef, takeoverSeconds: number): Promise<KeyRow | null> {
  const [row] = await db.query<KeyRow>(
    `SELECT fingerprint, state, status, content_type, body, headers,
            claimed_at < now() - make_interval(secs => $3) AS stale
       FROM idempotency_keys WHERE program_key = $1 AND key = $2`,
    [k.programKey, k.key, takeoverSeconds],
  )
  return row ?? null
}

/**
 * Takes a stale running key over for `owner`. SKIP LOCKED: a key whose owner is
 * committing right now (its row locked by markDone) is not ours to take; once that
 * commits, the key is `done`. An owner still working when its key is taken over
 * finds it gone at markDone and rolls back.
 */
export async function takeOver(db: Db, k: KeyRef, owner: string, takeoverSeconds: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE idempotency_keys SET owner = $3, claimed_at = now()
      WHERE (program_key, key) IN (
        SELECT program_key, key FROM idempotency_keys
         WHERE program_key = $1 AND key = $2 AND state = 'running' AND claimed_at < now() - make_interval(secs => $4)
         FOR UPDATE SKIP LOCKED)
      RETURNING key`,
    [k.programKey, k.key, owner, takeoverSeconds],
  )
  return rows.length > 0
}

export interface StoredReply {
  status: number
  contentType: string
  body: string | null
  headers: string | null
}

/**
 * Inside the effects' transaction, last: marks the key done with its answer if `owner`
 * still holds it, and keeps its row locked until COMMIT. False when the key was taken
 * over: the caller must roll back.
 */
export async function markDone(tx: Db, k: KeyRef, owner: string, reply: StoredReply): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE idempotency_keys SET state = 'done', status = $4, content_type = $5, body = $6, headers = $7
      WHERE program_key = $1 AND key = $2 AND owner = $3 AND state = 'running'
      RETURNING key`,
    [k.programKey, k.key, owner, reply.status, reply.contentType, reply.body, reply.headers],
  )
  return rows.length > 0
}

/** Forgets a running key of `owner` (its request failed without effects), so a retry can run it. */
export async function release(db: Db, k: KeyRef, owner: string): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE program_key = $1 AND key = $2 AND owner = $3 AND state = 'running'`, [k.programKey, k.key, owner])
}

export async function deleteOlderThan(db: Db, hours: number): Promise<void> {
  await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [hours])
}
