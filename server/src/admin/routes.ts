/**
 * The merchant console at /admin: its JSON API under /admin/api (a session cookie and,
 * for every change, the session's CSRF header; every change written to the audit log),
 * each page's routes in a module of their own, and the built console (server/admin/dist)
 * under a strict CSP, index.html for any other path (client-side routes). Same-origin
 * only: no CORS.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readFile } from 'node:fs/promises'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, notFound } from '../errors.ts'
import { BODY_LIMIT, PROGRAM_BODY_LIMIT, tooLarge } from '../http/body.ts'
import { fileUnder, plain } from '../http/static-files.ts'
import { ownOrigin } from '../http/request.ts'
import { negotiateLanguage } from '../program/i18n.ts'
import { auditEntries } from '../repositories/admin.ts'
import { requireSession } from './auth.ts'
import { keyRoutes } from './key-routes.ts'
import { memberRoutes } from './member-routes.ts'
import { programRoutes } from './program-routes.ts'
import { sessionRoutes } from './session-routes.ts'
import { webhookRoutes } from './webhook-routes.ts'
import { widgetRoutes } from './widget.ts'

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

export function adminRoutes(deps: Deps, password: string): Hono<AppEnv> {
  const { def, db } = deps
  const app = new Hono<AppEnv>()

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
  const limited = (limit: number) =>
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw tooLarge(limit)
      },
    })
  const [small, program] = [limited(BODY_LIMIT), limited(PROGRAM_BODY_LIMIT)]
  // Saving the program sends the whole program; everything else is small.
  api.post('*', (c, next) => (c.req.path.endsWith('/api/program') ? program : small)(c, next))

  sessionRoutes(api, deps, password)

  api.get('/overview', async (c) => {
    await requireSession(c, deps)
    const days = Number(c.req.query('days') ?? 30)
    if (![7, 30, 90, 365].includes(days))
      throw new DomainError('invalid_request', 'days is 7, 30, 90 or 365.', { errors: [{ field: 'days', code: 'invalid' }] })
    return c.json(await deps.overviews.get(days, c.get('language'), c.req.query('fresh') == '1'))
  })

  memberRoutes(api, deps)
  keyRoutes(api, deps)
  webhookRoutes(api, deps)
  programRoutes(api, deps)

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
