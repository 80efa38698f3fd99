/**
 * Starting and stopping the server: program, database (with the PGlite folder
 * lock), services, the Hono app on @hono/node-server, periodic sweeps, and a
 * graceful shutdown (stop accepting, let in-flight requests finish, close the pool).
 * Tests, the demo and the CLI all start it through `startServer`.
 */
import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Logger } from 'pino'
import { createApp, type Extend } from './app.ts'
import { dbTimeouts, DEV_API_KEY, type Config } from './config.ts'
import type { Deps } from './context.ts'
import { lockDataDir } from './db/lock.ts'
import { createLogger } from './logger.ts'
import { openDb, type Db } from './db/index.ts'
import { answerClientErrors } from './http/client-error.ts'
import { idempotency, type IdempotencyHooks } from './http/idempotency.ts'
import { returnsKey } from './services/returning.ts'
import { openLiveProgram, REFRESH_MS, type LiveProgram } from './program/live.ts'
import { programLanguages, programRenderer, readProgramFile } from './program/program.ts'
import { randomId } from './ids.ts'
import { activeKeys, revokeBySecret, setNamedKey } from './repositories/api-keys.ts'
import { purgeOld, setEnvEndpoint } from './repositories/webhooks.ts'
import { runBadgeSweep } from './services/badges.ts'
import { runExpiry } from './services/expiry.ts'
import { overviewCache, rollUpDays, rollUpMembers } from './admin/overview.ts'
import { rateLimiter } from './services/rate-limits.ts'
import { tokenKeys } from './tokens.ts'
import { webhookWorker } from './webhooks/delivery.ts'

export interface StartOptions {
  /** Mount more routes (the demo store) before the final 404. */
  extend?: Extend
  /** Where logs go (default: a pino logger on stdout at the configured level). */
  log?: Logger
  /** For tests only. */
  testHooks?: IdempotencyHooks
  /** For tests only: delays (ms) after each failed webhook attempt, and how often the worker polls. */
  webhookSchedule?: number[]
  webhookPollMs?: number
  /** For tests only: how often the program is read again for a version another replica saved, and how often the sweeps run. */
  programPollMs?: number
  sweepMs?: number
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:54321 */
  url: string
  port: number
  db: Db
  deps: Deps
  /** Graceful: not ready (then LOYALKIT_DRAIN_SECONDS of serving), stops accepting, waits for in-flight requests (up to `graceMs`), closes the database. */
  close(graceMs?: number): Promise<void>
}

const SWEEP_MS = 10 * 60 * 1000
/** Sent (or given up) webhook events, their deliveries and attempts are kept this long. */
const WEBHOOK_RETENTION_DAYS = 30

/**
 * The program file read, the database opened (its folder locked) and the live program on it, the keys
 * and webhook endpoint of the environment applied, the sweeps and the program's refresh running, and
 * the app listening. A start that fails on the way leaves nothing behind: no timer, no open database,
 * no lock.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel)
  const file = readProgramFile(resolve(config.programPath))
  const storage = await openStorage(config, log)
  const { db } = storage
  const background: Background[] = []
  try {
    const live = await openLiveProgram(db, file)
    await applyEnvironment(config, db, live.def.key, log)
    let accepting = true
    const deps = await createDeps(config, options, db, live, log, () => accepting)
    background.push(every(options.programPollMs ?? REFRESH_MS, () => live.refresh().catch((error) => log.warn({ err: error }, 'program refresh failed'))))
    background.push(await startSweeps(deps, options.sweepMs ?? SWEEP_MS))
    const server = await listen(createApp(deps, options.extend), config)
    const url = urlOf(server)
    log.info({ url, mode: config.mode, database: db.kind, program: live.def.key }, 'listening')
    deps.webhooks.start()
    let closing: Promise<void> | undefined
    return {
      url,
      port: (server.address() as AddressInfo).port,
      db,
      deps,
      close: (graceMs = 10_000) =>
        (closing ??= (async () => {
          accepting = false
          // Drain: /readyz says 503 while requests are still served, so a load balancer
          // takes this replica out before its connections are refused.
          if (config.drainSeconds) await new Promise((done) => setTimeout(done, config.drainSeconds * 1000))
          // No new sweep, refresh or webhook post; the ones under way, and the console's figures being computed,
          // finish while requests do (a post's timeout bounds it), for as long as requests may: then the database closes.
          const stopped = Promise.all([...background.map((b) => b.stop()), deps.webhooks.stop(), deps.overviews.settled()])
          const graceEnds = Date.now() + graceMs
          await closeServer(server, graceMs)
          if (!(await settlesWithin(stopped, graceEnds - Date.now()))) log.warn("closing the database with a sweep or the console's figures still running")
          await storage.close()
          log.info('closed')
        })()),
    }
  } catch (error) {
    // The start's own error is the one to tell; one while cleaning up after it is logged.
    await Promise.all(background.map((b) => b.stop()))
    await storage.close().catch((e: unknown) => log.error({ err: e }, 'closing the database after a failed start'))
    throw error
  }
}

/** The database, behind the lock of its PGlite folder (taken first: two processes must never open one), and how to close both. */
async function openStorage(config: Config, log: Logger): Promise<{ db: Db; close(): Promise<void> }> {
  const dataDir = config.dataDir.startsWith('memory://') ? config.dataDir : resolve(config.dataDir)
  const lock = config.databaseUrl || dataDir.startsWith('memory://') ? undefined : lockDataDir(dataDir)
  try {
    const db = await openDb({
      databaseUrl: config.databaseUrl,
      dataDir,
      poolSize: config.poolSize,
      timeouts: dbTimeouts(config.takeoverSeconds),
      onError: (message) => log.error({ message }, 'database pool error'),
    })
    return { db, close: () => db.close().finally(() => lock?.release()) }
  } catch (error) {
    lock?.release()
    throw error
  }
}

