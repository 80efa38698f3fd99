import { mkdirSync } from 'node:fs'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import type { Db } from './types.ts'

/** PGlite keeps one connection: its own mutex serializes transactions and queries. */
export async function openPglite(dataDir: string): Promise<Db> {
  const memory = dataDir.startsWith('memory://')
  if (!memory) mkdirSync(dataDir, { recursive: true })
  const pg = await PGlite.create(memory ? 'memory://' : dataDir)

  const bound = (tx: Transaction): Db => ({
    query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
    exec: async (sql: string) => void (await tx.exec(sql)),
    transaction: (fn) => fn(bound(tx)),
    close: async () => { throw new Error('close() inside a transaction') },
  })

  return {
    query: async <T>(sql: string, params?: unknown[]) => (await pg.query<T>(sql, params)).rows,
    exec: async (sql: string) => void (await pg.exec(sql)),
    transaction: (fn) => pg.transaction((tx) => fn(bound(tx))),
    close: async () => {
      if (!pg.closed) await pg.close()
    },
  }
}
