/**
 * The member's own data in the member's hands: marketing consent, name and birthday,
 * a copy of everything kept about them (export), and erasure.
 */
import type { Hono } from 'hono'
import { ConsentInputSchema, ErasureInputSchema, ProfileInputSchema } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { requireAuth } from '../http/auth.ts'
import { validate } from '../http/body.ts'
import { toResponse } from '../http/reply.ts'
import { changeConsent, erase, exportMember } from '../services/member-admin.ts'
import { shownMember, requireMember } from '../services/members.ts'
import { updateProfile } from '../services/profile.ts'
import { idempotentPost, localized, referralBase, requireProgram } from './v1-helpers.ts'

export function profileRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def } = deps

  api.post('/members/me/consent', (c) =>
    idempotentPost(c, deps, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      const { marketing } = validate(ConsentInputSchema, body, 'Say whether you want marketing emails.')
      const member = await requireMember(tx, def, claims!, true)
      await changeConsent(tx, def, member, marketing, 'widget')
      const view = await shownMember(tx, def, { ...member, marketing }, c.get('language'), referralBase(c, deps))
      return { status: 200, body: view, headers: localized(c) }
    }),
  )

  api.post('/members/me/profile', (c) =>
    idempotentPost(c, deps, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      const input = validate(ProfileInputSchema, body, 'Say what to change: name, birthday or both.')
      const member = await updateProfile(tx, def, await requireMember(tx, def, claims!, true), input)
      return { status: 200, body: await shownMember(tx, def, member, c.get('language'), referralBase(c, deps)), headers: localized(c) }
    }),
  )

  api.get('/members/me/export', async (c) => {
    requireProgram(c, deps)
    const member = await requireMember(deps.db, def, await requireAuth(c, deps))
    return toResponse({ status: 200, body: await exportMember(deps.db, def, member, c.get('language')), headers: localized(c) })
  })

  api.post('/members/me/erasure', (c) =>
    idempotentPost(c, deps, { auth: 'required', limit: 'claim' }, async (tx, body, claims) => {
      validate(ErasureInputSchema, body, 'Confirm the erasure with {"confirm": "erase"}.')
      await erase(tx, def, await requireMember(tx, def, claims!, true), deps.returnsKey)
      return { status: 200, body: { erased: true } }
    }),
  )
}
