import { mkdirSync } from 'node:fs'
import { PGlite, types, type Transaction } from '@electric-sql/pglite'
import type { Db } from './types.ts'

// The same parsing as the pg driver (see postgres.ts): bigint sums as numbers.
const parsers = { [types.INT8]: (value: string) => Number(value) }

/** PGlite keeps one connection: its own mutex serializes transactions and queries. */
export async function openPglite(dataDir: string): Promise<Db> {
  const memory = dataDir.startsWith('memory://')
  if (!memory) mkdirSync(dataDir, { recursive: true })
  const pg = await PGlite.create(memory ? 'memory://' : dataDir, { parsers })

  const bound = (tx: Transaction): Db => ({
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
    exec: async (sql: string) => void (await tx.exec(sql)),
    transaction: (fn) => fn(bound(tx)),
    close: async () => {
      throw new Error('close() inside a transaction')
    },
  })

  return {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => (await pg.query<T>(sql, params)).rows,
    exec: async (sql: string) => void (await pg.exec(sql)),
    transaction: (fn) => pg.transaction((tx) => fn(bound(tx))),
    close: async () => {
      if (!pg.closed) await pg.close()
    },
  }
}
