/**
 * Idempotency-Key handling for every POST. A key (per program) is bound to a
 * fingerprint of (method, path, principal, body). The first request records the
 * key as `running`; its operation and the storing of its final response commit
 * in ONE transaction, so an effect that happened always has its stored response.
 * Repeats replay that response; a different request under the same key → 422;
 * a repeat while the first is still running → 409 (Retry-After: 1).
 */
import { createHash } from 'node:crypto'
import type { Db } from './db/index.ts'
import { HttpProblem, type Reply } from './http.ts'

/** A running record older than this is taken over (its process died). */
export const RUNNING_TIMEOUT_S = 60
/** Done records are forgotten after this. */
export const RETENTION_HOURS = 24

export interface RunOptions {
  programKey: string
  key: string
  fingerprint: string
  /** Checks before the operation that must not be stored (rate limits): throw to answer without storing. */
  before?: () => void
  /** The operation, inside the transaction. Business problems may be thrown as HttpProblem 4xx. */
  execute: (tx: Db) => Promise<Reply>
}

export interface Idempotency {
  run(options: RunOptions): Promise<Reply>
  /** Deletes records older than the retention period. */
  sweep(): Promise<void>
}

/** Test hook: called inside the transaction after the operation, before its response is stored and committed. */
export type BeforeCommitHook = (info: { key: string; reply: Reply }) => Promise<void> | void

/** A stable fingerprint: sha256 of method, path, principal and the body with sorted keys. */
export function fingerprint(method: string, path: string, principal: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([method, path, principal, canonical(body)])).digest('base64url')
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value == 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    )
  }
  return value
}

const conflictOtherRequest = () =>
  new HttpProblem(422, 'idempotency_conflict', 'This Idempotency-Key was already used for a different request. Use a new key for a new action.')
const conflictRunning = () =>
  new HttpProblem(409, 'idempotency_conflict', 'A request with this Idempotency-Key is still being processed. Retry shortly.', { retryAfter: 1 })

interface KeyRow {
  fingerprint: string
  state: 'running' | 'done'
  status: number | null
  content_type: string | null
  body: string | null
  headers: string | null
  stale: boolean
}

export function idempotency(db: Db, hooks: { beforeCommit?: BeforeCommitHook } = {}): Idempotency {
  // Keys running in this process: answered without touching the database, which
  // matters for PGlite, whose single connection is busy with that transaction.
  const inFlight = new Map<string, string>()

  /** Records the key as running, or says what to answer instead. */
  async function claim(o: RunOptions): Promise<Reply | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await db.query(
        `INSERT INTO idempotency_keys (program_key, key, fingerprint, state) VALUES ($1, $2, $3, 'running')
         ON CONFLICT DO NOTHING RETURNING key`,
        [o.programKey, o.key, o.fingerprint],
      )
      if (inserted.length) return null
      const [row] = await db.query<KeyRow>(
        `SELECT fingerprint, state, status, content_type, body, headers,
                created_at < now() - make_interval(secs => $3) AS stale
           FROM idempotency_keys WHERE program_key = $1 AND key = $2`,
        [o.programKey, o.key, RUNNING_TIMEOUT_S],
      )
      if (!row) continue // released in between: try again
      if (row.fingerprint != o.fingerprint) throw conflictOtherRequest()
      if (row.state == 'done') {
        return {
          status: row.status!,
          body: row.body ?? undefined,
          contentType: row.content_type ?? 'application/json',
          headers: { ...(row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {}), 'Idempotent-Replayed': 'true' },
        }
      }
      if (!row.stale) throw conflictRunning()
      const taken = await db.query(
        `UPDATE idempotency_keys SET created_at = now()
          WHERE program_key = $1 AND key = $2 AND state = 'running' AND created_at < now() - make_interval(secs => $3)
          RETURNING key`,
        [o.programKey, o.key, RUNNING_TIMEOUT_S],
      )
      if (taken.length) return null
      throw conflictRunning()
    }
    throw conflictRunning()
  }

  async function store(tx: Db, o: RunOptions, reply: Reply): Promise<void> {
    const body = reply.body === undefined ? null : typeof reply.body == 'string' ? reply.body : JSON.stringify(reply.body)
    const headers = reply.headers && Object.keys(reply.headers).length ? JSON.stringify(reply.headers) : null
    await tx.query(
      `UPDATE idempotency_keys SET state = 'done', status = $3, content_type = $4, body = $5, headers = $6
        WHERE program_key = $1 AND key = $2`,
      [o.programKey, o.key, reply.status, reply.contentType ?? 'application/json', body, headers],
    )
  }

  const release = (o: RunOptions) =>
    db.query(`DELETE FROM idempotency_keys WHERE program_key = $1 AND key = $2 AND state = 'running'`, [o.programKey, o.key])

  return {
    async run(o) {
      const id = o.programKey + '\0' + o.key
      const running = inFlight.get(id)
      if (running !== undefined) throw running == o.fingerprint ? conflictRunning() : conflictOtherRequest()
      inFlight.set(id, o.fingerprint)
      try {
        const answer = await claim(o)
        if (answer) return answer
        try {
          o.before?.()
          return await db.transaction(async (tx) => {
            const reply = await o.execute(tx)
            await hooks.beforeCommit?.({ key: o.key, reply })
            await store(tx, o, reply)
            return reply
          })
        } catch (error) {
          // Business problems are answers too: stored (nothing was written) and replayed.
          if (error instanceof HttpProblem && error.status < 500 && error.status != 429 && error.status != 409) {
            const reply = error.toReply()
            await store(db, o, reply)
            return reply
          }
          // Unexpected failures and transient refusals: forget the key so a retry can proceed.
          await release(o).catch(() => {})
          throw error
        }
      } finally {
        inFlight.delete(id)
      }
    },
    async sweep() {
      await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [RETENTION_HOURS])
    },
  }
}
