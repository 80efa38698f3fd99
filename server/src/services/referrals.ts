/** What a referred friend is offered, by the advocate's code (public). */
import type { FriendOffer, ReferralOffer } from 'loyalkit/contract'
import type { Db } from '../db/index.ts'
import { notFound } from '../errors.ts'
import { findByReferralCode } from '../repositories/members.ts'

export async function referralOffer(db: Db, programKey: string, code: string, friend: FriendOffer): Promise<ReferralOffer> {
  const advocate = /^[A-Za-z0-9_-]{1,64}$/.test(code) ? await findByReferralCode(db, programKey, code) : null
  if (!advocate) throw notFound('There is no such referral code.')
  return { code: advocate.referral_code, friend }
}
