/**
 * Production mode: refusals with one clear line, no demo routes, health probes,
 * request ids, the PGlite folder lock and a graceful shutdown.
 */
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PROGRAM, startDemo } from '../../demo/start.ts'
import { ConfigError, DEV_ADMIN_PASSWORD, DEV_API_KEY, DEV_SECRET, loadConfig, type Env } from '../../server/src/config.ts'
import { DataDirLockedError } from '../../server/src/db/lock.ts'
import { createLogger } from '../../server/src/logger.ts'
import { startServer, type RunningServer } from '../../server/src/start.ts'
import { call, signUp, storeToken } from './helpers.ts'

const BIN = fileURLToPath(new URL('../../server/bin/loyalkit-server.js', import.meta.url))
const GOOD_SECRET = 'production-test-secret-0123456789abcdef'
const production = (extra: Env = {}): Env => ({
  LOYALKIT_SECRET: GOOD_SECRET,
  LOYALKIT_PROGRAM: DEMO_PROGRAM,
  LOYALKIT_ALLOWED_HOSTS: '127.0.0.1,localhost',
  ...extra,
})
const silent = createLogger('silent')

describe('configuration', () => {
  const refused: [string, Env, RegExp][] = [
    ['no secret', production({ LOYALKIT_SECRET: undefined }), /^LOYALKIT_SECRET is required/],
    ['a short secret', production({ LOYALKIT_SECRET: 'x' }), /^LOYALKIT_SECRET is 1 bytes: use at least 32/],
    ['a secret of 31 bytes', production({ LOYALKIT_SECRET: 'a'.repeat(31) }), /^LOYALKIT_SECRET is 31 bytes/],
    ['the public development secret', production({ LOYALKIT_SECRET: DEV_SECRET }), /public development secret/],
    ['no program file', production({ LOYALKIT_PROGRAM: undefined }), /^LOYALKIT_PROGRAM is required/],
    ['no Host allow-list', production({ LOYALKIT_ALLOWED_HOSTS: undefined }), /^LOYALKIT_ALLOWED_HOSTS is required/],
    ['a bad host name', production({ LOYALKIT_ALLOWED_HOSTS: 'shop.example/path' }), /^LOYALKIT_ALLOWED_HOSTS must be/],
    ['a Host allow-list of nothing', production({ LOYALKIT_ALLOWED_HOSTS: ' , ' }), /^LOYALKIT_ALLOWED_HOSTS must name at least one host/],
    ['a bad port', production({ PORT: 'eighty' }), /^PORT must be a whole number/],
    ['a port out of range', production({ PORT: '70000' }), /^PORT must be at most 65535/],
    ['an origin with a path', production({ LOYALKIT_ALLOWED_ORIGINS: 'https://shop.example/' }), /^LOYALKIT_ALLOWED_ORIGINS must be/],
    ['a database URL of another kind', production({ DATABASE_URL: 'mysql://x' }), /^DATABASE_URL must be a postgres/],
    ['a bad trusted proxy', production({ LOYALKIT_TRUST_PROXY: 'the load balancer' }), /^LOYALKIT_TRUST_PROXY: "the load balancer" is not an IP address/],
    ['a bad rate limit', production({ LOYALKIT_RATE_LIMITS: 'signup=lots' }), /^LOYALKIT_RATE_LIMITS must look like/],
    ['a bad log level', production({ LOYALKIT_LOG_LEVEL: 'loud' }), /^LOYALKIT_LOG_LEVEL must be one of/],
    ['a takeover time under 2 s', production({ LOYALKIT_IDEMPOTENCY_TAKEOVER: '1' }), /^LOYALKIT_IDEMPOTENCY_TAKEOVER must be at least 2/],
    ['an empty pool', production({ LOYALKIT_DB_POOL: '0' }), /^LOYALKIT_DB_POOL must be at least 1/],
    ['an API key under 32 bytes', production({ LOYALKIT_API_KEY: 'lk_sk_short' }), /^LOYALKIT_API_KEY must be at least 32 bytes/],
    ['an API key with spaces', production({ LOYALKIT_API_KEY: 'lk sk '.repeat(8) }), /^LOYALKIT_API_KEY must be letters, digits/],
    ['the public demo API key', production({ LOYALKIT_API_KEY: DEV_API_KEY }), /^LOYALKIT_API_KEY is the public demo key/],
    [
      'a console password under 12 characters',
      production({ LOYALKIT_ADMIN_PASSWORD: 'short-pass' }),
      /^LOYALKIT_ADMIN_PASSWORD must be at least 12 characters/,
    ],
    ['the public demo console password', production({ LOYALKIT_ADMIN_PASSWORD: DEV_ADMIN_PASSWORD }), /^LOYALKIT_ADMIN_PASSWORD is the public demo password/],
  ]
  for (const [name, env, message] of refused) {
    it(`production refuses ${name}`, () => {
      expect(() => loadConfig(env, 'production')).toThrow(ConfigError)
      expect(() => loadConfig(env, 'production')).toThrow(message)
    })
  }

  it('production accepts a safe configuration, and reads every setting', () => {
    const config = loadConfig(
      production({
        PORT: '9000',
        HOST: '0.0.0.0',
        LOYALKIT_RATE_LIMITS: 'redeem=5, referral=7',
        LOYALKIT_SIGNUP_LIMIT: '3',
        LOYALKIT_TRUST_PROXY: 'loopback, 10.0.0.0/8',
        LOYALKIT_DB_POOL: '25',
      }),
      'production',
    )
    expect(config).toMatchObject({
      mode: 'production',
      port: 9000,
      host: '0.0.0.0',
      secret: GOOD_SECRET,
      allowedHosts: ['127.0.0.1', 'localhost'],
      takeoverSeconds: 60,
      poolSize: 25,
    })
    expect(config.limits).toEqual({ signup: 3, claim: 30, redeem: 5, referral: 7, open: 60 })
    expect(config.trustProxy.check('10.1.2.3', 'ipv4')).toBe(true)
    expect(config.trustProxy.check('192.168.0.1', 'ipv4')).toBe(false)
  })

  it('demo mode listens on loopback only', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      expect(() => loadConfig({ HOST: host }, 'demo', { programPath: DEMO_PROGRAM })).toThrow(/Demo mode listens on loopback only/)
    }
    expect(loadConfig({ HOST: '127.0.0.1' }, 'demo', { programPath: DEMO_PROGRAM }).secret).toBe(DEV_SECRET)
    // Nor does it answer to any Host: a DNS-rebinding page could mint tokens and points.
    expect(() => loadConfig({ LOYALKIT_ALLOWED_HOSTS: '*' }, 'demo', { programPath: DEMO_PROGRAM })).toThrow(/Demo mode answers to named hosts only/)
    expect(loadConfig(production({ LOYALKIT_ALLOWED_HOSTS: 'shop.example, ::1' }), 'production').allowedHosts).toEqual(['shop.example', '[::1]'])
  })

  it('the loyalkit-server bin says what is wrong in one line and exits 2', () => {
    for (const env of [production({ LOYALKIT_SECRET: 'short' }), production({ LOYALKIT_SECRET: DEV_SECRET }), production({ PORT: '-1' })]) {
      const r = spawnSync(process.execPath, [BIN], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 30_000 })
      expect(r.status, r.stderr).toBe(2)
      const lines = r.stderr.trim().split('\n')
      expect(lines, r.stderr).toHaveLength(1)
      expect(lines[0]).toMatch(/^loyalkit-server: (LOYALKIT_SECRET|PORT)/)
      expect(r.stdout).toBe('')
    }
  })
})

