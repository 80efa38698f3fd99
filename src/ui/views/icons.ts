/**
 * One small stroke icon per kind of rule, reward and badge (24×24 paths, drawn by `Icon` in the text
 * colour); the star for a kind without one of its own.
 */
import type { BADGE_KINDS, REWARD_KINDS, RULE_KINDS } from '../../core/schemas.ts'

/** Every kind this version knows has its icon (the type checks it); a later backend's gets the star. */
type Known = (typeof RULE_KINDS)[number] | (typeof REWARD_KINDS)[number] | (typeof BADGE_KINDS)[number]

const star = 'M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2-5.5-2.9-5.5 2.9 1-6.2L3 9.6l6.2-.9z'
const bag = 'M5 8h14l-1 12H6zM9 8V6a3 3 0 0 1 6 0v2'
const cake = 'M4 20h16v-8H4zM4 15c3 2 5-2 8 0s5 2 8 0M12 12V8'
const people = 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 12 0M16 5a3 3 0 0 1 0 6m2 3a5 5 0 0 1 3 6'
const heart = 'M12 20s-8-5-8-11a4 4 0 0 1 8-1 4 4 0 0 1 8 1c0 6-8 11-8 11z'
const tag = 'M3 12V3h9l9 9-9 9zM8 8h.01'

export const ICONS = {
  purchase: bag,
  orders: bag,
  signup: star,
  lifetime_points: star,
  birthday: cake,
  newsletter: 'M3 6h18v12H3zm0 0 9 7 9-7',
  social_follow: heart,
  donation: heart,
  referral: people,
  referrals: people,
  punch_card: 'M4 6h16v12H4zM8 10v4m4-4v4m4-4v4',
  amount_off: tag,
  percent_off: tag,
  free_shipping: 'M2 7h12v9H2zm12 3h4l3 3v3h-7M6 19h.01M17 19h.01',
  free_product: 'M4 11h16v9H4zM3 7h18v4H3zm9 0v13',
  member_years: 'M4 5h16v15H4zm0 5h16M8 3v4m8-4v4',
  tier: 'M12 21a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8 10 5 3h5l2 5 2-5h5l-3 7',
  lock: 'M6 11h12v10H6zm2 0V8a4 4 0 0 1 8 0v3',
} satisfies Record<Known | 'lock', string>

/** The icon path for a kind. */
export const iconOf = (kind: string): string => (ICONS as Record<string, string>)[kind] ?? star
