/**
 * The console's Members page (/members): search, one member with their latest ledger,
 * the data export, point adjustments and erasure.
 */
import type { Hono } from 'hono'
import { AdjustmentInputSchema, HEADER_IDEMPOTENCY } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { readJson, validate } from '../http/body.ts'
import { idempotencyKey, runKeyed } from '../http/idempotency.ts'
import { audit } from '../repositories/admin.ts'
import { activityRows } from '../repositories/ledger.ts'
import { searchMembers } from '../repositories/members.ts'
import { adjust, erase, exportMember } from '../services/member-admin.ts'
import { describe, memberRecord, requireMemberById } from '../services/members.ts'
import { requireSession } from './auth.ts'
import { ACTOR, change } from './change.ts'

export function memberRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def, db } = deps

  api.get('/members', async (c) => {
    await requireSession(c, deps)
    const q = (c.req.query('q') ?? '').trim().slice(0, 200)
    const rows = q ? await searchMembers(db, def.key, q, 50) : []
    return c.json({ members: await Promise.all(rows.map((m) => memberRecord(db, def, m, c.get('language')))) })
  })

  api.get('/members/:id', async (c) => {
    await requireSession(c, deps)
    const member = await requireMemberById(db, def, c.req.param('id'))
    const rows = await activityRows(db, member.id, null, 100)
    const ledger = rows.map((r) => ({
      id: r.id,
      type: r.type,
      points: r.points,
      description: describe(def, r, c.get('language')),
      reason: r.reason,
      actor: r.actor,
      createdAt: r.created_at,
    }))
    return c.json({ member: await memberRecord(db, def, member, c.get('language')), ledger })
  })

  api.get('/members/:id/export', async (c) => {
    await requireSession(c, deps)
    const member = await requireMemberById(db, def, c.req.param('id'))
    await audit(db, def.key, { actor: ACTOR, action: 'member_exported', target: member.id })
    return c.json(await exportMember(db, def, member, c.get('language')), 200, { 'Content-Disposition': `attachment; filename="${member.id}.json"` })
  })

  // Under the console's Idempotency-Key (one per adjustment, the same on a retry): a retry after a
  // timeout whose change had committed answers that change again instead of making a second one.
  // Recorded in the audit log in the change's own transaction, so once.
  api.post('/members/:id/adjustments', async (c) => {
    await requireSession(c, deps)
    const key = 'console:' + idempotencyKey(c.req.header(HEADER_IDEMPOTENCY))
    const body = await readJson(c)
    const id = c.req.param('id')
    return runKeyed(deps.idempotency, c.req, {
      programKey: def.key,
      key,
      principal: ACTOR,
      body,
      execute: async (tx) => {
        const { points, reason } = validate(AdjustmentInputSchema, body, 'Give the points (signed) and a reason.')
        const result = await adjust(tx, def, await requireMemberById(tx, def, id, true), points, reason, ACTOR)
        await audit(tx, def.key, { actor: ACTOR, action: 'points_adjusted', target: id, details: { points, reason } })
        return { status: 201, body: result }
      },
    })
  })

  api.delete('/members/:id', (c) =>
    change(c, deps, 'member_erased', c.req.param('id'), async () => {
      await db.transaction(async (tx) => erase(tx, def, await requireMemberById(tx, def, c.req.param('id'), true), deps.returnsKey))
      return { status: 204 }
    }),
  )
}
