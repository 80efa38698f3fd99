/**
 * Signing in to the console: one password (LOYALKIT_ADMIN_PASSWORD), kept only as a
 * scrypt hash with a random salt and compared in constant time; a session is a random
 * token in an HttpOnly, SameSite=Strict cookie (Secure off loopback), stored as its
 * SHA-256, with a CSRF token that every change must send back in a header. Five wrong
 * passwords in a minute lock the sign-in for five minutes, for everyone: the password
 * is the only secret, so guessing must stay slow whichever address it comes from.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv, Deps } from '../context.ts'
import { sha256Hex } from '../digest.ts'
import { DomainError } from '../errors.ts'
import { findSession, latestFailures } from '../repositories/admin.ts'

export const SESSION_COOKIE = 'lk_admin'
export const CSRF_HEADER = 'X-Loyalkit-CSRF'
export const SESSION_HOURS = 12
export const IDLE_MINUTES = 120
export const MAX_FAILURES = 5
export const FAILURE_WINDOW_S = 60
export const LOCK_S = 300

const scryptAsync = (password: string, salt: Buffer) =>
  new Promise<Buffer>((done, fail) => scrypt(password.normalize('NFC'), salt, 32, { N: 16384, r: 8, p: 1 }, (error, key) => (error ? fail(error) : done(key))))

export interface PasswordHash {
  salt: Buffer
  hash: Buffer
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16)
  return { salt, hash: await scryptAsync(password, salt) }
}

export async function passwordMatches(stored: PasswordHash, attempt: string): Promise<boolean> {
  if (attempt.length > 1024) return false
  return timingSafeEqual(stored.hash, await scryptAsync(attempt, stored.salt))
}

export const tokenHash = sha256Hex
export const newToken = (): string => randomBytes(32).toString('base64url')

/** Seconds the sign-in stays locked, or 0: five failures within a minute lock it for LOCK_S after the last. */
export async function lockedFor(deps: Deps): Promise<number> {
  const times = (await latestFailures(deps.db, deps.def.key, MAX_FAILURES)).map(Date.parse)
  if (times.length < MAX_FAILURES) return 0
  const [latest, fifth] = [times[0]!, times[MAX_FAILURES - 1]!]
  if (latest - fifth > FAILURE_WINDOW_S * 1000) return 0
  return Math.max(0, Math.ceil((latest + LOCK_S * 1000 - Date.now()) / 1000))
}

/** Whether the cookie can carry Secure: anything but plain HTTP to a loopback name. */
export function secureCookie(c: Context<AppEnv>): boolean {
  const url = new URL(c.req.url)
  const host = (c.req.header('host') ?? url.host).replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return !(url.protocol == 'http:' && ['localhost', '127.0.0.1', '::1'].includes(host))
}

export interface AdminSession {
  tokenHash: string
  csrf: string
}

const unauthorized = () => new DomainError('unauthorized', 'Sign in to the console.')

/** The request's console session: 401 without one; a change (not GET) without its CSRF token is 403. */
export async function requireSession(c: Context<AppEnv>, deps: Deps): Promise<AdminSession> {
  const token = getCookie(c, SESSION_COOKIE)
  if (!token || token.length > 100) throw unauthorized()
  const hash = tokenHash(token)
  const session = await findSession(deps.db, hash, deps.def.key, IDLE_MINUTES)
  if (!session) throw unauthorized()
  if (c.req.method != 'GET' && c.req.method != 'HEAD') {
    const sent = c.req.header(CSRF_HEADER) ?? ''
    const ok = sent.length == session.csrf.length && timingSafeEqual(Buffer.from(sent), Buffer.from(session.csrf))
    if (!ok) throw new DomainError('forbidden', `Send the ${CSRF_HEADER} header of this session with every change.`)
  }
  return { tokenHash: hash, csrf: session.csrf }
}
