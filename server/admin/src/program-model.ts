/** The program definition as the console edits it: loosely typed (the server validates), with its field ids. */

export type Text = string | Record<string, string>
export interface Rule {
  id: string
  kind: string
  name: Text
  points: number
  per?: number
  /** punch_card: every this-many-th order earns the points and the reward. */
  every?: number
  rewardId?: string
  [k: string]: unknown
}
export interface Reward {
  id: string
  kind: string
  name: Text
  description?: Text
  cost: number
  value?: number
  minOrderAmount?: number
  [k: string]: unknown
}
export interface Tier {
  id: string
  name: Text
  threshold: number
  multiplier: number
  [k: string]: unknown
}
export interface Campaign {
  id: string
  name: Text
  startsAt: string
  endsAt: string
  multiplier?: number
  bonus?: number
  [k: string]: unknown
}
export interface Offer {
  id: string
  name: Text
  description?: Text
  tier?: string
  startsAt?: string
  endsAt?: string
  url?: string
  imageUrl?: string
  code?: string
  [k: string]: unknown
}
export interface Badge {
  id: string
  kind: string
  name: Text
  description?: Text
  count?: number
  tier?: string
  [k: string]: unknown
}
export interface Definition {
  key: string
  name: string
  currency: string
  rules?: Rule[]
  rewards?: Reward[]
  tiers?: Tier[]
  campaigns?: Campaign[]
  offers?: Offer[]
  badges?: Badge[]
  referral?: { minOrderAmount?: number; monthlyCap?: number; [k: string]: unknown }
  couponExpiryDays?: number
  pointsExpiryMonths?: number
  [k: string]: unknown
}

export const textOf = (x: Text | undefined, l = 'en') => (x === undefined ? '' : typeof x == 'string' ? x : (x[l] ?? ''))
/** A field's id from its path in the program: `rewards[0].cost` → `p-rewards-0-cost`. */
export const idOf = (path: string) => 'p-' + path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')
