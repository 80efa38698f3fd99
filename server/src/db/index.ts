import { migrate } from './migrate.ts'
import type { Db } from './types.ts'

export type { Db } from './types.ts'
export { isUniqueViolation } from './types.ts'

/** Opens PostgreSQL when a URL is given, PGlite in `dataDir` otherwise, and migrates it. */
export async function openDb(options: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  const db = options.databaseUrl
    ? await (await import('./postgres.ts')).openPostgres(options.databaseUrl)
    : await (await import('./pglite.ts')).openPglite(options.dataDir)
  try {
    await migrate(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return db
}
