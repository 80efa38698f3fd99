/** SQL of orders and refunds. Amounts are NUMERIC(14,2) in the database and cents in code. */
import type { Db } from '../db/index.ts'
import { isoSql, toCount } from './sql.ts'

export interface OrderRow {
  id: string
  member_id: string | null
  customer_id: string | null
  email: string | null
  /** Cents. */
  amount: number
  currency: string
  refunded: number
  points: number
  points_reversed: number
  credited_at: string | null
  placed_at: string
  created_at: string
}

const COLUMNS = `id, member_id, customer_id, email, (amount * 100)::bigint AS amount, currency, (refunded_amount * 100)::bigint AS refunded,
  points, points_reversed, ${isoSql('credited_at')} AS credited_at, ${isoSql('placed_at')} AS placed_at, ${isoSql('created_at')} AS created_at`

const toRow = (r: Record<string, unknown>): OrderRow => ({ ...(r as unknown as OrderRow), amount: toCount(r.amount), refunded: toCount(r.refunded) })

export interface NewOrder {
  id: string
  memberId: string | null
  customerId: string | null
  email: string
  cents: number
  currency: string
  placedAt: string | null
}

/** Inserts an order; null when this program already has an order with this id (then it waits for, and sees, the other). */
export async function insertOrder(tx: Db, programKey: string, o: NewOrder): Promise<OrderRow | null> {
  const [row] = await tx.query(
    `INSERT INTO orders (program_key, id, member_id, customer_id, email, amount, currency, placed_at)
     VALUES ($1, $2, $3, $4, $5, $6::bigint / 100.0, $7, COALESCE($8::timestamptz, now()))
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [programKey, o.id, o.memberId, o.customerId, o.email, o.cents, o.currency, o.placedAt],
  )
  return row ? toRow(row) : null
}

export async function findOrder(db: Db, programKey: string, id: string, lock = false): Promise<OrderRow | null> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM orders WHERE program_key = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [programKey, id])
  return row ? toRow(row) : null
}

export async function setOrderPoints(tx: Db, programKey: string, id: string, memberId: string, points: number, reversed: number): Promise<void> {
  await tx.query(`UPDATE orders SET member_id = $3, points = $4, points_reversed = $5, credited_at = now() WHERE program_key = $1 AND id = $2`, [
    programKey,
    id,
    memberId,
    points,
    reversed,
  ])
}

/**
 * Guest orders (no member) a new member may claim, oldest first, locked: a guest
 * checkout's (no customer id) of this email, or the store customer's own orders when
 * the member is that customer. An order of a store account is never given to a
 * member who only typed its email.
 */
export async function guestOrders(tx: Db, programKey: string, email: string, customerId: string | null): Promise<OrderRow[]> {
  const rows = await tx.query(
    `SELECT ${COLUMNS} FROM orders WHERE program_key = $1 AND member_id IS NULL
        AND ((customer_id IS NULL AND email = $2) OR ($3::text IS NOT NULL AND customer_id = $3))
      ORDER BY placed_at, id FOR UPDATE`,
    [programKey, email, customerId],
  )
  return rows.map(toRow)
}

export async function recordRefund(
  tx: Db,
  programKey: string,
  r: { id: string; storeRefundId: string | null; orderId: string; cents: number; points: number; owed: number; reversedTotal: number },
): Promise<RefundRow> {
  await tx.query(`UPDATE orders SET refunded_amount = refunded_amount + $3::bigint / 100.0, points_reversed = $4 WHERE program_key = $1 AND id = $2`, [
    programKey,
    r.orderId,
    r.cents,
    r.reversedTotal,
  ])
  const [row] = await tx.query<RefundRow & { amount: unknown }>(
    `INSERT INTO refunds (id, program_key, order_id, store_refund_id, amount, points, owed) VALUES ($1, $2, $3, $4, $5::bigint / 100.0, $6, $7)
     RETURNING ${REFUND_COLUMNS}`,
    [r.id, programKey, r.orderId, r.storeRefundId, r.cents, r.points, r.owed],
  )
  return { ...row!, amount: toCount(row!.amount) }
}

/** A refund the store reported with its own id. */
export async function findStoreRefund(db: Db, programKey: string, orderId: string, storeRefundId: string): Promise<RefundRow | null> {
  const [row] = await db.query<RefundRow & { amount: unknown }>(
    `SELECT ${REFUND_COLUMNS} FROM refunds WHERE program_key = $1 AND order_id = $2 AND store_refund_id = $3`,
    [programKey, orderId, storeRefundId],
  )
  return row ? { ...row, amount: toCount(row.amount) } : null
}

/** Lifetime value (order amounts net of refunds, in cents) and the number of orders credited to a member. */
export async function orderTotals(db: Db, memberId: string): Promise<{ cents: number; orders: number }> {
  const [row] = await db.query<{ cents: unknown; orders: unknown }>(
    `SELECT COALESCE(SUM((amount - refunded_amount) * 100), 0)::bigint AS cents, COUNT(*) AS orders FROM orders WHERE member_id = $1`,
    [memberId],
  )
  return { cents: toCount(row?.cents), orders: toCount(row?.orders) }
}

export async function ordersOf(db: Db, memberId: string): Promise<OrderRow[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM orders WHERE member_id = $1 ORDER BY placed_at, id`, [memberId])).map(toRow)
}

export interface RefundRow {
  id: string
  store_refund_id: string | null
  order_id: string
  /** Cents. */
  amount: number
  points: number
  owed: number
  created_at: string
}

const REFUND_COLUMNS = `id, store_refund_id, order_id, (amount * 100)::bigint AS amount, points, owed, ${isoSql('created_at')} AS created_at`

export async function refundsOf(db: Db, memberId: string): Promise<RefundRow[]> {
  const rows = await db.query<RefundRow & { amount: unknown }>(
    `SELECT r.id, r.store_refund_id, r.order_id, (r.amount * 100)::bigint AS amount, r.points, r.owed, ${isoSql('r.created_at')} AS created_at
       FROM refunds r JOIN orders o ON o.program_key = r.program_key AND o.id = r.order_id
      WHERE o.member_id = $1 ORDER BY r.created_at, r.id`,
    [memberId],
  )
  return rows.map((r) => ({ ...r, amount: toCount(r.amount) }))
}
