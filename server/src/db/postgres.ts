import { createHash } from 'node:crypto'
import pg from 'pg'
import type { Db, DbTimeouts } from './types.ts'

// SUM() of integers is bigint (int8): pg hands it over as a string unless told otherwise.
// Balances stay far below 2^53; `toCount` in the repositories checks that.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

const names = new Map<string, string>()

/**
 * A named (prepared) statement: each connection parses and plans it once, not on every
 * call. Every query of the server is a fixed SQL text, so the names are few.
 */
function prepared(text: string, values: unknown[] = []): pg.QueryConfig {
  let name = names.get(text)
  if (!name) names.set(text, (name = 'lk_' + createHash('sha1').update(text).digest('hex').slice(0, 20)))
  return { name, text, values }
}

/**
 * node-postgres pool; a transaction holds one pooled client from BEGIN to COMMIT/ROLLBACK.
 * Every wait has a limit shorter than the idempotency takeover time, so a stuck request
 * gives up (and rolls back) long before another replica may take its key over.
 */
export async function openPostgres(connectionString: string, poolSize: number, timeouts: DbTimeouts, onError: (message: string) => void): Promise<Db> {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    query_timeout: timeouts.statementMs + 1_000,
    application_name: 'loyalkit-server',
  })
  // A client that loses its connection (idle in the pool, or checked out when the server ends
  // its session, e.g. idle_in_transaction_session_timeout) must not crash the process: the
  // query in flight fails on its own.
  pool.on('error', (error) => onError(error.message))
  pool.on('connect', (client) => client.on('error', (error) => onError(error.message)))

  const bound = (client: pg.PoolClient): Db => ({
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(prepared(sql, params))).rows as T[],
    exec: async (sql: string) => void (await client.query(sql)),
    transaction: (fn) => fn(bound(client)),
    close: async () => {
      throw new Error('close() inside a transaction')
    },
  })

  const db: Db = {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(prepared(sql, params))).rows as T[],
    exec: async (sql: string) => void (await pool.query(sql)),
    transaction: async (fn) => {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        const result = await fn(bound(client))
        await client.query('COMMIT')
        return result
      } catch (error) {
        try {
          await client.query('ROLLBACK')
        } catch (rollbackError) {
          broken = rollbackError as Error
        }
        throw error
      } finally {
        // A client whose ROLLBACK failed is in an unknown state: destroy it.
        client.release(broken)
      }
    },
    close: () => pool.end(),
  }
  try {
    await firstConnection(db, onError)
  } catch (error) {
    await pool.end().catch(() => {})
    throw error
  }
  return db
}

/** How long a starting server waits for the database to answer at all, before it gives up. */
export const STARTUP_WAIT_MS = 20_000

/**
 * The database refused the connection for good (a wrong password, no such database: a SQLSTATE), rather
 * than not answering yet (refused, reset or slow: a network error or timeout). Its own "starting up" and
 * "too many connections" are not for good either.
 */
const refusedForGood = (error: unknown): boolean => {
  const code = (error as { code?: unknown })?.code
  return typeof code == 'string' && /^[0-9A-Z]{5}$/.test(code) && code != '57P03' && code != '53300'
}

/**
 * The first query, tried again while the database does not answer yet, for up to `waitMs`: a replica
 * restarting on a busy machine, or a database still starting beside it, takes longer than a request's
 * connect limit. Each miss is said; a refusal for good ends the start at once, as does the deadline.
 */
export async function firstConnection(db: Db, say: (message: string) => void, waitMs = STARTUP_WAIT_MS): Promise<void> {
  const deadline = Date.now() + waitMs
  for (let pause = 250; ; pause = Math.min(2 * pause, 2_000)) {
    try {
      await db.query('SELECT 1')
      return
    } catch (error) {
      if (refusedForGood(error) || Date.now() + pause > deadline) throw error
      say(`the database did not answer (${(error as Error).message}); trying again in ${pause} ms`)
      await new Promise((next) => setTimeout(next, pause))
    }
  }
}
