import type { Badge, EarningRule, Member, Program, Reward } from './contract.ts'
import type { ClientErrorCode } from './errors.ts'

export type View = 'home' | 'signup' | 'earn' | 'rewards' | 'offers' | 'badges' | 'referral' | 'activity' | 'tiers' | 'profile'
export const VIEWS: readonly View[] = ['home', 'signup', 'earn', 'rewards', 'offers', 'badges', 'referral', 'activity', 'tiers', 'profile']

/** `detail` of every event, by name without the `loyalkit:` prefix. */
export interface LoyaltyEventMap {
  ready: { program: Program; member: Member | null }
  open: { view: View }
  close: { view: View }
  signup: { member: Member }
  identify: { member: Member | null }
  logout: Record<string, never>
  points: { balance: number; previous: number; delta: number }
  tier: { tier: { id: string; name: string }; previous: { id: string; name: string } | null }
  redeem: { reward: Reward; redemption: { id: string; code: string | null; points: number }; balance: number }
  claim: { rule: EarningRule; points: number; balance: number }
  /** The member earned a badge (seen when the member is next loaded: after an order, a refresh). */
  badge: { badge: Badge; earnedAt: string }
  /** The member's marketing consent, as the server recorded it. */
  consent: { marketing: boolean }
  'referral-copy': { url: string }
  'referral-share': { url: string; channel: string }
  error: { code: ClientErrorCode; message: string; operation: string }
}

export type LoyaltyEventName = keyof LoyaltyEventMap

export type LoyaltyDocumentEvents = {
  [K in LoyaltyEventName as `loyalkit:${K}`]: CustomEvent<LoyaltyEventMap[K]>
}

declare global {
  // So `document.addEventListener('loyalkit:redeem', e => e.detail.redemption.code)` type-checks.
  interface DocumentEventMap extends LoyaltyDocumentEvents {}
  interface HTMLElementEventMap extends LoyaltyDocumentEvents {}
}

export type Emit = <K extends LoyaltyEventName>(name: K, detail: LoyaltyEventMap[K]) => void

/** Events go to `document`, or bubble and cross shadow roots when an inline element sends them. */
export const emitOn =
  (target: EventTarget | null | undefined): Emit =>
  (name, detail) => {
    target?.dispatchEvent(new CustomEvent('loyalkit:' + name, { detail, bubbles: true, composed: true }))
  }
