/**
 * The merchant console at /admin: its JSON API under /admin/api (a session cookie and,
 * for every change, the session's CSRF header; every change written to the audit log)
 * and the built console (server/admin/dist) under a strict CSP, index.html for any
 * other path (client-side routes). Same-origin only: no CORS.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readFile } from 'node:fs/promises'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, setCookie } from 'hono/cookie'
import * as v from 'valibot'
import { AdjustmentInputSchema, HEADER_IDEMPOTENCY } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, notFound } from '../errors.ts'
import { BODY_LIMIT, readJson, tooLarge, validate } from '../http/body.ts'
import { idempotencyKey, runKeyed } from '../http/idempotency.ts'
import { fileUnder, plain } from '../http/static-files.ts'
import { ownOrigin } from '../http/request.ts'
import { randomId } from '../ids.ts'
import { localize, negotiateLanguage } from '../program/i18n.ts'
import { audit, auditEntries, deleteExpiredSessions, deleteSession, insertSession, recordFailure } from '../repositories/admin.ts'
import { ensureKey, listKeys, revokeKey } from '../repositories/api-keys.ts'
import { activityRows } from '../repositories/ledger.ts'
import { searchMembers } from '../repositories/members.ts'
import { addEndpoint, disableEndpoint, listEndpoints, recentDeliveries, retryDelivery, rotateSecret } from '../repositories/webhooks.ts'
import { adjust, erase, exportMember } from '../services/member-admin.ts'
import { describe, memberRecord, requireMemberById } from '../services/members.ts'
import { newSecret } from '../webhooks/signing.ts'
import { webhookUrlProblem } from '../config.ts'
import {
  hashPassword,
  lockedFor,
  newToken,
  passwordMatches,
  requireSession,
  secureCookie,
  SESSION_COOKIE,
  SESSION_HOURS,
  tokenHash,
  type PasswordHash,
} from './auth.ts'
import { overviewCache } from './overview.ts'
import { widgetRoutes } from './widget.ts'
import { diff } from '../program/diff.ts'
import { versionDefinition } from '../program/live.ts'
import { ProgramError } from '../program/program.ts'
import { listVersions, type VersionSummary } from '../repositories/program-versions.ts'

type C = Context<AppEnv>

export const CONSOLE_DIR = fileURLToPath(new URL('../../admin/dist/', import.meta.url))

/** The console's own CSP: its files only, nothing inline; images also from https (a reward's picture, previewed). */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

const ACTOR = 'console:admin'
const Password = v.strictObject({ password: v.pipe(v.string('invalid'), v.nonEmpty('required'), v.maxLength(1024, 'too_long')) }, 'invalid')
const KeyInput = v.strictObject(
  { name: v.pipe(v.string('invalid'), v.trim(), v.nonEmpty('required'), v.maxLength(60, 'too_long'), v.regex(/^[^\u0000-\u001f]+$/, 'invalid')) },
  'invalid',
)
const ProgramSave = v.strictObject(
  {
    base: v.pipe(v.number('invalid'), v.integer('invalid'), v.minValue(1, 'invalid')),
    definition: v.unknown(),
    note: v.optional(v.pipe(v.string('invalid'), v.maxLength(200, 'too_long'))),
  },
  'invalid',
)
const Rollback = v.strictObject(
  { base: v.pipe(v.number('invalid'), v.integer('invalid')), version: v.pipe(v.number('invalid'), v.integer('invalid'), v.minValue(1, 'invalid')) },
  'invalid',
)
/** "program.rewards[0].cost: a reward costs at least 1 point" → a field error the console shows by the field. */
const problemField = (problem: string) => {
  const at = problem.indexOf(': ')
  return at > 0 ? { field: problem.slice(0, at), code: problem.slice(at + 2) } : { field: 'program', code: problem }
}
const versionSummary = (r: VersionSummary) => ({ version: r.version, source: r.source, actor: r.actor, note: r.note, createdAt: r.created_at })
const EndpointInput = v.strictObject({ url: v.pipe(v.string('invalid'), v.nonEmpty('required'), v.maxLength(2000, 'too_long')) }, 'invalid')

