/** What the route modules share: built once by `startServer`. */
import type { IncomingMessage } from 'node:http'
import type { Db } from './db/index.ts'
import { safeHost } from './http.ts'
import type { Idempotency } from './idempotency.ts'
import type { ProgramDef, RenderedProgram } from './program.ts'
import type { RateLimiter } from './rate-limit.ts'
import type { TokenKeys } from './tokens.ts'

export interface Logger {
  info(line: string): void
  error(line: string, error?: unknown): void
}

export interface Services {
  db: Db
  def: ProgramDef
  render: (language: string) => RenderedProgram
  /** Languages the program and the server's strings exist in. */
  languages: string[]
  keys: TokenKeys
  idempotency: Idempotency
  signupLimiter: RateLimiter
  /** Program origins plus LOYALKIT_ALLOWED_ORIGINS. */
  allowedOrigins: ReadonlySet<string>
  /** Repo root: dist/ and demo/store/ are found from here. */
  rootDir: string
  /** This server's own URL (`http://127.0.0.1:8787`), once listening. */
  serverUrl: () => string
  log: Logger
}

/** This server's origin as the client sees it (from a well-formed Host), else its own URL. */
export function ownOrigin(s: Services, req: IncomingMessage): string {
  const host = safeHost(req)
  return host ? `http://${host}` : s.serverUrl()
}

/** Base of referral links: the program's store URL, else the calling page's origin, else this server. */
export function referralBase(s: Services, req: IncomingMessage, allowedOrigin: string | undefined): string {
  return s.def.storeUrl ?? allowedOrigin ?? ownOrigin(s, req)
}

export function clientIp(req: IncomingMessage): string {
  // The socket's peer: headers like X-Forwarded-For are not trusted (no proxy in front of the demo).
  return req.socket.remoteAddress ?? 'unknown'
}
