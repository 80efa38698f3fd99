/** SQL of secret API keys, stored as SHA-256 hashes. */
import type { Db } from '../db/index.ts'
import { sha256Hex } from '../digest.ts'
import { isoSql } from './sql.ts'

export const hashKey = sha256Hex

export interface ApiKeyRow {
  id: string
  name: string
  prefix: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

const COLUMNS = `id, name, prefix, ${isoSql('created_at')} AS created_at, ${isoSql('last_used_at')} AS last_used_at, ${isoSql('revoked_at')} AS revoked_at`

/** Adds a key (by its hash) unless this program has it; a revoked key stays revoked. */
export async function ensureKey(db: Db, programKey: string, k: { id: string; name: string; key: string }): Promise<void> {
  await db.query(`INSERT INTO api_keys (id, program_key, name, hash, prefix) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (program_key, hash) DO NOTHING`, [
    k.id,
    programKey,
    k.name,
    hashKey(k.key),
    k.key.slice(0, 10),
  ])
}

/**
 * The key of an environment variable (`name`): added when new, active again when the
 * variable is set back to it (a rolled-back rotation), and the one before it under that
 * name revoked, so changing the variable rotates the key. Answers how many keys the
 * program has active.
 */
export async function setNamedKey(db: Db, programKey: string, k: { id: string; name: string; key: string }): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO api_keys (id, program_key, name, hash, prefix) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (program_key, hash) DO UPDATE SET revoked_at = NULL WHERE api_keys.name = EXCLUDED.name`,
      [k.id, programKey, k.name, hashKey(k.key), k.key.slice(0, 10)],
    )
    await tx.query(`UPDATE api_keys SET revoked_at = now() WHERE program_key = $1 AND name = $2 AND hash <> $3 AND revoked_at IS NULL`, [
      programKey,
      k.name,
      hashKey(k.key),
    ])
    return activeKeys(tx, programKey)
  })
}

/** Revokes the key with this secret if it is active: how many were. */
export async function revokeBySecret(db: Db, programKey: string, key: string): Promise<number> {
  const rows = await db.query(`UPDATE api_keys SET revoked_at = now() WHERE program_key = $1 AND hash = $2 AND revoked_at IS NULL RETURNING id`, [
    programKey,
    hashKey(key),
  ])
  return rows.length
}

export async function activeKeys(db: Db, programKey: string): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM api_keys WHERE program_key = $1 AND revoked_at IS NULL`, [programKey])
  return Number(row?.n ?? 0)
}

/** The active key with this secret, or null. */
export async function findActiveKey(db: Db, programKey: string, key: string): Promise<ApiKeyRow | null> {
  const [row] = await db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE hash = $1 AND program_key = $2 AND revoked_at IS NULL`, [
    hashKey(key),
    programKey,
  ])
  return row ?? null
}

export async function touchKey(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id])
}

export async function listKeys(db: Db, programKey: string): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys WHERE program_key = $1 ORDER BY created_at`, [programKey])
}

export async function revokeKey(db: Db, programKey: string, id: string): Promise<boolean> {
  return (
    (await db.query(`UPDATE api_keys SET revoked_at = now() WHERE program_key = $1 AND id = $2 AND revoked_at IS NULL RETURNING id`, [programKey, id])).length >
    0
  )
}
