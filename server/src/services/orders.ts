/**
 * Orders from the store (`POST /orders`): purchase points by the program's rule ×
 * tier multiplier × running campaigns, once per order id; guest orders credited
 * when their email joins; referrals completed by the friend's first qualifying
 * order; refunds reversing points in proportion (what the balance cannot cover is owed).
 */
import { normalizeEmail, type Order, type OrderInput, type OrderResult, type RefundResult } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError, invalid, notFound } from '../errors.ts'
import { randomId } from '../ids.ts'
import { localize } from '../program/i18n.ts'
import { advocatePoints, purchaseRule, runningCampaigns, tierFor, type ProgramDef } from '../program/program.ts'
import { addEntry, addLifetimeReversed, addOwed, pointsOf, referralBonusOf, referralsThisMonth } from '../repositories/ledger.ts'
import { findByCustomer, findByEmail, findById, lockIdentities, markReferralCompleted, type MemberRow } from '../repositories/members.ts'
import { findOrder, findStoreRefund, guestOrders, insertOrder, recordRefund, setOrderPoints, type OrderRow, type RefundRow } from '../repositories/orders.ts'
import { takeBackPunches } from '../repositories/punch-cards.ts'
import { emit } from '../webhooks/outbox.ts'
import { announce, changePoints } from './points.ts'
import { earnBadgesNow } from './badges.ts'
import { punchOrder } from './punch-cards.ts'

const cents = (amount: number) => Math.round(amount * 100)
/** A ledger entry is a 32-bit integer. */
const MAX_ENTRY_POINTS = 2 ** 31 - 1
const money = (c: number) => c / 100

export function orderView(o: OrderRow): Order {
  return {
    id: o.id,
    state: o.member_id ? 'credited' : 'guest',
    memberId: o.member_id,
    customer: { id: o.customer_id, email: o.email },
    amount: money(o.amount),
    currency: o.currency,
    refundedAmount: money(o.refunded),
    points: o.points,
    pointsReversed: o.points_reversed,
    placedAt: o.placed_at,
    createdAt: o.created_at,
  }
}

/**
 * Purchase points of an order placed at `at` by a member with `lifetime` points: floor(rule × tier × campaigns)
 * + campaign bonuses. A free order buys nothing, so it earns nothing, a campaign's per-order bonus included.
 */
export function purchasePoints(
  def: ProgramDef,
  amountCents: number,
  lifetime: number,
  at: Date,
  tierMultiplier = tierFor(def, lifetime).tier.multiplier,
): number {
  const rule = purchaseRule(def)
  const campaigns = runningCampaigns(def, at)
  const multiplier = tierMultiplier * campaigns.reduce((m, c) => m * (c.multiplier ?? 1), 1)
  const bonus = campaigns.reduce((b, c) => b + (c.bonus ?? 0), 0)
  // 1e-9 absorbs binary float noise (19.99 × 100 …) before flooring.
  return amountCents > 0 ? Math.floor((amountCents / 100 / (rule.per ?? 1)) * rule.points * multiplier + 1e-9) + bonus : 0
}

/** The member of an order's customer: by the store's customer id, else by email (when not linked to another customer). */
async function memberOfCustomer(tx: Db, def: ProgramDef, customer: { id?: string; email: string }): Promise<MemberRow | null> {
  if (customer.id !== undefined) {
    const byId = await findByCustomer(tx, def.key, customer.id, true)
    if (byId) return byId
  }
  const byEmail = await findByEmail(tx, def.key, customer.email, true)
  return byEmail && (customer.id === undefined || byEmail.customer_id === null || byEmail.customer_id == customer.id) ? byEmail : null
}

const memberSummary = (def: ProgramDef, memberId: string, points: { balance: number; lifetime: number }, language: string) => {
  const tier = tierFor(def, points.lifetime).tier
  return { id: memberId, balance: points.balance, tier: { id: tier.id, name: localize(tier.name, language) } }
}

