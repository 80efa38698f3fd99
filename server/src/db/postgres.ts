import pg from 'pg'
import type { Db } from './types.ts'

/** node-postgres pool; a transaction holds one pooled client from BEGIN to COMMIT/ROLLBACK. */
export async function openPostgres(connectionString: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: 10 })
  // An idle client that loses its connection must not crash the process.
  pool.on('error', (error) => console.error('[loyalkit] postgres pool error:', error.message))

  const bound = (client: pg.PoolClient): Db => ({
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    exec: async (sql: string) => void (await client.query(sql)),
    transaction: (fn) => fn(bound(client)),
    close: async () => { throw new Error('close() inside a transaction') },
  })

  const db: Db = {
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
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
  await db.query('SELECT 1')
  return db
}
