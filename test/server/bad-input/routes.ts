/** The routes the bad-input table covers, each with a valid request that a case breaks one thing of. */
import { randomUUID } from 'node:crypto'
import { uniqueEmail } from '../helpers.ts'
import type { BadToken } from './tokens.ts'

/** What the cases need from the one member set up per backend. */
export interface Ctx {
  /** The member's own token (from sign-up). */
  token: string
  email: string
  referralCode: string
  /** Tokens that must be refused, by name (minted in beforeAll: signing is async). */
  bad: Record<BadToken, string>
}

export type RouteName = 'program' | 'signup' | 'me' | 'activity' | 'redeem' | 'claim' | 'referral' | 'demoToken' | 'orders'

export interface Route {
  method: 'GET' | 'POST'
  path: (ctx: Ctx) => string
  /** Sends the member's token (`required`) or the store's API key (`key`) by default. */
  auth: 'required' | 'optional' | 'none' | 'key'
  /** Checks X-Loyalkit-Program (the /_demo routes do not: they stand in for the store's server). */
  program: boolean
  /** A valid body (POST): each case breaks one thing in it. */
  body?: (ctx: Ctx) => Record<string, unknown>
}

export const ROUTES: Record<RouteName, Route> = {
  program: { method: 'GET', path: () => '/v1/program', auth: 'none', program: true },
  signup: {
    method: 'POST',
    path: () => '/v1/members',
    auth: 'optional',
    program: true,
    body: () => ({ email: uniqueEmail('bad'), consent: { terms: true, marketing: false } }),
  },
  me: { method: 'GET', path: () => '/v1/members/me', auth: 'required', program: true },
  activity: { method: 'GET', path: () => '/v1/members/me/activity', auth: 'required', program: true },
  // Costs 500 points, the member has 100: even a request that got through would not redeem.
  redeem: { method: 'POST', path: () => '/v1/members/me/redemptions', auth: 'required', program: true, body: () => ({ rewardId: 'five-euro-off' }) },
  // Claimable: a request that got through WOULD write a claim and a ledger entry.
  claim: { method: 'POST', path: () => '/v1/members/me/claims', auth: 'required', program: true, body: () => ({ ruleId: 'newsletter' }) },
  referral: { method: 'GET', path: (ctx) => '/v1/referrals/' + ctx.referralCode, auth: 'none', program: true },
  demoToken: {
    method: 'POST',
    path: () => '/_demo/token',
    auth: 'none',
    program: false,
    body: () => ({ customerId: 'cust_bad_input', email: 'bad.input@example.com' }),
  },
  // For the set-up member: a request that got through WOULD write an order and a ledger entry.
  orders: {
    method: 'POST',
    path: () => '/v1/orders',
    auth: 'key',
    program: true,
    body: (ctx) => ({ id: 'bad-' + randomUUID(), customer: { email: ctx.email }, amount: 10, currency: 'EUR' }),
  },
}

export const ALL = Object.keys(ROUTES) as RouteName[]
export const POSTS = ALL.filter((r) => ROUTES[r].method == 'POST')
export const GETS = ALL.filter((r) => ROUTES[r].method == 'GET')
export const WITH_PROGRAM = ALL.filter((r) => ROUTES[r].program)
export const WITH_AUTH = ALL.filter((r) => ROUTES[r].auth != 'none')

export function bodyOf(ctx: Ctx, route: RouteName): Record<string, unknown> {
  return ROUTES[route].body?.(ctx) ?? {}
}
