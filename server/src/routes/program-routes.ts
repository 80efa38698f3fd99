/**
 * The program as a page reads it before anyone signs in: by the program header
 * (/program) or by its key in the address (/programs/{key}), both answered 304 to a
 * matching ETag, and the count of guests who opened the panel.
 */
import type { Hono } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, notFound } from '../errors.ts'
import { toResponse } from '../http/reply.ts'
import { clientKey } from '../http/request.ts'
import { negotiateLanguage } from '../program/i18n.ts'
import { countOpen } from '../repositories/widget-opens.ts'
import { requireProgram } from './v1-helpers.ts'

export function programRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def } = deps

  api.get('/program', (c) => {
    requireProgram(c, deps)
    const rendered = deps.render(c.get('language'))
    const headers = {
      ETag: rendered.etag,
      'Cache-Control': 'public, max-age=60',
      Vary: 'Accept-Language, X-Loyalkit-Program',
      'Content-Language': rendered.language,
    }
    if (etagMatches(c.req.header('if-none-match'), rendered.etag)) return toResponse({ status: 304, headers })
    return toResponse({ status: 200, body: rendered.json, contentType: 'application/json', headers })
  })

  // The program by its key in the address: what a page fetches before anyone touches the widget.
  api.get('/programs/:key', (c) => {
    if (c.req.param('key') !== def.key) throw notFound(`There is no loyalty program "${c.req.param('key').slice(0, 100)}" here.`)
    const locale = c.req.query('locale')
    if (locale !== undefined && !(locale.length <= 35 && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(locale))) {
      throw new DomainError('invalid_request', 'locale is a BCP 47 language tag such as "lv" or "en-GB".', { errors: [{ field: 'locale', code: 'invalid' }] })
    }
    const language = locale === undefined ? c.get('language') : negotiateLanguage(locale, deps.languages)
    const rendered = deps.render(language)
    const headers: Record<string, string> = {
      ETag: rendered.etag,
      'Cache-Control': 'public, max-age=60, stale-while-revalidate=300',
      ...(locale === undefined && { Vary: 'Accept-Language' }),
      'Content-Language': rendered.language,
    }
    if (etagMatches(c.req.header('if-none-match'), rendered.etag)) return toResponse({ status: 304, headers })
    return toResponse({ status: 200, body: rendered.json, contentType: 'application/json', headers })
  })

  // A guest opened the panel: one more on today's counter (the console's sign-up conversion), nothing else kept.
  api.post('/programs/:key/opens', async (c) => {
    if (c.req.param('key') !== def.key) throw notFound(`There is no loyalty program "${c.req.param('key').slice(0, 100)}" here.`)
    // Allowed origins only (the CORS check has refused the others): a page's beacon, not a script's loop.
    if (!c.get('origin')) throw new DomainError('forbidden', 'Opens are counted from a page of an allowed origin (an Origin header).')
    await deps.limits.take('open', clientKey(c, deps))
    await countOpen(deps.db, def.key)
    return toResponse({ status: 204 })
  })
}

/** `If-None-Match` (weak comparison, lists and `*`) against our strong ETag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() == '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') == etag)
}
