/**
 * The Trailpack demo: the reference server in demo mode (loopback only, the public
 * development secret unless one is given, PGlite in .data/) with the store page,
 * the built widget and the /_demo routes mounted on it. `npm start`, `npm run dev`,
 * the browser tests and the benchmark start it through `startDemo`.
 */
import { fileURLToPath } from 'node:url'
import type { Logger } from 'pino'
import { loadConfig, type Env } from '../server/src/config.ts'
import { createLogger } from '../server/src/logger.ts'
import type { IdempotencyHooks } from '../server/src/http/idempotency.ts'
import { startServer, type RunningServer } from '../server/src/start.ts'
import { demoRoutes } from './routes.ts'
import { randomId } from '../server/src/ids.ts'
import { setEnvEndpoint } from '../server/src/repositories/webhooks.ts'
import { writeDatedProgram } from './dated-program.ts'
import { DEMO_WEBHOOK_PATH, DEMO_WEBHOOK_SECRET, storeBackend } from './store-backend.ts'
import { mountStore } from './store-page.ts'

export const DEMO_PROGRAM = fileURLToPath(new URL('./programs/trailpack.json', import.meta.url))
const ROOT = fileURLToPath(new URL('../', import.meta.url))

export interface DemoOptions {
  /** 0 = a random free port. Default 8787. */
  port?: number
  host?: string
  /** PGlite data folder, or `memory://`. Default `.data/`. */
  dataDir?: string
  databaseUrl?: string
  programPath?: string
  secret?: string
  signupLimit?: number
  /** Other limits per minute (claim, redeem, referral); high by default in tests. */
  rateLimits?: string
  allowedOrigins?: string[]
  allowedHosts?: string[]
  trustProxy?: string
  takeoverSeconds?: number
  /** No logs but errors. */
  quiet?: boolean
  /** Serve /_demo routes (default true). */
  demoRoutes?: boolean
  /** Deliver webhooks to the demo store's receiver (default true; tests that do not look at them turn it off). */
  storeWebhooks?: boolean
  /** Repo root (dist/ and demo/store/ are found from here). */
  rootDir?: string
  testHooks?: IdempotencyHooks
  /** LOYALKIT_WEBHOOK_URL and LOYALKIT_WEBHOOK_SECRET. */
  webhookUrl?: string
  webhookSecret?: string
  /** Tests only: webhook retry delays (ms) and poll interval. */
  webhookSchedule?: number[]
  webhookPollMs?: number
  /** Where logs go (tests capture them). */
  log?: Logger
  /**
   * Serve the demo program with its double-points week moved around today (`npm start`; see
   * dated-program.ts). Not when another program file is named.
   */
  campaignAroundNow?: boolean
}

/** The demo's settings as environment variables, read by the same loader as production's. */
export function demoEnv(o: DemoOptions = {}): Env {
  return {
    PORT: o.port === undefined ? undefined : String(o.port),
    HOST: o.host,
    DATA_DIR: o.dataDir,
    DATABASE_URL: o.databaseUrl,
    LOYALKIT_PROGRAM: o.programPath,
    LOYALKIT_SECRET: o.secret,
    LOYALKIT_SIGNUP_LIMIT: o.signupLimit === undefined ? undefined : String(o.signupLimit),
    LOYALKIT_RATE_LIMITS: o.rateLimits,
    LOYALKIT_ALLOWED_ORIGINS: o.allowedOrigins?.join(','),
    LOYALKIT_ALLOWED_HOSTS: o.allowedHosts?.join(','),
    LOYALKIT_TRUST_PROXY: o.trustProxy,
    LOYALKIT_IDEMPOTENCY_TAKEOVER: o.takeoverSeconds === undefined ? undefined : String(o.takeoverSeconds),
    LOYALKIT_LOG_LEVEL: o.quiet ? 'error' : undefined,
    LOYALKIT_WEBHOOK_URL: o.webhookUrl,
    LOYALKIT_WEBHOOK_SECRET: o.webhookSecret,
  }
}

export async function startDemo(o: DemoOptions = {}, env: Env = {}): Promise<RunningServer> {
  const dated = o.campaignAroundNow && !o.programPath && !env.LOYALKIT_PROGRAM ? writeDatedProgram(DEMO_PROGRAM) : undefined
  const config = loadConfig({ ...env, ...definedOnly(demoEnv(o)) }, 'demo', { programPath: dated?.path ?? DEMO_PROGRAM })
  // The server reads the copy once, at start-up (then keeps the program in its database).
  const server = await startServer(config, {
    ...(o.log ? { log: o.log } : o.quiet && { log: createLogger('error') }),
    testHooks: o.testHooks,
    webhookSchedule: o.webhookSchedule,
    webhookPollMs: o.webhookPollMs,
    extend: (app, deps) => {
      if (o.demoRoutes !== false) {
        app.route('/_demo/store', storeBackend(deps))
        app.route('/_demo', demoRoutes(deps))
      }
      mountStore(app, deps, o.rootDir ?? ROOT)
    },
  }).finally(() => dated?.remove())
  // The store's backend receives the program's webhooks, as a real store would register its endpoint.
  const url = o.demoRoutes !== false && o.storeWebhooks !== false ? server.url + DEMO_WEBHOOK_PATH : undefined
  await setEnvEndpoint(server.db, server.deps.def.key, 'demo-store', url ? { id: randomId('ep'), url, secret: DEMO_WEBHOOK_SECRET } : undefined)
  return server
}

const definedOnly = (env: Env): Env => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined))
