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

/** Records `type` with `data` for every active endpoint; answers the event id (`msg_…`, the stable `webhook-id`). */
export async function emit(tx: Db, programKey: string, type: WebhookEventType, data: Record<string, unknown>, o: EmitOptions = {}): Promise<string> {
  const id = randomId('msg')
  const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data })
  await tx.query(
    `WITH event AS (INSERT INTO webhook_events (id, program_key, type, member_id, payload) VALUES ($1, $2, $3, $4, $5) RETURNING id)
     INSERT INTO webhook_deliveries (event_id, endpoint_id)
     SELECT event.id, e.id FROM event, webhook_endpoints e WHERE e.program_key = $2 AND e.disabled_at IS NULL`,
    [id, programKey, type, o.memberId ?? null, payload],
  )
  return id
}

/** Erasure: the payloads of a member's events keep their type and ids, nothing personal. */
export async function redactMemberEvents(tx: Db, memberId: string): Promise<void> {
  await tx.query(
    `UPDATE webhook_events SET payload = json_build_object('type', type, 'timestamp', ${isoSql('created_at')}, 'data', json_build_object('memberId', member_id, 'erased', true))::text
      WHERE member_id = $1`,
    [memberId],
  )
}
