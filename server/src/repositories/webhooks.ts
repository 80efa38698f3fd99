/**
 * SQL of webhook endpoints and deliveries. Events and their deliveries are written
 * by webhooks/outbox.ts; here a replica leases due deliveries (FOR UPDATE SKIP LOCKED,
 * then `leased_until`), and records each attempt and what follows from it.
 */
import type { Db } from '../db/index.ts'
import { isoSql } from './sql.ts'

export interface EndpointRow {
  id: string
  /** The environment variable that owns it, or null. */
  name: string | null
  url: string
  created_at: string
  disabled_at: string | null
}

export interface AttemptRow {
  attempt: number
  status: number | null
  error: string | null
  durationMs: number
  createdAt: string
}

export interface DeliveryRow {
  id: number
  event_id: string
  type: string
  endpoint_id: string
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_at: string
  last_status: number | null
  last_error: string | null
  delivered_at: string | null
  created_at: string
  attempt_list: AttemptRow[]
}

/** A delivery this replica leased: what it needs to post it. */
export interface LeasedDelivery {
  id: number
  event_id: string
  type: string
  /** The event body, exactly as stored. */
  payload: string
  endpoint_id: string
  url: string
  secret: string
  /** This attempt's number (1 for the first): also the fencing token of recordAttempt. */
  attempt: number
}

/** What an attempt leads to: done, another attempt later, or given up. */
export type Outcome = { state: 'delivered' } | { state: 'pending'; retryInMs: number } | { state: 'failed' }

const ENDPOINT_COLUMNS = `id, name, url, ${isoSql('created_at')} AS created_at, ${isoSql('disabled_at')} AS disabled_at`

// Disabling an endpoint gives up on what it still had to receive, so nothing stays pending for good.
const DISABLE = `WITH gone AS (UPDATE webhook_endpoints SET disabled_at = now() WHERE %WHERE% AND disabled_at IS NULL RETURNING id),
  dropped AS (UPDATE webhook_deliveries SET state = 'failed', last_error = 'endpoint disabled', leased_until = NULL
               WHERE endpoint_id IN (SELECT id FROM gone) AND state = 'pending')
  SELECT id FROM gone`

/** Adds an active endpoint; a URL the program already has active is a unique violation. */
export async function addEndpoint(db: Db, programKey: string, e: { id: string; url: string; secret: string; name?: string }): Promise<EndpointRow> {
  const [row] = await db.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, program_key, url, secret, name) VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT_COLUMNS}`,
    [e.id, programKey, e.url, e.secret, e.name ?? null],
  )
  return row!
}

/**
 * The endpoint of an environment variable (`name`): kept when the URL is the same (its
 * secret updated: a rotation), else added, and the one before it under that name
 * disabled, so changing the variable replaces the endpoint. Without a value (the
 * variable removed), that endpoint is disabled. Serialised: replicas start together.
 * Answers how many endpoints it disabled.
 */
export async function setEnvEndpoint(db: Db, programKey: string, name: string, e: { id: string; url: string; secret: string } | undefined): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7242002)')
    let keep: string | null = null
    if (e) {
      // An active endpoint with this URL (the variable's, or one added another way) becomes the variable's.
      const [found] = await tx.query<{ id: string }>(
        `UPDATE webhook_endpoints SET name = $3, secret = $4 WHERE program_key = $1 AND url = $2 AND disabled_at IS NULL RETURNING id`,
        [programKey, e.url, name, e.secret],
      )
      keep = found?.id ?? (await addEndpoint(tx, programKey, { ...e, name })).id
    }
    return (await tx.query(DISABLE.replace('%WHERE%', 'program_key = $1 AND name = $2 AND id IS DISTINCT FROM $3'), [programKey, name, keep])).length
  })
}

/** Stops sending to an endpoint; its pending deliveries fail. False when unknown or already disabled. */
export async function disableEndpoint(db: Db, programKey: string, id: string): Promise<boolean> {
  return (await db.query(DISABLE.replace('%WHERE%', 'program_key = $1 AND id = $2'), [programKey, id])).length > 0
}

/** A new secret for an active endpoint, used from its next attempt on. */
export async function rotateSecret(db: Db, programKey: string, id: string, secret: string): Promise<boolean> {
  return (
    (
      await db.query(`UPDATE webhook_endpoints SET secret = $3 WHERE program_key = $1 AND id = $2 AND disabled_at IS NULL RETURNING id`, [
        programKey,
        id,
        secret,
      ])
    ).length > 0
  )
}

/** Every endpoint of the program, disabled ones too; never the secrets. */
export async function listEndpoints(db: Db, programKey: string): Promise<EndpointRow[]> {
  return db.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE program_key = $1 ORDER BY created_at, id`, [programKey])
}

