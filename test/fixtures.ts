import type { Member, Program } from '../src/core/contract.ts'

export const ENDPOINT = 'https://loyalty.test/v1'
export const PROGRAM_KEY = 'pk_test'

export const program: Program = {
  key: PROGRAM_KEY,
  name: 'Trailpack Rewards',
  currency: 'EUR',
  signupBonus: 100,
  rules: [
    { id: 'purchase', kind: 'purchase', name: 'Shop with us', points: 1, per: 1, claimable: false },
    { id: 'signup', kind: 'signup', name: 'Join the program', points: 100, claimable: false },
    { id: 'newsletter', kind: 'newsletter', name: 'Subscribe to the newsletter', points: 25, claimable: true },
  ],
  rewards: [
    { id: 'five-off', kind: 'amount_off', name: '5 € off', cost: 500, value: 5 },
    { id: 'free-shipping', kind: 'free_shipping', name: 'Free shipping', cost: 300 },
    { id: 'donate', kind: 'donation', name: 'Donate 100 points', cost: 100 },
  ],
  tiers: [
    { id: 'bronze', name: 'Bronze', threshold: 0, multiplier: 1, perks: [] },
    { id: 'silver', name: 'Silver', threshold: 500, multiplier: 1.5, perks: [] },
    { id: 'gold', name: 'Gold', threshold: 1500, multiplier: 2, perks: ['Free shipping'] },
  ],
  referral: { friend: { kind: 'percent_off', value: 10, description: '10 % off your first order' }, advocatePoints: 200 },
  signupFields: { name: true, birthday: true, marketing: true },
  termsUrl: 'https://trailpack.example/terms',
  privacyUrl: 'https://trailpack.example/privacy',
}

export const member = (over: Partial<Member> = {}): Member => ({
  id: 'mem_1',
  email: 'anna@example.com',
  name: 'Anna',
  birthday: null,
  balance: 100,
  lifetimePoints: 100,
  tier: { id: 'bronze', name: 'Bronze' },
  nextTier: { id: 'silver', name: 'Silver', threshold: 500, pointsNeeded: 400 },
  referral: { code: 'ANNA1', url: 'https://trailpack.example/?ref=ANNA1', friendsJoined: 0, pointsEarned: 0 },
  coupons: [],
  claimedRules: [],
  marketing: false,
  expiring: null,
  createdAt: '2026-11-01T10:00:00.000Z',
  ...over,
})

/** A structurally valid (unsigned) JWT that expires in `seconds`. */
export const fakeToken = (seconds = 900, sub = 'c1') =>
  ['eyJhbGciOiJIUzI1NiJ9', btoa(JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + seconds })).replace(/=+$/, ''), 'sig'].join('.')
