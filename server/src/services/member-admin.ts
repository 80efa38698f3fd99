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

/**
 * Stored Idempotency-Key answers that show a person (a sign-up's, an order's, a record's carry the email, the
 * member id or the customer id as a JSON string) are replaced by a 404, not deleted: a retry of that request
 * must still not run again. Matched as whole JSON strings, so another person's answer is never touched.
 */
async function forgetStoredAnswers(tx: Db, programKey: string, values: string[]): Promise<void> {
  const gone = JSON.stringify(new DomainError('not_found', 'This member was erased.').toProblem())
  await tx.query(
    `UPDATE idempotency_keys SET status = 404, content_type = 'application/problem+json', body = $3, headers = NULL
      WHERE program_key = $1 AND state = 'done' AND body IS NOT NULL AND EXISTS (SELECT 1 FROM unnest($2::text[]) t WHERE strpos(body, t) > 0)`,
    [programKey, values.map((x) => JSON.stringify(x)), gone],
  )
}

/**
 * Erasure (`member` locked): the person's data goes — email, name, birthday, the
 * store's customer id, consent history, order contact details, stored responses and
 * webhook payloads that carried them — and the books stay: ledger, order amounts,
 * coupons, and other members' referral links (which keep pointing at an anonymous row). What stays of the
 * person is a keyed digest of their email and customer id, so that joining again earns no second welcome.
 */
export async function erase(tx: Db, def: ProgramDef, member: MemberRow, secret: string): Promise<void> {
  // Before the email and customer id go: a return of this person is known (returning.ts), not read.
  await rememberErased(tx, def.key, secret, member.email, member.customer_id)
  await forgetStoredAnswers(tx, def.key, [member.email, member.id])
  await tx.query(`UPDATE orders SET email = NULL, customer_id = NULL WHERE program_key = $1 AND (member_id = $2 OR email = $3 OR customer_id = $4)`, [
    def.key,
    member.id,
    member.email,
    member.customer_id,
  ])
  await tx.query('DELETE FROM consent_events WHERE member_id = $1', [member.id])
  await tx.query(
    `UPDATE members SET email = 'erased:' || id, name = NULL, birthday = NULL, customer_id = NULL, marketing = FALSE, marketing_at = NULL,
            marketing_source = NULL, referral_code = $2, expiry_warned_for = NULL, erased_at = now()
      WHERE id = $1`,
    [member.id, 'X' + referralCode()],
  )
  await redactMemberEvents(tx, member.id)
  await emit(tx, def.key, 'member.erased', { memberId: member.id })
}

/**
 * An erasure request for a person the store names by email and/or its customer id, whether or not they
 * joined: each member either names is erased (erase), and the guest orders of that email or customer id
 * (never credited to anyone) lose their contact details, with the stored answers that showed them.
 */
export async function eraseCustomer(tx: Db, def: ProgramDef, who: CustomerErasureInput, secret: string): Promise<CustomerErasureResult> {
  // An order or a sign-up of the same email or customer racing this: one waits for the other.
  await lockIdentities(tx, def.key, who)
  const found = [who.email && (await findByEmail(tx, def.key, who.email, true)), who.customerId && (await findByCustomer(tx, def.key, who.customerId, true))]
  const members = [...new Map(found.filter((m): m is MemberRow => !!m).map((m) => [m.id, m])).values()]
  for (const member of members) await erase(tx, def, member, secret)
  const cleared = await tx.query(
    `UPDATE orders SET email = NULL, customer_id = NULL WHERE program_key = $1 AND member_id IS NULL AND (email = $2 OR customer_id = $3) RETURNING id`,
    [def.key, who.email ?? null, who.customerId ?? null],
  )
  await forgetStoredAnswers(
    tx,
    def.key,
    [who.email, who.customerId].filter((x): x is string => !!x),
  )
  return { members: members.map((m) => m.id), guestOrders: cleared.length }
}
