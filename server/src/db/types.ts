/**
 * The tiny database interface the reference server is written against. Two
 * implementations: PGlite (embedded, default) and node-postgres (DATABASE_URL).
 * Both speak PostgreSQL, so there is one SQL schema and one set of queries.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres'
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
  /**
   * Runs `fn` inside BEGIN … COMMIT (ROLLBACK when it throws). Inside, `tx`
   * is bound to the transaction; calling `transaction` on it runs inline.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** Limits on every database wait (PostgreSQL; PGlite has one connection and no waits). */
export interface DbTimeouts {
  /** Waiting for a pooled connection. */
  connectMs: number
  statementMs: number
  /** Waiting for a row lock. */
  lockMs: number
  /** A transaction left open without a statement (a hung process). */
  idleInTransactionMs: number
}

/** SQLSTATE of a unique violation, for callers that race on an insert. */
export const UNIQUE_VIOLATION = '23505'

export function isUniqueViolation(error: unknown): boolean {
  return typeof error == 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION
}