/** The API key and webhook endpoint the environment names, and no demo key in production. */
async function applyEnvironment(config: Config, db: Db, program: string, log: Logger): Promise<void> {
  // A database the demo ran on holds the demo's public key, active: in production anyone could credit points with it.
  if (config.mode == 'production' && (await revokeBySecret(db, program, DEV_API_KEY))) {
    log.warn('the demo API key was active in this database (it ran in demo mode before): revoked')
  }
  const keys = config.apiKey
    ? await setNamedKey(db, program, { id: randomId('key'), name: 'LOYALKIT_API_KEY', key: config.apiKey })
    : await activeKeys(db, program)
  if (!keys) log.warn('no active API key (LOYALKIT_API_KEY): the store API (/v1/orders, /v1/coupons, /v1/members/{id}) answers 401 until there is one')
  // The variable's endpoint: added, replaced when the variable changes, disabled when it is removed.
  const replaced = await setEnvEndpoint(db, program, 'LOYALKIT_WEBHOOK_URL', config.webhook && { id: randomId('ep'), ...config.webhook })
  if (replaced) log.info({ endpoints: replaced }, 'webhook endpoint of an earlier LOYALKIT_WEBHOOK_URL disabled')
}

/** What the routes use; the languages and origins follow each new version of the program (saved here or by another replica). */
async function createDeps(config: Config, options: StartOptions, db: Db, live: LiveProgram, log: Logger, accepting: () => boolean) {
  const def = live.def
  const deps = {
    config,
    db,
    def,
    render: programRenderer(def, live.version),
    languages: programLanguages(def),
    program: live,
    keys: tokenKeys(config.secret, def.key),
    returnsKey: await returnsKey(db),
    idempotency: idempotency(db, config.takeoverSeconds, options.testHooks),
    limits: rateLimiter(db, def.key, config.limits),
    allowedOrigins: new Set([...def.allowedOrigins, ...config.allowedOrigins]),
    log,
    accepting,
    webhooks: webhookWorker(db, def.key, log, { schedule: options.webhookSchedule, pollMs: options.webhookPollMs }),
    overviews: overviewCache(db, def, log),
  } satisfies Deps
  live.onChange(() => {
    deps.languages.splice(0, deps.languages.length, ...programLanguages(def))
    deps.allowedOrigins.clear()
    for (const origin of [...def.allowedOrigins, ...config.allowedOrigins]) deps.allowedOrigins.add(origin)
  })
  return deps
}

/** Work the server does on a timer; `stop` ends the timer and waits for a run under way (the database closes after it). */
interface Background {
  stop(): Promise<void>
}

/** `task` (which handles its own failures) every `ms`, never two runs at once; the timer keeps no process alive. */
function every(ms: number, task: () => Promise<unknown>): Background {
  let running: Promise<unknown> | undefined
  const timer = setInterval(() => {
    running ??= task().finally(() => (running = undefined))
  }, ms)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}

/** Expired keys, limits, points and webhook history cleared, badges given and the console's roll-ups made: now, then every `ms`. */
async function startSweeps({ db, def, idempotency, limits, log }: Deps, ms: number): Promise<Background> {
  const tasks: Record<string, () => Promise<unknown>> = {
    idempotency: () => idempotency.sweep(),
    limits: () => limits.sweep(),
    expiry: () => runExpiry(db, def),
    badges: () => runBadgeSweep(db, def),
    webhooks: () => purgeOld(db, def.key, WEBHOOK_RETENTION_DAYS),
    days: () => rollUpDays(db, def.key),
    members: () => rollUpMembers(db, def.key),
  }
  // Each failure said, and every task over before the next step (or the database closing).
  const sweep = () => Promise.all(Object.entries(tasks).map(([task, run]) => run().catch((error: unknown) => log.warn({ err: error, task }, 'sweep failed'))))
  await sweep()
  return every(ms, sweep)
}

/** The app on @hono/node-server, once it listens (a port in use rejects). */
async function listen(app: { fetch: (request: Request) => Response | Promise<Response> }, config: Config): Promise<Server> {
  const server = await new Promise<Server>((done, fail) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
      s.off('error', fail)
      done(s as Server)
    }) as Server
    s.once('error', fail)
  })
  answerClientErrors(server)
  server.keepAliveTimeout = 5_000
  return server
}

/** The address to call the server at: a wildcard address is reached on loopback. */
function urlOf(server: Server): string {
  const address = server.address() as AddressInfo
  const host = address.family == 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host == '0.0.0.0' || host == '[::]' ? '127.0.0.1' : host}:${address.port}`
}

/** Whether `p` settles within `ms` (its timer cleared either way). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>((done) => (timer = setTimeout(done, Math.max(0, ms), false)))
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      late,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** No new connections; idle ones closed now, busy ones once their request is answered, or after `graceMs` whatever they do. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()))
  server.closeIdleConnections()
  const force = setTimeout(() => server.closeAllConnections(), graceMs)
  await closed
  clearTimeout(force)
}

/** SIGINT/SIGTERM close `server` gracefully, once, then exit (0, or 1 when closing failed). */
export function closeOnSignals(server: RunningServer, onSignal: (signal: NodeJS.Signals) => void = () => {}): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    onSignal(signal)
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while closing:', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