describe('a database the demo ran on', () => {
  it('has the demo’s public API key revoked when the production server starts on it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'loyalkit-was-demo-'))
    const credit = (s: RunningServer) =>
      call(s, '/v1/orders', { token: DEV_API_KEY, body: { id: 'o-' + randomUUID(), customer: { email: 'a@example.com' }, amount: 10, currency: 'EUR' } })
    try {
      const demo = await startDemo({ port: 0, dataDir, quiet: true })
      expect((await credit(demo)).status).toBe(201)
      await demo.close()
      const lines: string[] = []
      const log = createLogger('info', { write: (line: string) => void lines.push(line) })
      const server = await startServer(loadConfig(production({ PORT: '0', DATA_DIR: dataDir }), 'production'), { log })
      try {
        expect((await credit(server)).status).toBe(401)
        expect(lines.filter((l) => l.includes('demo API key'))).toHaveLength(1)
      } finally {
        await server.close()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})

describe('the production server', () => {
  let server: RunningServer
  let dataDir: string
  const lines: string[] = []
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'loyalkit-prod-'))
    const config = loadConfig(production({ PORT: '0', DATA_DIR: dataDir }), 'production')
    server = await startServer(config, { log: createLogger('info', { write: (line: string) => void lines.push(line) }) })
  })
  afterAll(async () => {
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('has no demo routes: nothing mints tokens or points without a secret', async () => {
    for (const path of ['/_demo/token', '/_demo/orders', '/_demo/store/checkout']) {
      const r = await call(server, path, { body: { customerId: 'c1', email: 'a@example.com', amount: 1000 } })
      expect(r.status, path).toBe(404)
      expect(r.headers.get('content-type')).toBe('application/problem+json')
    }
    // The store page and the built widget are the demo's too.
    expect((await fetch(server.url + '/')).status).toBe(404)
    // No LOYALKIT_ADMIN_PASSWORD here: no console at all.
    expect(
      (
        await fetch(server.url + '/admin/api/session', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ password: DEV_ADMIN_PASSWORD }),
        })
      ).status,
    ).toBe(404)
    expect((await fetch(server.url + '/admin')).status).toBe(404)
    // No LOYALKIT_API_KEY here: the demo's public key opens nothing.
    const order = await call(server, '/v1/orders', {
      token: DEV_API_KEY,
      body: { id: 'o1', customer: { email: 'a@example.com' }, amount: 1000, currency: 'EUR' },
    })
    expect(order.status).toBe(401)
  })

  it('serves the contract', async () => {
    expect((await call(server, '/v1/program')).status).toBe(200)
    const sub = 'cust_' + randomUUID()
    const email = `prod.${randomUUID().slice(0, 8)}@example.com`
    const { member } = await signUp(server, { email }, { token: await storeToken({ sub, email }, GOOD_SECRET) })
    expect(member.balance).toBe(100)
  })

  it('answers /healthz and /readyz with JSON', async () => {
    const health = await fetch(server.url + '/healthz')
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    const ready = await fetch(server.url + '/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' })
  })

  it('gives every request an id, echoes a well-formed one, and logs no token, email or body', async () => {
    const own = await call(server, '/v1/program', { headers: { 'X-Request-Id': 'lb-1234.abc' } })
    expect(own.headers.get('x-request-id')).toBe('lb-1234.abc')
    const made = await call(server, '/v1/program', { headers: { 'X-Request-Id': 'not ok <script>' } })
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const email = `secret.${randomUUID().slice(0, 8)}@example.com`
    const sub = 'cust_' + randomUUID()
    const token = await storeToken({ sub, email }, GOOD_SECRET)
    lines.length = 0
    const r = await call(server, '/v1/members', { token, body: { email, name: 'Private Name', consent: { terms: true, marketing: false } } })
    expect(r.status).toBe(201)
    const logged = lines.join('\n')
    const entry = JSON.parse(lines.find((l) => l.includes('"path":"/v1/members"'))!) as Record<string, unknown>
    expect(entry).toMatchObject({ method: 'POST', path: '/v1/members', status: 201, reqId: r.headers.get('x-request-id') })
    for (const secret of [email, token, 'Private Name', sub]) expect(logged).not.toContain(secret)
  })

  it("logs an error as type, message, code and stack: not a driver's fields that repeat the row", () => {
    const out: string[] = []
    const log = createLogger('error', { write: (line: string) => void out.push(line) })
    const error = Object.assign(new Error('duplicate key value violates unique constraint "members_email_key"'), {
      code: '23505',
      detail: 'Key (program_key, email)=(pk_demo_trailpack, anna@example.com) already exists.',
    })
    log.error({ err: error }, 'request failed')
    expect(out).toHaveLength(1)
    expect(out[0]).not.toContain('anna@example.com')
    expect((JSON.parse(out[0]!) as { err: unknown }).err).toMatchObject({ type: 'Error', code: '23505', message: error.message })
  })

  it('locks its PGlite folder: a second server on it refuses to start, clearly', async () => {
    const config = loadConfig(production({ PORT: '0', DATA_DIR: dataDir }), 'production')
    await expect(startServer(config, { log: silent })).rejects.toThrow(DataDirLockedError)
    await expect(startServer(config, { log: silent })).rejects.toThrow(/in use by process \d+ .*one process per PGlite folder/)
    // Another process is told the same, in one line, and exits without touching the folder.
    const r = spawnSync(process.execPath, [BIN], {
      env: { PATH: process.env.PATH, ...production({ PORT: '0', DATA_DIR: dataDir }) },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(new RegExp(`^loyalkit-server: The data folder .* is in use by process ${process.pid} `))
    expect((await fetch(server.url + '/readyz')).status).toBe(200)
  })
})

