/** Sign-up: a new member with the sign-up bonus, and a customer token for it. */
import { normalizeEmail, type Member, type SignUpInput } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { DomainError, invalid } from '../errors.ts'
import { couponCode, randomId, referralCode } from '../ids.ts'
import { signupBonus, type ProgramDef } from '../program/program.ts'
import { emailTaken, findByReferralCode, insertMember, lockIdentities, recordConsent, subjectTaken, type MemberRow } from '../repositories/members.ts'
import { insertWelcomeCoupon } from '../repositories/redemptions.ts'
import { couponTerms } from './coupons.ts'
import { canonicalEmail, creditGuestOrders } from './orders.ts'
import { changePoints } from './points.ts'
import { claimAllOnReturn, isReturning } from './returning.ts'
import type { CustomerClaims, TokenKeys } from '../tokens.ts'

export interface SignUpDeps {
  def: ProgramDef
  keys: TokenKeys
  /** The key of erased identities' digests (returning.ts). */
  returnsKey: string
}

const alreadyMember = () =>
  new DomainError('already_member', 'This customer is already a member.', { errors: [{ field: 'authorization', code: 'already_member' }] })

/**
 * `input` is validated (email normalised). A shopper the store identified signs up
 * with the email of the store's token, as that customer; an anonymous one with any
 * email not yet a member (sign-ups are rate-limited, which bounds what the answer
 * `email_taken` can tell about who is a member).
 */
export async function signUp(
  tx: Db,
  deps: SignUpDeps,
  input: SignUpInput,
  claims: CustomerClaims | undefined,
  view: (row: MemberRow) => Promise<Member>,
): Promise<{ member: Member; token: string }> {
  const { def } = deps
  // An order of this email racing this sign-up: one waits for the other (see recordOrder).
  await lockIdentities(tx, def.key, { email: input.email, customerId: claims?.sub })
  // A token names a member by customer id, or by member id for tokens this server issued
  // at sign-up: either way, that shopper is already a member.
  if (claims && (await subjectTaken(tx, def.key, claims.sub))) throw alreadyMember()
  if (claims?.email && normalizeEmail(claims.email) != input.email) {
    throw invalid('Sign up with the email of your store account.', [{ field: 'email', code: 'not_account_email' }])
  }
  // Someone who erased their membership and joins again: no second sign-up bonus, not a friend brought in,
  // and the rules claimed once (or once a year) already claimed.
  const returning = await isReturning(tx, def.key, deps.returnsKey, input.email, claims?.sub ?? null)
  let referredBy: string | null = null
  if (input.referralCode) {
    const advocate = await findByReferralCode(tx, def.key, input.referralCode)
    if (!advocate) throw invalid('This referral code does not exist.', [{ field: 'referralCode', code: 'unknown' }])
    // One's own code under another address (a +tag, Gmail's dots) would mint welcome coupons.
    if (canonicalEmail(advocate.email) == canonicalEmail(input.email) || (claims && advocate.customer_id == claims.sub)) {
      throw invalid('This is your own referral code: share it with friends instead.', [{ field: 'referralCode', code: 'own_code' }])
    }
    if (!returning) referredBy = advocate.id
  }
  let row: MemberRow | null = null
  for (let attempt = 0; !row && attempt < 5; attempt++) {
    row = await insertMember(tx, def.key, {
      id: randomId('mem'),
      email: input.email,
      customerId: claims?.sub ?? null,
      name: input.name ?? null,
      birthday: input.birthday ?? null,
      marketing: input.consent.marketing,
      referralCode: referralCode(),
      referredBy,
    })
    if (row) break
    // A unique key was taken: the email, the customer, or (rarely) the random referral code.
    if (await emailTaken(tx, def.key, input.email)) {
      throw new DomainError('email_taken', 'This email is already a member. Sign in to see your points.', { errors: [{ field: 'email', code: 'email_taken' }] })
    }
    if (claims && (await subjectTaken(tx, def.key, claims.sub))) throw alreadyMember()
  }
  if (!row) throw new Error('could not allocate a unique referral code')
  if (row.marketing) await recordConsent(tx, row.id, true, 'signup')
  if (returning) await claimAllOnReturn(tx, def, row.id)
  // The referred friend's promised welcome ("10 % off your first order"), as a coupon.
  if (referredBy)
    await insertWelcomeCoupon(tx, {
      id: randomId('red'),
      memberId: row.id,
      code: couponCode(def.couponPrefix),
      expiryDays: def.couponExpiryDays ?? null,
      terms: couponTerms(def),
    })
  const created = { memberId: row.id, email: row.email, customerId: row.customer_id, marketing: row.marketing, referredBy: row.referred_by }
  await changePoints(
    tx,
    def,
    { memberId: row.id, type: 'signup', points: returning ? 0 : signupBonus(def), ruleId: def.rules.find((r) => r.kind == 'signup')?.id },
    {
      newMember: true,
      also: [{ type: 'member.created', data: created, memberId: row.id }],
    },
  )
  // "Join and get points for this order": orders this email placed as a guest.
  await creditGuestOrders(tx, def, row)
  const member = await view(row)
  const { token } = await deps.keys.sign({ sub: row.customer_id ?? row.id, email: row.email })
  return { member, token }
}