/** The latest deliveries (newest first), each with its attempts (oldest first); never the payloads. */
export async function recentDeliveries(db: Db, programKey: string, o: { limit?: number; endpointId?: string; eventId?: string } = {}): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `SELECT d.id, d.event_id, ev.type, d.endpoint_id, d.state, d.attempts, ${isoSql('d.next_at')} AS next_at, d.last_status, d.last_error,
            ${isoSql('d.delivered_at')} AS delivered_at, ${isoSql('d.created_at')} AS created_at,
            COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'status', a.status, 'error', a.error, 'durationMs', a.duration_ms,
                                                        'createdAt', ${isoSql('a.created_at')}) ORDER BY a.id)
                        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS attempt_list
       FROM webhook_deliveries d
       JOIN webhook_endpoints e ON e.id = d.endpoint_id
       JOIN webhook_events ev ON ev.id = d.event_id
      WHERE e.program_key = $1 AND ($2::text IS NULL OR d.endpoint_id = $2) AND ($3::text IS NULL OR d.event_id = $3)
      ORDER BY d.id DESC
      LIMIT $4`,
    [programKey, o.endpointId ?? null, o.eventId ?? null, o.limit ?? 50],
  )
}

/**
 * Sends a delivery again now, whatever its state (a delivered one goes again with the
 * same webhook-id), unless its endpoint is disabled. One that is being posted right
 * now keeps its lease, so it is not sent twice at once.
 */
export async function retryDelivery(db: Db, programKey: string, id: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE webhook_deliveries d SET state = 'pending', next_at = now()
       FROM webhook_endpoints e
      WHERE d.id = $2 AND e.id = d.endpoint_id AND e.program_key = $1 AND e.disabled_at IS NULL
      RETURNING d.id`,
    [programKey, id],
  )
  return rows.length > 0
}

/**
 * Leases up to `limit` due deliveries for `leaseSeconds` and counts their attempt. The
 * row locks are held only by this statement (SKIP LOCKED: replicas take different
 * rows); the lease keeps others off while the post is in flight, and a lease that
 * expires (the process died mid-attempt) makes the delivery due again.
 */
export async function leaseDue(db: Db, programKey: string, limit: number, leaseSeconds: number): Promise<LeasedDelivery[]> {
  return db.query<LeasedDelivery>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.state = 'pending' AND d.next_at <= now() AND (d.leased_until IS NULL OR d.leased_until < now())
          AND e.program_key = $1 AND e.disabled_at IS NULL
        ORDER BY d.next_at
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d SET leased_until = now() + make_interval(secs => $3::float8), attempts = d.attempts + 1
       FROM due, webhook_events ev, webhook_endpoints e
      WHERE d.id = due.id AND ev.id = d.event_id AND e.id = d.endpoint_id
      RETURNING d.id, d.event_id, ev.type, ev.payload, e.id AS endpoint_id, e.url, e.secret, d.attempts AS attempt`,
    [programKey, limit, leaseSeconds],
  )
}

/**
 * Records one attempt and its outcome. The outcome applies only while the delivery is
 * still this attempt's (same attempt number, still pending): a replica that took it over
 * after the lease expired wins. Answers whether the outcome applied.
 */
export async function recordAttempt(
  db: Db,
  a: { deliveryId: number; attempt: number; status: number | null; error: string | null; durationMs: number; outcome: Outcome },
): Promise<boolean> {
  const retryInMs = a.outcome.state == 'pending' ? a.outcome.retryInMs : null
  const rows = await db.query(
    `WITH attempt AS (
       INSERT INTO webhook_attempts (delivery_id, attempt, status, error, duration_ms) VALUES ($1, $2, $3::int, $4::text, $5)
     )
     UPDATE webhook_deliveries
        SET state = $6, leased_until = NULL, last_status = $3::int, last_error = $4::text,
            next_at = CASE WHEN $7::float8 IS NULL THEN next_at ELSE now() + make_interval(secs => $7::float8 / 1000) END,
            delivered_at = CASE WHEN $6 = 'delivered' THEN now() ELSE delivered_at END
      WHERE id = $1 AND attempts = $2 AND state = 'pending'
      RETURNING id`,
    [a.deliveryId, a.attempt, a.status, a.error, a.durationMs, a.outcome.state, retryInMs],
  )
  return rows.length > 0
}

/**
 * Forgets events older than `days` that nothing still waits to send, with their
 * deliveries and attempts: payloads (a member.created carries an email) are not
 * kept longer than the store needs to look at recent deliveries.
 */
export async function purgeOld(db: Db, programKey: string, days: number): Promise<void> {
  await db.query(
    `WITH old AS (
       SELECT id FROM webhook_events e WHERE program_key = $1 AND created_at < now() - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.state = 'pending')),
     attempts AS (DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE event_id IN (SELECT id FROM old))),
     deliveries AS (DELETE FROM webhook_deliveries WHERE event_id IN (SELECT id FROM old))
     DELETE FROM webhook_events WHERE id IN (SELECT id FROM old)`,
    [programKey, days],
  )
}
