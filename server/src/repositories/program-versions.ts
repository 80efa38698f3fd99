/** SQL of program versions: the newest is the program every replica serves. */
import type { Db } from '../db/index.ts'
import { isoSql } from './sql.ts'

export interface VersionRow {
  version: number
  definition: string
  source: 'file' | 'console' | 'rollback'
  file_hash: string | null
  actor: string | null
  note: string | null
  created_at: string
}

export type VersionSummary = Omit<VersionRow, 'definition'>

const SUMMARY = `version, source, file_hash, actor, note, ${isoSql('created_at')} AS created_at`

export async function latestVersion(db: Db, programKey: string): Promise<VersionRow | null> {
  const [row] = await db.query<VersionRow>(`SELECT ${SUMMARY}, definition FROM program_versions WHERE program_key = $1 ORDER BY version DESC LIMIT 1`, [
    programKey,
  ])
  return row ?? null
}

export async function latestVersionNumber(db: Db, programKey: string): Promise<number> {
  const [row] = await db.query<{ v: unknown }>(`SELECT max(version) AS v FROM program_versions WHERE program_key = $1`, [programKey])
  return Number(row?.v ?? 0)
}

export async function findVersion(db: Db, programKey: string, version: number): Promise<VersionRow | null> {
  const [row] = await db.query<VersionRow>(`SELECT ${SUMMARY}, definition FROM program_versions WHERE program_key = $1 AND version = $2`, [programKey, version])
  return row ?? null
}

/** The latest file-sourced version's file hash, or null. */
export async function lastFileHash(db: Db, programKey: string): Promise<string | null> {
  const [row] = await db.query<{ file_hash: string }>(
    `SELECT file_hash FROM program_versions WHERE program_key = $1 AND source = 'file' ORDER BY version DESC LIMIT 1`,
    [programKey],
  )
  return row?.file_hash ?? null
}

export async function listVersions(db: Db, programKey: string, limit: number): Promise<VersionSummary[]> {
  return db.query<VersionSummary>(`SELECT ${SUMMARY} FROM program_versions WHERE program_key = $1 ORDER BY version DESC LIMIT $2`, [programKey, limit])
}

/**
 * Adds version `version` (the one after `expected`): false when another save took that
 * number first (the caller's view is stale).
 */
export async function insertVersion(
  db: Db,
  programKey: string,
  v: { version: number; definition: string; source: VersionRow['source']; fileHash?: string; actor?: string; note?: string },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO program_versions (program_key, version, definition, source, file_hash, actor, note) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING version`,
    [programKey, v.version, v.definition, v.source, v.fileHash ?? null, v.actor ?? null, v.note ?? null],
  )
  return rows.length > 0
}