export function adminRoutes(deps: Deps, password: string): Hono<AppEnv> {
  const { def, db } = deps
  const app = new Hono<AppEnv>()
  const overviews = overviewCache(db, def, deps.log)
  // Hashed once at start-up, the password itself is not kept.
  const stored: Promise<PasswordHash> = hashPassword(password)

  const api = new Hono<AppEnv>()
  api.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })
  api.use('*', async (c, next) => {
    // Same origin only: a page elsewhere can neither read these answers nor send changes.
    const origin = c.req.header('origin')
    if (origin !== undefined && origin != ownOrigin(c)) throw new DomainError('origin_not_allowed', 'The console answers its own pages only.')
    c.set('language', negotiateLanguage(c.req.header('accept-language'), deps.languages))
    return next()
  })
  api.post(
    '*',
    bodyLimit({
      maxSize: BODY_LIMIT,
      onError: () => {
        throw tooLarge()
      },
    }),
  )

  const sessionBody = (csrf: string) => ({
    user: 'admin',
    csrf,
    program: { key: def.key, name: localize(def.name, 'en'), currency: def.currency },
    languages: ['en', 'lv'],
  })

  api.get('/session', async (c) => c.json(sessionBody((await requireSession(c, deps)).csrf)))

  api.post('/session', async (c) => {
    const wait = await lockedFor(deps)
    if (wait > 0) throw new DomainError('rate_limited', `Too many wrong passwords: sign-in is locked. Try again in ${wait} s.`, { retryAfter: wait })
    const { password: attempt } = validate(Password, await readJson(c), 'Give the password.')
    if (!(await passwordMatches(await stored, attempt))) {
      await recordFailure(db, def.key)
      await audit(db, def.key, { actor: 'anonymous', action: 'sign_in_failed' })
      throw new DomainError('unauthorized', 'That password is not right.')
    }
    const token = newToken()
    const csrf = randomBytes(24).toString('base64url')
    await insertSession(db, { tokenHash: tokenHash(token), programKey: def.key, csrf, hours: SESSION_HOURS })
    await deleteExpiredSessions(db)
    await audit(db, def.key, { actor: ACTOR, action: 'sign_in' })
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: secureCookie(c), path: '/admin', maxAge: SESSION_HOURS * 3600 })
    return c.json(sessionBody(csrf))
  })

  api.delete('/session', async (c) => {
    const session = await requireSession(c, deps)
    await deleteSession(db, session.tokenHash)
    await audit(db, def.key, { actor: ACTOR, action: 'sign_out' })
    deleteCookie(c, SESSION_COOKIE, { path: '/admin', secure: secureCookie(c), httpOnly: true, sameSite: 'Strict' })
    return c.body(null, 204)
  })

  /** A change: session + CSRF, then the work and its audit entry. */
  const change = async (c: C, action: string, target: string | undefined, work: () => Promise<{ status: number; body?: unknown; details?: unknown }>) => {
    await requireSession(c, deps)
    const result = await work()
    await audit(db, def.key, { actor: ACTOR, action, target, details: result.details })
    return result.body === undefined ? c.body(null, result.status as 204) : c.json(result.body, result.status as 200)
  }

  api.get('/overview', async (c) => {
    await requireSession(c, deps)
    const days = Number(c.req.query('days') ?? 30)
    if (![7, 30, 90, 365].includes(days))
      throw new DomainError('invalid_request', 'days is 7, 30, 90 or 365.', { errors: [{ field: 'days', code: 'invalid' }] })
    return c.json(await overviews.get(days, c.get('language'), c.req.query('fresh') == '1'))
  })

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
    change(c, 'member_erased', c.req.param('id'), async () => {
      await db.transaction(async (tx) => erase(tx, def, await requireMemberById(tx, def, c.req.param('id'), true), deps.returnsKey))
      return { status: 204 }
    }),
  )

  api.get('/keys', async (c) => {
    await requireSession(c, deps)
    const keys = await listKeys(db, def.key)
    return c.json({
      keys: keys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: k.created_at, lastUsedAt: k.last_used_at, revokedAt: k.revoked_at })),
    })
  })

  api.post('/keys', async (c) => {
    const body = await readJson(c)
    return change(c, 'api_key_created', undefined, async () => {
      const { name } = validate(KeyInput, body, 'Name the key (what uses it).')
      const secret = 'lk_sk_' + randomBytes(32).toString('hex')
      const id = randomId('key')
      await ensureKey(db, def.key, { id, name, key: secret })
      const key = (await listKeys(db, def.key)).find((k) => k.id == id)!
      return {
        status: 201,
        body: { key: { id, name, prefix: key.prefix, createdAt: key.created_at, lastUsedAt: null, revokedAt: null }, secret },
        details: { id, name },
      }
    })
  })

  api.delete('/keys/:id', (c) =>
    change(c, 'api_key_revoked', c.req.param('id'), async () => {
      if (!(await revokeKey(db, def.key, c.req.param('id')))) throw notFound('There is no such active key.')
      return { status: 204 }
    }),
  )

  api.get('/webhooks', async (c) => {
    await requireSession(c, deps)
    const [endpoints, deliveries] = [await listEndpoints(db, def.key), await recentDeliveries(db, def.key, { limit: 50 })]
    return c.json({
      endpoints: endpoints.map((e) => ({ id: e.id, url: e.url, name: e.name, createdAt: e.created_at, disabledAt: e.disabled_at })),
      deliveries: deliveries.map((d) => ({
        id: d.id,
        eventId: d.event_id,
        type: d.type,
        endpointId: d.endpoint_id,
        state: d.state,
        attempts: d.attempts,
        nextAt: d.next_at,
        lastStatus: d.last_status,
        lastError: d.last_error,
        deliveredAt: d.delivered_at,
        createdAt: d.created_at,
      })),
    })
  })

  api.post('/webhooks', async (c) => {
    const body = await readJson(c)
    return change(c, 'webhook_added', undefined, async () => {
      const { url } = validate(EndpointInput, body, 'Give the endpoint URL.')
      const problem = webhookUrlProblem(url)
      if (problem) throw new DomainError('invalid_fields', problem, { errors: [{ field: 'url', code: 'invalid' }] })
      const secret = newSecret()
      const endpoint = await addEndpoint(db, def.key, { id: randomId('ep'), url, secret })
      return {
        status: 201,
        body: { endpoint: { id: endpoint.id, url: endpoint.url, name: endpoint.name, createdAt: endpoint.created_at, disabledAt: null }, secret },
        details: { url },
      }
    })
  })

  api.delete('/webhooks/:id', (c) =>
    change(c, 'webhook_removed', c.req.param('id'), async () => {
      if (!(await disableEndpoint(db, def.key, c.req.param('id')))) throw notFound('There is no such active endpoint.')
      return { status: 204 }
    }),
  )

  api.post('/webhooks/:id/rotate', (c) =>
    change(c, 'webhook_secret_rotated', c.req.param('id'), async () => {
      const secret = newSecret()
      if (!(await rotateSecret(db, def.key, c.req.param('id'), secret))) throw notFound('There is no such active endpoint.')
      return { status: 200, body: { secret } }
    }),
  )

  api.post('/deliveries/:id/retry', (c) =>
    change(c, 'webhook_retried', c.req.param('id'), async () => {
      const id = Number(c.req.param('id'))
      if (!Number.isSafeInteger(id) || !(await retryDelivery(db, def.key, id))) throw notFound('There is no such delivery, or its endpoint is removed.')
      deps.webhooks.nudge()
      return { status: 204 }
    }),
  )

  api.get('/program', async (c) => {
    await requireSession(c, deps)
    const version = deps.program.version()
    return c.json({ version, definition: await versionDefinition(db, def.key, version), versions: (await listVersions(db, def.key, 50)).map(versionSummary) })
  })

  api.get('/program/versions/:version', async (c) => {
    await requireSession(c, deps)
    const version = Number(c.req.param('version'))
    const definition = Number.isSafeInteger(version) ? await versionDefinition(db, def.key, version) : null
    if (definition === null) throw notFound('There is no such version.')
    const previous = version > 1 ? await versionDefinition(db, def.key, version - 1) : null
    return c.json({ version, definition, changes: previous === null ? [] : diff(previous, definition) })
  })

  /** Saves `definition` as the version after `base`: 409 when someone saved first, 422 with every problem by its path. */
  const saveProgram = async (definition: unknown, base: number, source: 'console' | 'rollback', note?: string) => {
    const before = await versionDefinition(db, def.key, deps.program.version())
    let version: number | null
    try {
      version = await deps.program.save(definition, { base, source, actor: ACTOR, note })
    } catch (error) {
      if (error instanceof ProgramError) {
        throw new DomainError('invalid_fields', 'The program has problems: nothing was saved.', { errors: error.problems.map(problemField) })
      }
      throw error
    }
    if (version === null) throw new DomainError('version_conflict', 'The program was changed since you opened it: reload, then make your change again.')
    return { status: 201, body: { version, changes: diff(before, definition) }, details: { version, source, changes: diff(before, definition).length } }
  }

  api.post('/program', async (c) => {
    const body = await readJson(c)
    return change(c, 'program_saved', undefined, async () => {
      const input = validate(ProgramSave, body, 'Send the program and the version it was based on.')
      return saveProgram(input.definition, input.base, 'console', input.note)
    })
  })

  api.post('/program/rollback', async (c) => {
    const body = await readJson(c)
    return change(c, 'program_rolled_back', undefined, async () => {
      const input = validate(Rollback, body, 'Say which version to go back to.')
      const definition = await versionDefinition(db, def.key, input.version)
      if (definition === null) throw notFound('There is no such version.')
      return saveProgram(definition, input.base, 'rollback', `back to version ${input.version}`)
    })
  })

  api.get('/audit', async (c) => {
    await requireSession(c, deps)
    return c.json({ entries: await auditEntries(db, def.key, 200) })
  })

  widgetRoutes(app, api, deps)
  api.all('*', () => {
    throw notFound('There is no such console API route.')
  })

  app.route('/api', api)
  // The console's files; any other path is a client-side route of index.html.
  app.get('/assets/*', fileUnder(CONSOLE_DIR, { 'Cache-Control': 'public, max-age=31536000, immutable', 'Content-Security-Policy': CONSOLE_CSP }, '/admin'))
  app.get('*', async (c) => {
    let html: string
    try {
      html = await readFile(join(CONSOLE_DIR, 'index.html'), 'utf8')
    } catch {
      return plain(c, 503, 'The console is not built: run npm run build')
    }
    return c.body(html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONSOLE_CSP,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
    })
  })
  return app
}