export async function recordOrder(tx: Db, def: ProgramDef, input: OrderInput, language: string): Promise<{ status: 200 | 201; body: OrderResult }> {
  if (input.currency != def.currency) {
    throw invalid(`This program counts in ${def.currency}.`, [{ field: 'currency', code: 'currency_mismatch' }])
  }
  const email = normalizeEmail(input.customer.email)
  const amount = cents(input.amount)
  // Whatever tier the member reaches, one order's points must fit a ledger entry.
  const most = purchasePoints(def, amount, 0, input.placedAt ? new Date(input.placedAt) : new Date(), Math.max(...def.tiers.map((t) => t.multiplier)))
  if (most > MAX_ENTRY_POINTS) throw invalid('This amount would earn more points than one order can.', [{ field: 'amount', code: 'too_large' }])
  // A sign-up of this email racing this order: one waits for the other, so the order is credited either way.
  await lockIdentities(tx, def.key, { email, customerId: input.customer.id })
  const member = await memberOfCustomer(tx, def, { id: input.customer.id, email })
  const row = await insertOrder(tx, def.key, {
    id: input.id,
    memberId: null,
    customerId: input.customer.id ?? null,
    email,
    cents: amount,
    currency: input.currency,
    placedAt: input.placedAt ?? null,
  })
  if (!row) {
    // Recorded before (a retry with a new key, a second webhook): the same order answers as recorded.
    const existing = (await findOrder(tx, def.key, input.id))!
    const same =
      existing.amount == amount &&
      existing.currency == input.currency &&
      (existing.email === null || existing.email == email) &&
      (existing.customer_id ?? undefined) == input.customer.id
    if (!same) throw new DomainError('order_conflict', `Order ${input.id} was already recorded with another customer, amount or currency.`)
    // A guest order whose customer has joined since (and was somehow not credited then) is credited now.
    const recorded = !existing.member_id && member ? await creditOrder(tx, def, member, (await findOrder(tx, def.key, input.id, true))!) : existing
    const points = recorded.member_id ? await pointsOf(tx, recorded.member_id) : null
    return {
      status: 200,
      body: { order: orderView(recorded), member: recorded.member_id && points ? memberSummary(def, recorded.member_id, points, language) : null },
    }
  }
  if (!member) return { status: 201, body: { order: orderView(row), member: null } }
  const credited = await creditOrder(tx, def, member, row)
  return { status: 201, body: { order: orderView(credited), member: memberSummary(def, member.id, await pointsOf(tx, member.id), language) } }
}

/**
 * Credits an order's points to `member` (locked). A guest order credited at sign-up
 * that was partly refunded meanwhile is credited in full and reversed as the refunds say.
 */
export async function creditOrder(tx: Db, def: ProgramDef, member: MemberRow, order: OrderRow, o: { completesReferral?: boolean } = {}): Promise<OrderRow> {
  const { lifetime } = await pointsOf(tx, member.id)
  const points = purchasePoints(def, order.amount, lifetime, new Date(order.placed_at))
  const reversed = reversedPoints(points, order.amount, order.refunded)
  await setOrderPoints(tx, def.key, order.id, member.id, points, 0)
  await changePoints(tx, def, { memberId: member.id, type: 'purchase', points, ruleId: purchaseRule(def).id, orderId: order.id })
  if (reversed > 0) await reversePoints(tx, def, member.id, order.id, reversed, reversed)
  await punchOrder(tx, def, member.id, order)
  if (o.completesReferral !== false) await completeReferral(tx, def, member, order)
  return { ...order, member_id: member.id, points, points_reversed: reversed }
}

/** Points reversed once `refunded` of `amount` is refunded: in proportion, all of them on a full refund. */
export const reversedPoints = (points: number, amount: number, refunded: number): number =>
  refunded >= amount ? points : amount == 0 ? 0 : Math.floor((points * refunded) / amount)

