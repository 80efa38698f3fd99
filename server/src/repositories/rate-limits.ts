/**
 * SQL of the shared rate limits: GCRA (the generic cell rate algorithm) in one
 * upsert, so every replica on the database sees the same buckets. A bucket is
 * a "theoretical arrival time" (tat): each request moves it `interval` ahead;
 * a request is refused when that would put it more than `burst` ahead of now.
 */
import type { Db } from '../db/index.ts'

/** Takes one request for `key`: 0 when allowed, else whole seconds until the next one would be. */
export async function takeToken(db: Db, key: string, intervalMs: number, burstMs: number): Promise<number> {
  const allowed = await db.query(
    `INSERT INTO rate_limits (key, tat) VALUES ($1, now() + make_interval(secs => $2 / 1000.0))
     ON CONFLICT (key) DO UPDATE SET tat = GREATEST(rate_limits.tat, now()) + make_interval(secs => $2 / 1000.0)
      WHERE GREATEST(rate_limits.tat, now()) + make_interval(secs => $2 / 1000.0) <= now() + make_interval(secs => $3 / 1000.0)
     RETURNING 1`,
    [key, intervalMs, burstMs],
  )
  if (allowed.length) return 0
  const [row] = await db.query<{ wait: number }>(
    `SELECT EXTRACT(EPOCH FROM (tat + make_interval(secs => $2 / 1000.0) - make_interval(secs => $3 / 1000.0) - now()))::float8 AS wait
       FROM rate_limits WHERE key = $1`,
    [key, intervalMs, burstMs],
  )
  return Math.max(1, Math.ceil(row?.wait ?? 1))
}

/** Buckets whose time has passed are full: their rows can go. */
export async function deleteFull(db: Db): Promise<void> {
  await db.query('DELETE FROM rate_limits WHERE tat < now()')
}
