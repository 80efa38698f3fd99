/**
 * The Loyalkit reference server: the `/v1` endpoint contract, the demo-only
 * `/_demo` routes and the Trailpack demo store, on plain `node:http`.
 * Tests and the browser harness start it in-process with `startServer`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { handleApi } from './api.ts'
import { openDb, type Db } from './db/index.ts'
import { handleDemo } from './demo-routes.ts'
import { HttpProblem, send, serverError } from './http.ts'
import { idempotency, type BeforeCommitHook } from './idempotency.ts'
import { loadProgram, programLanguages, programRenderer } from './program.ts'
import { tokenBucket } from './rate-limit.ts'
import type { Logger, Services } from './services.ts'
import { handleStatic } from './static.ts'
import { tokenKeys } from './tokens.ts'

/** Used when no secret is configured. Anyone can read it: fine for a laptop demo, never for real data. */
export const DEV_SECRET = 'loyalkit-dev-secret-not-for-production'

const DEFAULT_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const DEFAULT_PROGRAM = fileURLToPath(new URL('./programs/trailpack.json', import.meta.url))

export interface ServerOptions {
  /** 0 = a random free port. Default 8787. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** PGlite data folder (relative to cwd), or `memory://`. Default `.data/`. */
  dataDir?: string
  /** PostgreSQL connection string; when set, used instead of PGlite. */
  databaseUrl?: string
  /** Program JSON (relative to cwd). Default demo/server/programs/trailpack.json. */
  programPath?: string
  /** Program secret for HS256 customer tokens. Default DEV_SECRET. */
  secret?: string
  /** Sign-ups per client IP per minute. Default 10. */
  signupLimit?: number
  /** Origins allowed beside the program's own. */
  allowedOrigins?: string[]
  /** Serve /_demo routes. Default true. */
  demoRoutes?: boolean
  /** Repo root (dist/ and demo/store/ are found from here). */
  rootDir?: string
  /** No info logs (errors are still logged). */
  quiet?: boolean
  /** For tests only. */
  testHooks?: { beforeCommit?: BeforeCommitHook }
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:54321 */
  url: string
  port: number
  close(): Promise<void>
  db: Db
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const rootDir = resolve(options.rootDir ?? DEFAULT_ROOT)
  const def = loadProgram(options.programPath ? resolve(options.programPath) : DEFAULT_PROGRAM)
  const log: Logger = {
    info: (line) => {
      if (!options.quiet) console.log(line)
    },
    error: (line, error) => console.error(`[loyalkit] ${line}${error instanceof Error ? `: ${error.stack ?? error.message}` : ''}`),
  }
  const secret = options.secret || DEV_SECRET
  if (!options.secret) log.info('[loyalkit] no program secret configured: using the public development secret')

  // Listen first: a busy port fails before the data folder is touched (PGlite
  // must not be opened by two processes). Requests wait until the DB is ready.
  let ready!: (services: Services) => void
  let failed!: (error: unknown) => void
  const servicesReady = new Promise<Services>((resolve, reject) => ((ready = resolve), (failed = reject)))
  servicesReady.catch(() => {})
  const demoRoutes = options.demoRoutes ?? true
  const server: Server = createServer((req, res) => {
    servicesReady
      .then((services) => route(services, demoRoutes, req, res))
      .catch((error) => {
        log.error(`${req.method} ${req.url} failed`, error)
        send(res, serverError().toReply(), { 'X-Content-Type-Options': 'nosniff' })
      })
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
      server.off('error', fail)
      done()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family == 'IPv6' ? `[${address.address}]` : address.address
  const serverUrl = `http://${host == '0.0.0.0' || host == '[::]' ? '127.0.0.1' : host}:${address.port}`

  const dataDir = options.dataDir ?? '.data/'
  let db: Db
  try {
    db = await openDb({ databaseUrl: options.databaseUrl, dataDir: dataDir.startsWith('memory://') ? dataDir : resolve(dataDir) })
  } catch (error) {
    failed(error)
    server.closeAllConnections()
    await new Promise((done) => server.close(done))
    throw error
  }
  const idem = idempotency(db, options.testHooks)
  await idem.sweep().catch((error) => log.error('idempotency sweep failed', error))
  const sweeper = setInterval(() => idem.sweep().catch((error) => log.error('idempotency sweep failed', error)), 60 * 60 * 1000)
  sweeper.unref()
  ready({
    db,
    def,
    render: programRenderer(def),
    languages: programLanguages(def),
    keys: tokenKeys(secret, def.key),
    idempotency: idem,
    signupLimiter: tokenBucket(options.signupLimit ?? 10),
    allowedOrigins: new Set([...def.allowedOrigins, ...(options.allowedOrigins ?? [])]),
    rootDir,
    serverUrl: () => serverUrl,
    log,
  })

  let closing: Promise<void> | undefined
  return {
    url: serverUrl,
    port: address.port,
    db,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweeper)
        const closed = new Promise<void>((done) => server.close(() => done()))
        server.closeIdleConnections()
        const force = setTimeout(() => server.closeAllConnections(), 2_000)
        await closed
        clearTimeout(force)
        await db.close()
      })()),
  }
}

async function route(s: Services, demoRoutes: boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? '/'
  let url: URL
  try {
    url = new URL(raw.startsWith('/') ? 'http://server' + raw : raw)
  } catch {
    return send(res, new HttpProblem(400, 'invalid_request', 'Malformed request target.').toReply())
  }
  const path = url.pathname
  if (path == '/v1' || path.startsWith('/v1/')) return handleApi(s, req, res, url, path.slice(3) || '/')
  if (path.startsWith('/_demo/') || path == '/_demo') {
    if (!demoRoutes) return send(res, new HttpProblem(404, 'not_found', 'Demo routes are turned off.').toReply(), { 'X-Content-Type-Options': 'nosniff' })
    return handleDemo(s, req, res, path.slice('/_demo'.length))
  }
  return handleStatic(s, req, res, path)
}