/** Takes `delta` points back for an order: from the balance down to zero, the rest owed. Answers the points owed. */
async function reversePoints(tx: Db, def: ProgramDef, memberId: string, orderId: string, delta: number, reversedTotal: number): Promise<number> {
  if (delta <= 0) return 0
  const before = await pointsOf(tx, memberId)
  await tx.query('UPDATE orders SET points_reversed = $3 WHERE program_key = $1 AND id = $2', [def.key, orderId, reversedTotal])
  const taken = Math.min(before.balance, delta)
  await addEntry(tx, { memberId, type: 'refund', points: -taken, orderId })
  await addOwed(tx, memberId, delta - taken)
  await announce(tx, def, memberId, before, { type: 'refund', points: -taken, orderId })
  return delta - taken
}

/** One person's email in one form: case, `+tags` and Gmail's dots do not make another person (self-referral checks). */
export function canonicalEmail(email: string): string {
  const [local = '', domain = ''] = email.toLowerCase().split('@')
  let name = local.split('+')[0]!
  if (domain == 'gmail.com' || domain == 'googlemail.com') name = name.replace(/\./g, '')
  return `${name}@${domain == 'googlemail.com' ? 'gmail.com' : domain}`
}

/**
 * A referred member's first order after joining of at least the program's minimum
 * completes the referral once: the advocate earns the referral points (up to the
 * monthly cap), unless the order's customer is the advocate.
 */
async function completeReferral(tx: Db, def: ProgramDef, friend: MemberRow, order: OrderRow): Promise<void> {
  if (!friend.referred_by || friend.referral_completed_at) return
  // Nothing bought (a zero order) completes nothing, whatever the minimum.
  if (order.amount <= 0 || order.amount < cents(def.referral.minOrderAmount)) return
  if (Date.parse(order.placed_at) < Date.parse(friend.created_at)) return
  const advocate = await findById(tx, def.key, friend.referred_by, true)
  if (!advocate) return
  const emails = [friend.email, order.email].filter((e): e is string => !!e).map(canonicalEmail)
  const customers = [friend.customer_id, order.customer_id].filter((c): c is string => !!c)
  const self = emails.includes(canonicalEmail(advocate.email)) || (advocate.customer_id !== null && customers.includes(advocate.customer_id))
  await markReferralCompleted(tx, friend.id)
  if (self) return
  const capped = (await referralsThisMonth(tx, advocate.id)) >= def.referral.monthlyCap
  const points = capped ? 0 : advocatePoints(def)
  if (points > 0) await changePoints(tx, def, { memberId: advocate.id, type: 'referral', points, friendId: friend.id, orderId: order.id })
  await emit(
    tx,
    def.key,
    'referral.completed',
    { advocateId: advocate.id, friendId: friend.id, orderId: order.id, advocatePoints: points, capped },
    { memberId: advocate.id },
  )
  // Paid referrals earn badges with their points; a capped one (or a program without advocate points) here.
  if (points == 0) await earnBadgesNow(tx, def, advocate.id)
}

/** At sign-up: the guest orders of this email (or customer id) are credited to the new member (locked), once. */
export async function creditGuestOrders(tx: Db, def: ProgramDef, member: MemberRow): Promise<void> {
  for (const order of await guestOrders(tx, def.key, member.email, member.customer_id)) {
    // Orders placed before joining do not complete a referral: the friend's welcome was for an order as a member.
    await creditOrder(tx, def, member, order, { completesReferral: false })
  }
}

/** Locks an order's member, then the order (the order every transaction takes them in): the order as locked. */
async function lockOrder(tx: Db, def: ProgramDef, orderId: string): Promise<OrderRow | null> {
  const seen = await findOrder(tx, def.key, orderId)
  if (!seen) return null
  if (seen.member_id) await findById(tx, def.key, seen.member_id, true)
  const order = (await findOrder(tx, def.key, orderId, true))!
  // Credited to a member (a guest's order at sign-up) in between: that member's lock too.
  if (order.member_id && order.member_id != seen.member_id) await findById(tx, def.key, order.member_id, true)
  return order
}

