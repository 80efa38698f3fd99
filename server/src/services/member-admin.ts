/**
 * What the store does to a member through its API: corrections with a reason,
 * marketing consent, export of everything held (right of access) and erasure
 * (right to erasure) that keeps the books.
 */
import { rememberErased } from './returning.ts'
import type { AdjustmentResult, CustomerErasureInput, CustomerErasureResult, MemberExport } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError } from '../errors.ts'
import { referralCode } from '../ids.ts'
import type { ProgramDef } from '../program/program.ts'
import { pointsOf } from '../repositories/ledger.ts'
import { findByCustomer, findByEmail, lockIdentities, setMarketing, type MemberRow } from '../repositories/members.ts'
import { ordersOf, refundsOf } from '../repositories/orders.ts'
import { isoSql } from '../repositories/sql.ts'
import { emit, redactMemberEvents } from '../webhooks/outbox.ts'
import { memberRecord } from './members.ts'
import { orderView } from './orders.ts'
import { changePoints } from './points.ts'

/** A signed correction (`member` locked). A debit larger than the balance is refused. */
export async function adjust(tx: Db, def: ProgramDef, member: MemberRow, points: number, reason: string, actor: string): Promise<AdjustmentResult> {
  if (points < 0) {
    const { balance } = await pointsOf(tx, member.id)
    if (balance + points < 0) throw new DomainError('insufficient_points', `The balance is ${balance}: an adjustment cannot take it below zero.`)
  }
  const result = await changePoints(tx, def, { memberId: member.id, type: 'adjustment', points, reason, actor })
  return { entry: { id: result.entry!.id, points, reason, actor, createdAt: result.entry!.created_at }, balance: result.balance }
}

/** Gives or withdraws marketing consent (`source`: widget, store); webhook `member.updated` when it changed. */
export async function changeConsent(tx: Db, def: ProgramDef, member: MemberRow, marketing: boolean, source: string): Promise<void> {
  if (await setMarketing(tx, member.id, marketing, source)) {
    await emit(tx, def.key, 'member.updated', { memberId: member.id, email: member.email, marketing, source }, { memberId: member.id })
  }
}

export async function exportMember(db: Db, def: ProgramDef, member: MemberRow, language: string): Promise<MemberExport> {
  const id = member.id
  const [consents, ledger, coupons, claims, referrals, badges, punchCards] = await Promise.all([
    db.query<{ marketing: boolean; source: string; createdAt: string }>(
      `SELECT marketing, source, ${isoSql('created_at')} AS "createdAt" FROM consent_events WHERE member_id = $1 ORDER BY id`,
      [id],
    ),
    db.query<MemberExport['ledger'][number]>(
      `SELECT id::text AS id, type, points, reason, actor, order_id AS "orderId", reward_id AS "rewardId", rule_id AS "ruleId", ${isoSql('created_at')} AS "createdAt"
         FROM ledger WHERE member_id = $1 ORDER BY ledger.id`,
      [id],
    ),
    db.query<MemberExport['coupons'][number]>(
      `SELECT code, reward_id AS "rewardId", kind, points,
              CASE WHEN used_at IS NOT NULL THEN 'used' WHEN expires_at <= now() THEN 'expired' ELSE 'active' END AS state,
              ${isoSql('expires_at')} AS "expiresAt", ${isoSql('used_at')} AS "usedAt", ${isoSql('created_at')} AS "createdAt"
         FROM redemptions WHERE member_id = $1 ORDER BY created_at, id`,
      [id],
    ),
    db.query<MemberExport['claims'][number]>(
      `SELECT rule_id AS "ruleId", period, ${isoSql('created_at')} AS "createdAt" FROM claims WHERE member_id = $1 ORDER BY created_at`,
      [id],
    ),
    db.query<{ friends: string }>(`SELECT COUNT(*)::text AS friends FROM members WHERE referred_by = $1`, [id]),
    db.query<{ id: string; earnedAt: string }>(
      `SELECT badge_id AS id, ${isoSql('earned_at')} AS "earnedAt" FROM member_badges WHERE member_id = $1 ORDER BY earned_at, badge_id`,
      [id],
    ),
    db.query<{ ruleId: string; count: number; owed: number }>(
      `SELECT rule_id AS "ruleId", count, owed FROM punch_cards WHERE member_id = $1 ORDER BY rule_id`,
      [id],
    ),
  ])
  const [orders, refunds] = await Promise.all([ordersOf(db, id), refundsOf(db, id)])
  return {
    exportedAt: new Date().toISOString(),
    member: await memberRecord(db, def, member, language),
    consents,
    ledger,
    orders: orders.map(orderView),
    refunds: refunds.map((r) => ({ id: r.id, orderId: r.order_id, amount: r.amount / 100, points: r.points, pointsOwed: r.owed, createdAt: r.created_at })),
    coupons,
    claims,
    referrals: { referredBy: member.referred_by, friendsJoined: Number(referrals[0]?.friends ?? 0), completedAt: member.referral_completed_at },
    // As stored: badges the program has since dropped, and punches owed after refunds, too.
    badges,
    punchCards,
  }
}

/** A person as stored answers and orders show them. */
interface Traces {
  emails: string[]
  memberIds: string[]
  customerIds: string[]
}

