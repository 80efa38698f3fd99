import type { Member, Program } from '../../src/core/contract.ts'

/** What the shopper's checks pass on to later ones (filled as they run; a later check fails clearly when it is missing). */
export interface ShopperState {
  program?: Program
  /** The member the checks made, as the last answer showed them. */
  member?: Member
  memberToken?: string
  memberEmail?: string
  /** The first redemption: its key, body and raw answer, for the replay checks. */
  redeemKey?: string
  redeemBody?: { rewardId: string }
  redeemText?: string
  /** Activity entries the member should have by now. */
  expectedEntries: number
}