export async function refundOrder(
  tx: Db,
  def: ProgramDef,
  orderId: string,
  input: { amount: number; id?: string },
  language: string,
): Promise<{ status: 200 | 201; body: RefundResult }> {
  const order = await lockOrder(tx, def, orderId)
  if (!order) throw notFound(`There is no order ${orderId.slice(0, 100)}.`)
  const refund = cents(input.amount)
  if (input.id !== undefined) {
    const recorded = await findStoreRefund(tx, def.key, order.id, input.id)
    if (recorded) {
      if (recorded.amount != refund) throw new DomainError('order_conflict', `Refund ${input.id} of this order was recorded with another amount.`)
      return { status: 200, body: await refundResult(tx, def, order, recorded, language) }
    }
  }
  const left = order.amount - order.refunded
  if (refund > left) {
    throw invalid(`At most ${money(left)} ${order.currency} of this order is left to refund.`, [{ field: 'amount', code: 'exceeds_order' }])
  }
  const refunded = order.refunded + refund
  let delta = 0
  let owed = 0
  let reversedTotal = order.points_reversed
  if (order.member_id) {
    reversedTotal = reversedPoints(order.points, order.amount, refunded)
    delta = reversedTotal - order.points_reversed
    owed = await reversePoints(tx, def, order.member_id, order.id, delta, reversedTotal)
    // The order that completed a referral no longer qualifies (below the minimum, or all of it refunded,
    // which a minimum of 0 would not catch): the advocate's bonus goes back too.
    if (refunded >= order.amount || order.amount - refunded < cents(def.referral.minOrderAmount)) await reverseReferral(tx, def, order)
    // A fully refunded order no longer counts on punch cards.
    if (refunded >= order.amount) await takeBackPunches(tx, def.key, order.id)
  }
  const id = randomId('ref')
  const row = await recordRefund(tx, def.key, { id, storeRefundId: input.id ?? null, orderId: order.id, cents: refund, points: delta, owed, reversedTotal })
  const after: OrderRow = { ...order, refunded, points_reversed: reversedTotal }
  await emit(
    tx,
    def.key,
    'order.refunded',
    { orderId: order.id, memberId: order.member_id, amount: money(refund), refundedAmount: money(refunded), pointsReversed: delta, pointsOwed: owed },
    order.member_id ? { memberId: order.member_id } : {},
  )
  return { status: 201, body: await refundResult(tx, def, after, row, language) }
}

async function refundResult(tx: Db, def: ProgramDef, order: OrderRow, r: RefundRow, language: string): Promise<RefundResult> {
  let member: RefundResult['member'] = null
  if (order.member_id) {
    const points = await pointsOf(tx, order.member_id)
    const [{ owed } = { owed: 0 }] = await tx.query<{ owed: string }>('SELECT points_owed AS owed FROM members WHERE id = $1', [order.member_id])
    member = { ...memberSummary(def, order.member_id, points, language), pointsOwed: Number(owed) }
  }
  return {
    refund: {
      id: r.id,
      storeRefundId: r.store_refund_id,
      orderId: order.id,
      amount: money(r.amount),
      points: r.points,
      pointsOwed: r.owed,
      createdAt: r.created_at,
    },
    order: orderView(order),
    member,
  }
}

/**
 * Takes back the referral bonus an order earned its friend's advocate (once): from the
 * advocate's balance down to zero, the rest owed; and out of their lifetime points.
 */
async function reverseReferral(tx: Db, def: ProgramDef, order: OrderRow): Promise<void> {
  const bonus = await referralBonusOf(tx, order.id, order.member_id!)
  if (!bonus) return
  await findById(tx, def.key, bonus.advocateId, true)
  const before = await pointsOf(tx, bonus.advocateId)
  const taken = Math.min(before.balance, bonus.points)
  await addEntry(tx, { memberId: bonus.advocateId, type: 'refund', points: -taken, orderId: order.id, friendId: order.member_id!, reason: 'referral' })
  await addOwed(tx, bonus.advocateId, bonus.points - taken)
  await addLifetimeReversed(tx, bonus.advocateId, bonus.points)
  await announce(tx, def, bonus.advocateId, before, { type: 'refund', points: -taken, orderId: order.id })
}
