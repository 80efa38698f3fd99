/**
 * The shopper's own membership: joining (sign-up), the member as the widget shows
 * them, and their points activity page by page.
 */
import type { Hono } from 'hono'
import { SignUpInputSchema } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError } from '../errors.ts'
import { requireAuth } from '../http/auth.ts'
import { validate } from '../http/body.ts'
import { toResponse } from '../http/reply.ts'
import { ACTIVITY_DEFAULT_LIMIT, ACTIVITY_MAX_LIMIT, activityPage, memberOfToken, requireMember, shownMember } from '../services/members.ts'
import { signUp } from '../services/signup.ts'
import { idempotentPost, localized, referralBase, requireProgram } from './v1-helpers.ts'

export function memberRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def } = deps

  api.post('/members', (c) =>
    idempotentPost(c, deps, { auth: 'optional', limit: 'signup' }, async (tx, body, claims) => {
      const input = validate(SignUpInputSchema, body, 'Some fields need attention.')
      const base = referralBase(c, deps)
      const result = await signUp(tx, deps, input, claims, (row) => shownMember(tx, def, row, c.get('language'), base))
      return { status: 201, body: result, headers: localized(c) }
    }),
  )

  api.get('/members/me', async (c) => {
    requireProgram(c, deps)
    const claims = await requireAuth(c, deps)
    const member = await memberOfToken(deps.db, def, claims)
    // Not an error: the store knows this shopper, who has not joined yet. A 404 would put
    // a red "Failed to load resource" line in the host page's console on every page view.
    if (!member) return toResponse({ status: 204 })
    const view = await shownMember(deps.db, def, member, c.get('language'), referralBase(c, deps))
    return toResponse({ status: 200, body: view, headers: localized(c) })
  })

  api.get('/members/me/activity', async (c) => {
    requireProgram(c, deps)
    const claims = await requireAuth(c, deps)
    const cursor = c.req.query('cursor') || null
    const limitParam = c.req.query('limit')
    let limit = ACTIVITY_DEFAULT_LIMIT
    if (limitParam !== undefined && limitParam !== '') {
      if (!/^\d{1,6}$/.test(limitParam) || Number(limitParam) < 1) {
        throw new DomainError('invalid_request', `limit is a whole number from 1 to ${ACTIVITY_MAX_LIMIT}.`, { errors: [{ field: 'limit', code: 'invalid' }] })
      }
      limit = Math.min(Number(limitParam), ACTIVITY_MAX_LIMIT)
    }
    const member = await requireMember(deps.db, def, claims)
    const page = await activityPage(deps.db, def, member.id, c.get('language'), cursor, limit)
    return toResponse({ status: 200, body: page, headers: localized(c) })
  })
}
