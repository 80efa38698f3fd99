/**
 * The webhook outbox: an event is written in the same transaction as the change it
 * announces, with one pending delivery per active endpoint of the program, so an
 * event exists exactly when its change committed. Delivery (webhooks/delivery.ts)
 * happens later, on whichever replica leases it.
 */
import type { WebhookEventType } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { randomId } from '../ids.ts'
import { isoSql } from '../repositories/sql.ts'

export interface EmitOptions {
  /** The member the event is about: erasure redacts that member's payloads. */
  memberId?: string
}

export interface OutboxEvent {
  type: WebhookEventType
  data: Record<string, unknown>
  /** The member the event is about: erasure redacts that member's payloads. */
  memberId?: string
}

/** Records `type` with `data` for every active endpoint; answers the event id (`msg_…`, the stable `webhook-id`). */
export async function emit(tx: Db, programKey: string, type: WebhookEventType, data: Record<string, unknown>, o: EmitOptions = {}): Promise<string> {
  const [id] = await emitAll(tx, programKey, [{ type, data, memberId: o.memberId }])
  return id!
}

/** Records several events in one statement (one round trip however many a change announces). */
export async function emitAll(tx: Db, programKey: string, events: OutboxEvent[]): Promise<string[]> {
  if (!events.length) return []
  const ids = events.map(() => randomId('msg'))
  const timestamp = new Date().toISOString()
  await tx.query(
    `WITH event AS (
       INSERT INTO webhook_events (id, program_key, type, member_id, payload)
       SELECT id, $2, type, member_id, payload FROM unnest($1::text[], $3::text[], $4::text[], $5::text[]) AS e (id, type, member_id, payload)
       RETURNING id)
     INSERT INTO webhook_deliveries (event_id, endpoint_id)
     SELECT event.id, e.id FROM event, webhook_endpoints e WHERE e.program_key = $2 AND e.disabled_at IS NULL`,
    [
      ids,
      programKey,
      events.map((e) => e.type),
      events.map((e) => e.memberId ?? null),
      events.map((e) => JSON.stringify({ type: e.type, timestamp, data: e.data })),
    ],
  )
  return ids
}

/** Erasure: the payloads of a member's events keep their type and ids, nothing personal. */
export async function redactMemberEvents(tx: Db, memberId: string): Promise<void> {
  await tx.query(
    `UPDATE webhook_events SET payload = json_build_object('type', type, 'timestamp', ${isoSql('created_at')}, 'data', json_build_object('memberId', member_id, 'erased', true))::text
      WHERE member_id = $1`,
    [memberId],
  )
}
