import { migrate } from './migrate.ts'
import type { Db, DbTimeouts } from './types.ts'

export type { Db, DbTimeouts } from './types.ts'
export { isUniqueViolation } from './types.ts'

/** Opens PostgreSQL when a URL is given, PGlite in `dataDir` otherwise, and migrates it. */
export async function openDb(options: {
  databaseUrl?: string
  dataDir: string
  poolSize: number
  timeouts: DbTimeouts
  onError: (message: string) => void
}): Promise<Db> {
  const db = options.databaseUrl
    ? await (await import('./postgres.ts')).openPostgres(options.databaseUrl, options.poolSize, options.timeouts, options.onError)
    : await (await import('./pglite.ts')).openPglite(options.dataDir)
  try {
    await migrate(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return db
}
