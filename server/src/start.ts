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
import { openLiveProgram, REFRESH_MS } from './program/live.ts'
import { programLanguages, programRenderer, readProgramFile } from './program/program.ts'
import { randomId } from './ids.ts'
import { activeKeys, revokeBySecret, setNamedKey } from './repositories/api-keys.ts'
import { purgeOld, setEnvEndpoint } from './repositories/webhooks.ts'
import { runBadgeSweep } from './services/badges.ts'
import { runExpiry } from './services/expiry.ts'
import { rollUpDays, rollUpMembers } from './admin/overview.ts'
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

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel)
  const file = readProgramFile(resolve(config.programPath))

  const dataDir = config.dataDir.startsWith('memory://') ? config.dataDir : resolve(config.dataDir)
  // The folder lock comes first: two processes must never open one PGlite folder.
  const lock = config.databaseUrl || dataDir.startsWith('memory://') ? undefined : lockDataDir(dataDir)
  let db: Db
  try {
    db = await openDb({
      databaseUrl: config.databaseUrl,
      dataDir,
      poolSize: config.poolSize,
      timeouts: dbTimeouts(config.takeoverSeconds),
      onError: (message) => log.error({ message }, 'database pool error'),
    })
  } catch (error) {
    lock?.release()
    throw error
  }

  const live = await openLiveProgram(db, file).catch(async (error: unknown) => {
    await db.close()
    lock?.release()
    throw error
  })
  const def = live.def

  // A database the demo ran on holds the demo's public key, active: in production anyone could credit points with it.
  if (config.mode == 'production' && (await revokeBySecret(db, def.key, DEV_API_KEY))) {
    log.warn('the demo API key was active in this database (it ran in demo mode before): revoked')
  }
  const keys = config.apiKey
    ? await setNamedKey(db, def.key, { id: randomId('key'), name: 'LOYALKIT_API_KEY', key: config.apiKey })
    : await activeKeys(db, def.key)
  if (!keys) log.warn('no active API key (LOYALKIT_API_KEY): the store API (/v1/orders, /v1/coupons, /v1/members/{id}) answers 401 until there is one')

  // The variable's endpoint: added, replaced when the variable changes, disabled when it is removed.
  const replaced = await setEnvEndpoint(db, def.key, 'LOYALKIT_WEBHOOK_URL', config.webhook && { id: randomId('ep'), ...config.webhook })
  if (replaced) log.info({ endpoints: replaced }, 'webhook endpoint of an earlier LOYALKIT_WEBHOOK_URL disabled')
  const webhooks = webhookWorker(db, def.key, log, { schedule: options.webhookSchedule, pollMs: options.webhookPollMs })

  let accepting = true
  const deps: Deps = {
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
    accepting: () => accepting,
    webhooks,
  }
  // A new version (saved here or by another replica) brings its languages and origins along.
  live.onChange(() => {
    deps.languages.splice(0, deps.languages.length, ...programLanguages(def))
    const origins = deps.allowedOrigins as Set<string>
    origins.clear()
    for (const origin of [...def.allowedOrigins, ...config.allowedOrigins]) origins.add(origin)
  })
  const programPoll = setInterval(() => live.refresh().catch((error) => log.warn({ err: error }, 'program refresh failed')), REFRESH_MS)
  programPoll.unref()
  const app = createApp(deps, options.extend)

  const sweep = () =>
    Promise.all([
      deps.idempotency.sweep(),
      deps.limits.sweep(),
      runExpiry(db, def),
      runBadgeSweep(db, def),
      purgeOld(db, def.key, WEBHOOK_RETENTION_DAYS),
      rollUpDays(db, def.key),
      rollUpMembers(db, def.key),
    ]).catch((error) => log.warn({ err: error }, 'sweep failed'))
  await sweep()
  const sweeper = setInterval(sweep, SWEEP_MS)
  sweeper.unref()

  let server: Server
  try {
    server = await new Promise<Server>((done, fail) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
        s.off('error', fail)
        done(s as Server)
      }) as Server
      s.once('error', fail)
    })
    answerClientErrors(server)
  } catch (error) {
    clearInterval(sweeper)
    await db.close()
    lock?.release()
    throw error
  }
  server.keepAliveTimeout = 5_000
  const address = server.address() as AddressInfo
  const host = address.family == 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host == '0.0.0.0' || host == '[::]' ? '127.0.0.1' : host}:${address.port}`
  log.info({ url, mode: config.mode, database: db.kind, program: def.key }, 'listening')
  webhooks.start()

  let closing: Promise<void> | undefined
  return {
    url,
    port: address.port,
    db,
    deps,
    close: (graceMs = 10_000) =>
      (closing ??= (async () => {
        accepting = false
        // Drain: /readyz says 503 while requests are still served, so a load balancer
        // takes this replica out before its connections are refused.
        if (config.drainSeconds) await new Promise((done) => setTimeout(done, config.drainSeconds * 1000))
        clearInterval(sweeper)
        // No new webhook posts; the ones in flight finish (their timeout bounds them) while requests do.
        const webhooksStopped = webhooks.stop()
        const closed = new Promise<void>((done) => server.close(() => done()))
        server.closeIdleConnections()
        const force = setTimeout(() => server.closeAllConnections(), graceMs)
        await closed
        clearTimeout(force)
        await webhooksStopped
        await db.close()
        lock?.release()
        log.info('closed')
      })()),
  }
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
