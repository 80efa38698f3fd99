/**
 * Members as the store's back office sees them: found by email, read, corrected
 * (point adjustments, marketing consent), exported and erased; and the erasure of a
 * person the store names, joined or not.
 */
import type { Hono } from 'hono'
import { AdjustmentInputSchema, ConsentInputSchema, CustomerErasureInputSchema, normalizeEmail } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError } from '../errors.ts'
import { validate } from '../http/body.ts'
import { toResponse } from '../http/reply.ts'
import { findByEmail } from '../repositories/members.ts'
import { adjust, changeConsent, erase, eraseCustomer, exportMember } from '../services/member-admin.ts'
import { memberRecord, requireMemberById } from '../services/members.ts'
import { authorize, json, keyPost } from './store-helpers.ts'
import { localized } from './v1-helpers.ts'

export function storeMemberRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def } = deps

  api.get('/members', async (c) => {
    await authorize(c, deps)
    const email = c.req.query('email')
    if (!email) throw new DomainError('invalid_request', 'Give the email to look for: /members?email=…', { errors: [{ field: 'email', code: 'required' }] })
    const member = await findByEmail(deps.db, def.key, normalizeEmail(email))
    return json(c, { members: member ? [await memberRecord(deps.db, def, member, c.get('language'))] : [] })
  })

  api.get('/members/:id', async (c) => {
    await authorize(c, deps)
    const member = await requireMemberById(deps.db, def, c.req.param('id'))
    return json(c, await memberRecord(deps.db, def, member, c.get('language')))
  })

  api.delete('/members/:id', async (c) => {
    await authorize(c, deps)
    await deps.db.transaction(async (tx) => erase(tx, def, await requireMemberById(tx, def, c.req.param('id')!, true), deps.returnsKey))
    return toResponse({ status: 204 })
  })

  api.get('/members/:id/export', async (c) => {
    await authorize(c, deps)
    const member = await requireMemberById(deps.db, def, c.req.param('id'))
    return toResponse({
      status: 200,
      body: await exportMember(deps.db, def, member, c.get('language')),
      headers: { 'Content-Disposition': `attachment; filename="${member.id}.json"` },
    })
  })

  keyPost(api, deps, '/customers/erasure', async (_c, tx, body) => {
    const who = validate(CustomerErasureInputSchema, body, 'Name the person by email, customer id, or both.')
    return { status: 200, body: await eraseCustomer(tx, def, who, deps.returnsKey) }
  })

  keyPost(api, deps, '/members/:id/adjustments', async (c, tx, body, who) => {
    const { points, reason } = validate(AdjustmentInputSchema, body, 'Give the points (signed) and a reason.')
    const member = await requireMemberById(tx, def, c.req.param('id')!, true)
    return { status: 201, body: await adjust(tx, def, member, points, reason, who.name) }
  })

  keyPost(api, deps, '/members/:id/consent', async (c, tx, body) => {
    const { marketing } = validate(ConsentInputSchema, body, 'Say whether the member wants marketing emails.')
    const member = await requireMemberById(tx, def, c.req.param('id')!, true)
    await changeConsent(tx, def, member, marketing, 'store')
    const updated = await requireMemberById(tx, def, member.id)
    return { status: 200, body: await memberRecord(tx, def, updated, c.get('language')), headers: localized(c) }
  })
}
