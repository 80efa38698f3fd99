/**
 * A referral code looked up: what the friend is offered for joining with it. Public,
 * so rate-limited per client address.
 */
import type { Hono } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { toResponse } from '../http/reply.ts'
import { clientKey } from '../http/request.ts'
import { referralOffer } from '../services/referrals.ts'
import { localized, requireProgram } from './v1-helpers.ts'

export function referralRoutes(api: Hono<AppEnv>, deps: Deps): void {
  api.get('/referrals/:code', async (c) => {
    requireProgram(c, deps)
    await deps.limits.take('referral', clientKey(c, deps))
    // Hono's param() is already percent-decoded: decoding again would make %2541 mean A.
    const code = c.req.param('code')
    const offer = await referralOffer(deps.db, deps.def.key, code, deps.render(c.get('language')).program.referral.friend)
    return toResponse({ status: 200, body: offer, headers: { ...localized(c), 'Cache-Control': 'public, max-age=60' } })
  })
}
