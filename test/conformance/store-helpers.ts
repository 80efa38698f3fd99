/**
 * What the store's checks share (./store-checks.ts and the checks it registers): the
 * context with the store's API key, calls made with that key, order bodies, and what
 * GET /program says an order earns; and what later checks use of earlier ones.
 */
import { randomUUID } from 'node:crypto'
import type { Member, OrderResult, SignUpResult } from '../../src/core/contract.ts'
import { MemberSchema } from '../../src/core/schemas.ts'
import { check, type ConformanceContext, type SendOptions, type Sent } from './http.ts'

export interface StoreContext extends ConformanceContext {
  /** The store's secret API key (Authorization: Bearer). */
  apiKey: string
  /** An origin the program allows, for the browser checks (else the endpoint's own). */
  origin?: string
}

export const enc = encodeURIComponent
/** An amount of money as the contract carries it: at most 2 decimals. */
export const money = (x: number) => Math.round(x * 100) / 100
export const cents = (x: number) => Math.round(x * 100)

/** What the store's checks share: the API key's calls and what GET /program says orders earn. */
export function storeHelpers(ctx: StoreContext) {
  const { send, json, expectProblem, run, apiKey } = ctx
  const keyed = (method: string, path: string, o: SendOptions = {}) => send(method, path, { ...o, token: apiKey })
  const newOrderId = () => `ord-conformance-${run}-${randomUUID()}`
  const me = async (token: string): Promise<Member> => json(await send('GET', '/members/me', { token }), 200, MemberSchema, 'member')
  const orderBody = (email: string, amount: number, extra: Record<string, unknown> = {}) => ({
    id: newOrderId(),
    customer: { email },
    amount,
    currency: ctx.program().currency,
    ...extra,
  })
  /** A problem whose field errors name `field`. */
  const naming = (r: Sent, status: number, code: string, field: string) => {
    const problem = expectProblem(r, status, code)
    check(
      problem.errors?.some((e) => e.field == field),
      `errors name the ${field} field, got ${JSON.stringify(problem.errors)}`,
    )
  }

  /** What an order earns a member with `lifetime` points at least: the purchase rule × that tier's multiplier, rounded down. */
  function earning(lifetime: number) {
    const p = ctx.program()
    const rule = p.rules.find((r) => r.kind == 'purchase')
    check(rule && rule.points > 0, 'program assumption: a purchase rule that earns points')
    const tier = [...p.tiers].reverse().find((t) => t.threshold <= lifetime) ?? p.tiers[0]!
    const per = rule.per ?? 1
    const rate = (rule.points * tier.multiplier) / per
    return {
      tier,
      /** A round amount for orders: ten purchase units. */
      amount: money(10 * per),
      points: (amount: number) => Math.floor(amount * rate + 1e-9),
      /** An amount earning at least `points`. */
      amountFor: (points: number) => money(Math.ceil(points / rate) + per),
    }
  }

  return { ...ctx, keyed, newOrderId, me, orderBody, naming, earning, fake: `conformance-${run}` }
}

export type Helpers = ReturnType<typeof storeHelpers>

/** What later checks use of earlier ones: a member with an order (partly refunded). */
export interface Shared {
  buyer?: SignUpResult
  bought?: OrderResult
  refunded: number
  /** Ids of the ledger entries of the adjustments the checks made, for the export check. */
  adjustments: string[]
}
