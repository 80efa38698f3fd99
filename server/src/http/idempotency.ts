/**
 * Idempotency-Key on every POST. A key (per program) is bound to a fingerprint of
 * (method, path, principal, body) and claimed as `running` under a random owner
 * token. The operation's effects and the stored response commit in ONE transaction
 * whose last statement marks the key done only where the owner still holds it (the
 * row then stays locked until COMMIT): a request whose key was taken over (after the
 * takeover time, its process presumed dead) rolls its effects back. Repeats replay
 * the stored response; a different request under the same key → 422; a repeat while
 * the first still runs → 409 with Retry-After.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '../db/index.ts'
import { HEADER_IDEMPOTENCY } from 'loyalkit/contract'
import { DomainError, invalid } from '../errors.ts'
import * as keys from '../repositories/idempotency-keys.ts'
import { toResponse } from './reply.ts'

/** What a route answers; stored in this form and replayed. */
export interface Reply {
  status: number
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown
  contentType?: string
  headers?: Record<string, string>
}

/** Done records are forgotten after this. */
export const RETENTION_HOURS = 24

export interface RunOptions {
  programKey: string
  key: string
  fingerprint: string
  /** Checks before the operation that must not be stored (rate limits): throw to answer without storing. */
  before?: () => Promise<void>
  /** The operation, inside the transaction. Business problems are thrown as storable DomainErrors. */
  execute: (tx: Db) => Promise<Reply>
  /** Which business problems are answers to store and replay (default: every storable one). */
  stores?: (error: DomainError) => boolean
}

export interface Idempotency {
  run(options: RunOptions): Promise<Reply>
  /** Deletes records older than the retention period. */
  sweep(): Promise<void>
}

/**
 * An operation under its Idempotency-Key, bound to (method, path, principal, body), answered as a Response:
 * what every keyed POST does, the shopper's, the store's and the console's.
 */
export async function runKeyed(
  idempotency: Idempotency,
  request: { method: string; path: string },
  o: Omit<RunOptions, 'fingerprint'> & { principal: string; body: unknown },
): Promise<Response> {
  const { principal, body, ...run } = o
  return toResponse(await idempotency.run({ ...run, fingerprint: fingerprint(request.method, request.path, principal, body) }))
}

/** Test hook: called inside the transaction after the operation, before its response is stored and committed. */
export type BeforeCommitHook = (info: { key: string; reply: Reply }) => Promise<void> | void
/** Test hook: called after the key was claimed, before the transaction that applies it begins. */
export type AfterClaimHook = (info: { key: string }) => Promise<void> | void

export interface IdempotencyHooks {
  beforeCommit?: BeforeCommitHook
  afterClaim?: AfterClaimHook
}

/** The request's Idempotency-Key: 400 when missing or not 1–255 visible ASCII characters. */
export function idempotencyKey(header: string | undefined): string {
  if (!header) throw invalid(`Send an ${HEADER_IDEMPOTENCY} header (one UUID per user action, reused on retries).`)
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) throw invalid(`The ${HEADER_IDEMPOTENCY} must be 1–255 visible ASCII characters.`)
  return header
}

/**
 * A shopper's Idempotency-Key. The store's and the console's keys are kept as `store:<key>` and
 * `console:<key>` in the same table, so a shopper's key may not begin so: an anonymous request could
 * otherwise answer first under a key the store is about to use (`order-1043`), and the store's order
 * would then be refused as a different request under a used key.
 */
export function shopperKey(header: string | undefined): string {
  const key = idempotencyKey(header)
  if (/^(store|console):/.test(key))
    throw invalid(`An ${HEADER_IDEMPOTENCY} may not begin with "store:" or "console:" here: those are the store's and the console's.`)
  return key
}

/** A stable fingerprint: sha256 of method, path, principal and the body with sorted keys. */
export function fingerprint(method: string, path: string, principal: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method, path, principal, canonical(body)]))
    .digest('base64url')
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value == 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    )
  }
  return value
}

const otherRequest = () =>
  new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used for a different request. Use a new key for a new action.')
const stillRunning = () =>
  new DomainError('idempotency_running', 'A request with this Idempotency-Key is still being processed. Retry shortly.', { retryAfter: 1 })

function stored(reply: Reply): keys.StoredReply {
  return {
    status: reply.status,
    contentType: reply.contentType ?? 'application/json',
    body: reply.body === undefined ? null : typeof reply.body == 'string' ? reply.body : JSON.stringify(reply.body),
    headers: reply.headers && Object.keys(reply.headers).length ? JSON.stringify(reply.headers) : null,
  }
}

export function idempotency(db: Db, takeoverSeconds: number, hooks: IdempotencyHooks = {}): Idempotency {
  // Keys running in this process: answered without touching the database, which
  // matters for PGlite, whose single connection is busy with that transaction.
  const inFlight = new Map<string, string>()

  /** Claims the key for `owner`, or says what to answer instead. */
  async function claim(o: RunOptions, owner: string): Promise<Reply | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await keys.insertRunning(db, o, o.fingerprint, owner)) return null
      const row = await keys.findKey(db, o, takeoverSeconds)
      if (!row) continue // released in between: try again
      if (row.fingerprint != o.fingerprint) throw otherRequest()
      if (row.state == 'done') {
        return {
          status: row.status!,
          body: row.body ?? undefined,
          contentType: row.content_type ?? 'application/json',
          headers: { ...(row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {}), 'Idempotent-Replayed': 'true' },
        }
      }
      if (!row.stale) throw stillRunning()
      if (await keys.takeOver(db, o, owner, takeoverSeconds)) return null
      // Its owner is committing right now, or another request took it first: look again.
    }
    throw stillRunning()
  }

  /** Stores `reply` as the key's answer in `tx`; throws (rolling `tx` back) when `owner` lost the key. */
  async function finish(tx: Db, o: RunOptions, owner: string, reply: Reply): Promise<void> {
    if (!(await keys.markDone(tx, o, owner, stored(reply)))) throw stillRunning()
  }

  return {
    async run(o) {
      const id = o.programKey + '\0' + o.key
      const running = inFlight.get(id)
      if (running !== undefined) throw running == o.fingerprint ? stillRunning() : otherRequest()
      inFlight.set(id, o.fingerprint)
      const owner = randomUUID()
      try {
        const answer = await claim(o, owner)
        if (answer) return answer
        try {
          await o.before?.()
          await hooks.afterClaim?.({ key: o.key })
          return await db.transaction(async (tx) => {
            const reply = await o.execute(tx)
            await hooks.beforeCommit?.({ key: o.key, reply })
            await finish(tx, o, owner, reply)
            return reply
          })
        } catch (error) {
          // Business problems are answers too: stored (nothing was written) and replayed.
          if (error instanceof DomainError && error.storable && (o.stores?.(error) ?? true)) {
            const reply: Reply = { status: error.status, body: error.toProblem(), contentType: 'application/problem+json', headers: error.headers }
            try {
              await db.transaction((tx) => finish(tx, o, owner, reply))
            } catch (storeError) {
              // Not stored (a lost key, a database hiccup): forget the key so a retry gets an answer.
              await keys.release(db, o, owner).catch(() => {})
              throw storeError
            }
            return reply
          }
          // Unexpected failures and transient refusals: forget the key so a retry can proceed.
          await keys.release(db, o, owner).catch(() => {})
          throw error
        }
      } finally {
        inFlight.delete(id)
      }
    },
    async sweep() {
      await keys.deleteOlderThan(db, RETENTION_HOURS)
    },
  }
}
