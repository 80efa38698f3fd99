/** SQL fragments and conversions shared by the repositories. */

/** A timestamptz column as an ISO 8601 UTC string, identical on PGlite and PostgreSQL. */
export const isoSql = (column: string) => `to_char((${column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** A count or sum from SQL (bigint) as a number, refusing what a number cannot hold exactly. */
export function toCount(value: unknown): number {
  const n = Number(value ?? 0)
  if (!Number.isSafeInteger(n)) throw new Error(`a sum outside the safe integer range: ${String(value)}`)
  return n
}
