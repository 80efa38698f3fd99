import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Db } from './types.ts'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

/** `NNN_name.sql` files of the migrations folder, in order. */
export function migrationFiles(dir = MIGRATIONS_DIR): { version: string; sql: string }[] {
  return readdirSync(dir)
    .filter((name) => /^\d{3}_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: name.replace(/\.sql$/, ''), sql: readFileSync(dir + name, 'utf8') }))
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one
 * transaction behind an advisory lock, so two servers starting on one database
 * do not both apply them. Returns the versions applied now.
 */
export async function migrate(db: Db, dir?: string): Promise<string[]> {
  const files = migrationFiles(dir)
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7242001)')
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version TEXT PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`)
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version))
    const applied: string[] = []
    for (const file of files) {
      if (done.has(file.version)) continue
      await tx.exec(file.sql)
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file.version])
      applied.push(file.version)
    }
    return applied
  })
}

/** Migrations of this build that the database has not applied (readiness: empty when up to date). */
export async function pendingMigrations(db: Db, dir?: string): Promise<string[]> {
  const rows = await db.query<{ version: string }>('SELECT version FROM schema_migrations')
  const done = new Set(rows.map((r) => r.version))
  return migrationFiles(dir)
    .map((f) => f.version)
    .filter((v) => !done.has(v))
}