/**
 * Stored Idempotency-Key answers that show a person are replaced by a 404, not deleted: a retry of that
 * request must still not run again. Emails and member ids are matched as whole JSON strings (distinctive);
 * a customer id only where an answer names one as such (a bare "42" may be someone's order id).
 */
async function forgetStoredAnswers(tx: Db, programKey: string, t: Traces): Promise<void> {
  const j = (x: string) => JSON.stringify(x)
  const needles = [...t.emails, ...t.memberIds].map(j).concat(t.customerIds.flatMap((c) => [`"customerId":${j(c)}`, `"customer":{"id":${j(c)}`]))
  if (!needles.length) return
  const gone = JSON.stringify(new DomainError('not_found', 'This member was erased.').toProblem())
  await tx.query(
    `UPDATE idempotency_keys SET status = 404, content_type = 'application/problem+json', body = $3, headers = NULL
      WHERE program_key = $1 AND state = 'done' AND body IS NOT NULL AND EXISTS (SELECT 1 FROM unnest($2::text[]) t WHERE strpos(body, t) > 0)`,
    [programKey, needles, gone],
  )
}

/** Orders (found by `where`, over $1 the program and the given parameters) lose their email and customer id; answers their old emails. */
async function clearOrderContacts(tx: Db, programKey: string, where: string, params: unknown[]): Promise<{ count: number; emails: string[] }> {
  const rows = await tx.query<{ id: string; email: string | null }>(`SELECT id, email FROM orders WHERE program_key = $1 AND (${where})`, [
    programKey,
    ...params,
  ])
  if (rows.length)
    await tx.query('UPDATE orders SET email = NULL, customer_id = NULL WHERE program_key = $1 AND id = ANY($2::text[])', [programKey, rows.map((r) => r.id)])
  return { count: rows.length, emails: [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))] }
}

/**
 * Erasure (`member` locked): the person's data goes — email, name, birthday, the
 * store's customer id, consent history, order contact details, stored responses and
 * webhook payloads that carried them — and the books stay: ledger, order amounts,
 * coupons, and other members' referral links (which keep pointing at an anonymous row). What stays of the
 * person is a keyed digest of their email and customer id, so that joining again earns no second welcome
 * and no second claim of a rule claimed once or once a year.
 */
export async function erase(tx: Db, def: ProgramDef, member: MemberRow, returnsKey: string): Promise<void> {
  // Before the email and customer id go: a return of this person is known (returning.ts), not read.
  await rememberErased(tx, def.key, returnsKey, member.email, member.customer_id)
  // Their orders, and those of their email or customer id, with whatever email each order was placed under.
  const orders = await clearOrderContacts(
    tx,
    def.key,
    // Not another store customer's orders placed under this email (the address changed hands).
    'member_id = $2 OR customer_id = $4 OR (email = $3 AND (customer_id IS NULL OR customer_id = $4))',
    [member.id, member.email, member.customer_id],
  )
  const customerIds = member.customer_id ? [member.customer_id] : []
  await forgetStoredAnswers(tx, def.key, { emails: [member.email, ...orders.emails], memberIds: [member.id], customerIds })
  await tx.query('DELETE FROM consent_events WHERE member_id = $1', [member.id])
  await tx.query(
    `UPDATE members SET email = 'erased:' || id, name = NULL, birthday = NULL, customer_id = NULL, marketing = FALSE, marketing_at = NULL,
            marketing_source = NULL, referral_code = $2, expiry_warned_for = NULL,
            seen_at = NULL, seen_balance = NULL, seen_tier = NULL, seen_badges = NULL, erased_at = now()
      WHERE id = $1`,
    [member.id, 'X' + referralCode()],
  )
  await redactMemberEvents(tx, member.id)
  await emit(tx, def.key, 'member.erased', { memberId: member.id })
}

/**
 * An erasure request for a person the store names by email and/or its customer id, whether or not they
 * joined: the members they name are erased (erase), and the guest orders of that email or customer id
 * (never credited to anyone) lose their contact details, with the stored answers that showed them.
 * Given both, an email that now belongs to another store customer (theirs first, changed since) is not
 * this person's: neither that customer's membership nor their orders are touched.
 */
export async function eraseCustomer(tx: Db, def: ProgramDef, who: CustomerErasureInput, returnsKey: string): Promise<CustomerErasureResult> {
  // An order or a sign-up of the same email or customer racing this: one waits for the other.
  await lockIdentities(tx, def.key, who)
  const id = who.customerId ?? null
  const byEmail = who.email ? await findByEmail(tx, def.key, who.email, true) : null
  // Given both, an email whose member is another store customer is that customer's now: left alone.
  const email = byEmail && id && byEmail.customer_id && byEmail.customer_id != id ? null : (who.email ?? null)
  const found = [id && (await findByCustomer(tx, def.key, id, true)), email && byEmail]
  const members = [...new Map(found.filter((m): m is MemberRow => !!m).map((m) => [m.id, m])).values()]
  for (const member of members) await erase(tx, def, member, returnsKey)
  const guests = await clearOrderContacts(
    tx,
    def.key,
    'member_id IS NULL AND (customer_id = $3 OR (email = $2 AND ($3::text IS NULL OR customer_id IS NULL OR customer_id = $3)))',
    [email, id],
  )
  await forgetStoredAnswers(tx, def.key, { emails: [...(email ? [email] : []), ...guests.emails], memberIds: [], customerIds: id ? [id] : [] })
  return { members: members.map((m) => m.id), guestOrders: guests.count }
}
