/** What the routes share (built once at start-up) and the per-request values of Hono's context. */
import type { HttpBindings } from '@hono/node-server'
import type { Logger } from 'pino'
import type { OverviewCache } from './admin/overview.ts'
import type { Config } from './config.ts'
import type { Db } from './db/index.ts'
import type { Idempotency } from './http/idempotency.ts'
import type { LiveProgram } from './program/live.ts'
import type { ProgramDef, RenderedProgram } from './program/program.ts'
import type { RateLimiter } from './services/rate-limits.ts'
import type { TokenKeys } from './tokens.ts'

export interface Deps {
  config: Config
  db: Db
  /** The program now (updated in place when a new version is applied). */
  def: ProgramDef
  /** Its versions: the console saves and rolls back through this. */
  program: LiveProgram
  render: (language: string) => RenderedProgram
  /** Languages the program and the server's strings exist in. */
  languages: string[]
  keys: TokenKeys
  /** The server's own key for the digests of erased identities (services/returning.ts). */
  returnsKey: string
  idempotency: Idempotency
  limits: RateLimiter
  /** Program origins plus LOYALKIT_ALLOWED_ORIGINS. */
  allowedOrigins: ReadonlySet<string>
  log: Logger
  /** False once shutdown has begun: /readyz says so, so load balancers stop sending. */
  accepting: () => boolean
  /** The webhook worker: `nudge()` after committing an event sends it now rather than at the next poll. */
  webhooks: { nudge(): void }
  /** The console's Overview, computed in the background and cached. */
  overviews: OverviewCache
}

export interface AppEnv {
  Bindings: Partial<HttpBindings>
  Variables: {
    requestId: string
    log: Logger
    /** The request's Origin when it is allowed (or same-origin). */
    origin: string | undefined
    /** Negotiated from Accept-Language. */
    language: string
  }
}
