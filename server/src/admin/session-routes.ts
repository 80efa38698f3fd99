/**
 * Signing in and out of the console (/session): the session's facts for the console,
 * the password checked against its hash under the sign-in lock, and the cookie.
 */
import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import * as v from 'valibot'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError } from '../errors.ts'
import { readJson, validate } from '../http/body.ts'
import { localize } from '../program/i18n.ts'
import { audit, deleteExpiredSessions, deleteSession, insertSession, recordFailure } from '../repositories/admin.ts'
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
import { ACTOR } from './change.ts'

const Password = v.strictObject({ password: v.pipe(v.string('invalid'), v.nonEmpty('required'), v.maxLength(1024, 'too_long')) }, 'invalid')

export function sessionRoutes(api: Hono<AppEnv>, deps: Deps, password: string): void {
  const { def, db } = deps
  // Hashed once at start-up, the password itself is not kept.
  const stored: Promise<PasswordHash> = hashPassword(password)

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
}