describe('the PGlite folder lock', () => {
  it('takes over a lock whose process is gone, and releases it on close', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-lock-'))
    try {
      // A lock left by a process that no longer exists (a crash).
      await writeFile(
        join(dir, 'loyalkit.lock'),
        JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname(), since: '2026-01-01T00:00:00Z' }),
      )
      const config = loadConfig(production({ PORT: '0', DATA_DIR: dir }), 'production')
      const first = await startServer(config, { log: silent })
      await first.close()
      const second = await startServer(config, { log: silent })
      await second.close()
      // A lock naming this very pid, left by an earlier process that had it (a container restarted).
      await writeFile(
        join(dir, 'loyalkit.lock'),
        JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), since: '2026-01-01T00:00:00Z' }),
      )
      const third = await startServer(config, { log: silent })
      await third.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('graceful shutdown', () => {
  /** Warnings and errors the server logs, from now on. */
  const warnings = () => {
    const lines: string[] = []
    return { lines, log: createLogger('warn', { write: (line: string) => void lines.push((JSON.parse(line) as { msg: string }).msg) }) }
  }
  const pause = (ms: number) => new Promise((done) => setTimeout(done, ms))
  const until = async (check: () => boolean) => {
    while (!check()) await pause(5)
  }
  // With a key, a healthy start warns of nothing.
  const keyed = (extra: Env) => production({ LOYALKIT_API_KEY: 'production-test-api-key-0123456789abcdef', ...extra })
  /** From now on, each of the server's queries first awaits `before()`. */
  const slowQueries = (server: RunningServer, before: () => Promise<unknown>) => {
    const query = server.db.query.bind(server.db)
    server.db.query = (async (...args: Parameters<typeof query>) => {
      await before()
      return query(...args)
    }) as typeof query
  }

  it('leaves nothing running after close: a reading of the program under way ends first, and none follows', async () => {
    const { lines, log } = warnings()
    const config = loadConfig(keyed({ PORT: '0', DATA_DIR: 'memory://' }), 'production')
    const server = await startServer(config, { log, programPollMs: 20 })
    await pause(100)
    expect(lines).toEqual([])
    // Slow queries from now on: close() comes while one refresh is under way.
    let started = 0
    slowQueries(server, () => (started++, pause(150)))
    await until(() => started > 0)
    await server.close()
    // A refresh left running would fail within 20 + 150 ms: waited for well beyond.
    await pause(600)
    expect(lines).toEqual([])
  })

  it("waits for the console's figures being computed before it closes the database, as long as requests may take", async () => {
    const { lines, log } = warnings()
    const config = loadConfig(keyed({ PORT: '0', DATA_DIR: 'memory://' }), 'production')
    const server = await startServer(config, { log })
    slowQueries(server, () => pause(100))
    // A refresh of the figures (a dozen slow queries) under way as the server closes: it ends with figures.
    const figures = server.deps.overviews.get(7, 'en', true)
    await pause(50)
    await server.close()
    await expect(figures).resolves.toMatchObject({ figures: { members: { total: expect.any(Number) } } })
    expect(lines).toEqual([])
  })

  it('closes the database after the grace period even when a computation never ends, and says so', async () => {
    const { lines, log } = warnings()
    const config = loadConfig(keyed({ PORT: '0', DATA_DIR: 'memory://' }), 'production')
    const server = await startServer(config, { log })
    let hold = true
    slowQueries(server, async () => {
      while (hold) await pause(20)
    })
    const figures = server.deps.overviews.get(7, 'en', true).catch(() => 'failed')
    const started = Date.now()
    await server.close(300)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(lines).toContain("closing the database with a sweep or the console's figures still running")
    hold = false
    await expect(figures).resolves.toBe('failed')
  })

  it('says which sweep failed, each of them, and goes on sweeping', async () => {
    const tasks: string[] = []
    const log = createLogger('warn', {
      write: (line: string) => {
        const { msg, task } = JSON.parse(line) as { msg: string; task?: string }
        if (msg == 'sweep failed') tasks.push(task!)
      },
    })
    const config = loadConfig(keyed({ PORT: '0', DATA_DIR: 'memory://' }), 'production')
    const server = await startServer(config, { log, sweepMs: 50 })
    expect(tasks).toEqual([])
    const query = server.db.query
    const transaction = server.db.transaction
    const gone = async () => {
      throw new Error('the database is gone')
    }
    server.db.query = gone
    server.db.transaction = gone
    await until(() => tasks.length >= 14)
    server.db.query = query
    server.db.transaction = transaction
    await server.close()
    // Two sweeps at least, each failure of each said (not only the first of a sweep).
    expect(new Set(tasks)).toEqual(new Set(['idempotency', 'limits', 'expiry', 'badges', 'webhooks', 'days', 'members']))
  })

  it('a start that fails half-way (its port in use) leaves no timer, no open database and no lock behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-failed-start-'))
    const first = await startServer(loadConfig(production({ PORT: '0', DATA_DIR: 'memory://' }), 'production'), { log: silent })
    try {
      const { lines, log } = warnings()
      const taken = loadConfig(keyed({ PORT: String(first.port), DATA_DIR: dir }), 'production')
      await expect(startServer(taken, { log, programPollMs: 20 })).rejects.toThrow(/EADDRINUSE/)
      await pause(200)
      expect(lines).toEqual([])
      // The folder is free again: a server on another port opens it.
      const again = await startServer(loadConfig(production({ PORT: '0', DATA_DIR: dir }), 'production'), { log: silent })
      await again.close()
    } finally {
      await first.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('drains: not ready but still serving for LOYALKIT_DRAIN_SECONDS, then refuses new connections', async () => {
    const config = loadConfig(production({ PORT: '0', DATA_DIR: 'memory://', LOYALKIT_DRAIN_SECONDS: '2' }), 'production')
    const server = await startServer(config, { log: silent })
    expect((await fetch(server.url + '/readyz')).status).toBe(200)
    const closed = server.close()
    const ready = await fetch(server.url + '/readyz')
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({ status: 'not_ready', reason: 'shutting down' })
    // Still answering while the load balancer takes the replica out.
    expect((await call(server, '/v1/program')).status).toBe(200)
    await closed
    await expect(fetch(server.url + '/healthz')).rejects.toThrow()
  })

  it('stops accepting new connections and finishes the request in flight', async () => {
    let entered!: () => void
    let release!: () => void
    const inside = new Promise<void>((resolve) => (entered = resolve))
    const hold = new Promise<void>((resolve) => (release = resolve))
    const config = loadConfig(production({ PORT: '0', DATA_DIR: 'memory://' }), 'production')
    const server = await startServer(config, { log: silent, testHooks: { beforeCommit: async ({ key }) => (key == 'slow' ? (entered(), hold) : undefined) } })
    const sub = 'cust_' + randomUUID()
    const email = `slow.${randomUUID().slice(0, 8)}@example.com`
    const pending = call(server, '/v1/members', {
      key: 'slow',
      token: await storeToken({ sub, email }, GOOD_SECRET),
      body: { email, consent: { terms: true, marketing: false } },
    })
    await inside
    const closed = server.close()
    expect(server.deps.accepting()).toBe(false)
    await expect(fetch(server.url + '/healthz')).rejects.toThrow()
    release()
    const r = await pending
    expect(r.status).toBe(201)
    expect(((await r.json()) as { member: { email: string } }).member.email).toBe(email)
    await closed
  })
})
