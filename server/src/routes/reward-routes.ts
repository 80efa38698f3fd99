/**
 * What the signed-in member can get: the offers open to them (with their codes),
 * a reward redeemed for points, and points claimed under an earning rule.
 */
import type { Hono } from 'hono'
import { ClaimInputSchema, RedemptionInputSchema } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { requireAuth } from '../http/auth.ts'
import { validate } from '../http/body.ts'
import { toResponse } from '../http/reply.ts'
import { claim } from '../services/claims.ts'
import { memberOffers, requireMember } from '../services/members.ts'
import { redeem } from '../services/redemptions.ts'
import { idempotentPost, requireProgram } from './v1-helpers.ts'

export function rewardRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def } = deps

  api.get('/members/me/offers', async (c) => {
    requireProgram(c, deps)
    const claims = await requireAuth(c, deps)
    const member = await requireMember(deps.db, def, claims)
    return toResponse({ status: 200, body: await memberOffers(deps.db, def, member) })
  })

  api.post('/members/me/redemptions', (c) =>
    idempotentPost(c, deps, { auth: 'required', limit: 'redeem' }, async (tx, body, claims) => {
      const { rewardId } = validate(RedemptionInputSchema, body, 'Say which reward to redeem.')
      return { status: 201, body: await redeem(tx, def, claims!, rewardId) }
    }),
  )

  api.post('/members/me/claims', (c) =>
    idempotentPost(c, deps, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      const { ruleId } = validate(ClaimInputSchema, body, 'Say which rule to claim.')
      return { status: 201, body: await claim(tx, def, claims!, ruleId) }
    }),
  )
}
