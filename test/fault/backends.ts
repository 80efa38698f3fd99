/**
 * Where the fault run's server lives: one in-process demo server on PGlite, or
 * production server processes on a fresh schema of a PostgreSQL (which the proxy
 * kills and restarts). Also the run's ways around the API: SQL, top-ups, and
 * direct calls that skip the proxy.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { DEMO_PROGRAM, startDemo as startServer } from '../../demo/start.ts'
import { DEV_API_KEY } from '../../server/src/config.ts'
import type { OrderResult } from '../../src/core/contract.ts'
import { type Replicas, startReplicas } from '../server/processes.ts'
import type { Upstreams } from './proxy.ts'

export const PROGRAM = 'pk_demo_trailpack'
const SECRET = 'fault-run-secret-0123456789abcdef'
// The run sends far more than the demo's limits allow: they must never be the answer.
const RATE_LIMITS = 'claim=1000000,redeem=1000000,referral=1000000'

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

export interface DirectInit {
  key?: string
  body?: unknown
  token?: string | null
}
/** A call straight to a server, no proxy: GET without a body, POST with one. */
export type Direct = (path: string, init?: DirectInit) => Promise<Response>

/** The state of each kill's victim key at the moment its process died. */
export interface KilledAt {
  committed: number
  running: number
  absent: number
}

/** Where the run's server lives, and the ways around the API that the run needs. */
export interface Backend {
  /** For the proxy: one URL, or the processes it spreads requests over and kills. */
  target: string | Upstreams
  /** A server to call directly (not one being restarted). */
  directUrl(): string
  /** SQL against the run's database (verification only reads; top-ups write). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>
  /** Adds `amount` money's worth of points to the member of `email` outside the API: the points added. */
  topUp(email: string, amount: number, direct: Direct): Promise<number>
  /** The ledger type of a top-up. */
  topUpType: 'purchase' | 'adjustment'
  /** The state of each kill's victim key at the moment its process died. */
  killedAt(): Promise<KilledAt>
  close(): Promise<void>
}

/**
 * Straight to a server (one that is not being restarted): the contract's headers, no
 * proxy. A connection that breaks (a kill) is tried again, and with `retryServerErrors`
 * (PostgreSQL) a 5xx too: a database wait that gave up on an overloaded machine; the key
 * makes that safe. On PGlite a 5xx is an answer (nothing there times out).
 */
export function directCaller(backend: Pick<Backend, 'directUrl'>, retryServerErrors: boolean): Direct {
  return async (path, init = {}) => {
    for (let attempt = 0; ; attempt++) {
      let response: Response
      try {
        response = await fetch(backend.directUrl() + path, directRequest(init))
      } catch (error) {
        if (attempt >= 50) throw error
        await sleep(100)
        continue
      }
      if (response.status < 500 || !retryServerErrors || attempt >= 10) return response
      await response.arrayBuffer()
      await sleep(Math.min(100 * 2 ** attempt, 1000))
    }
  }
}

function directRequest(init: DirectInit): RequestInit {
  return {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: {
      'X-Loyalkit-Program': PROGRAM,
      'Accept-Language': 'en',
      ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
      ...(init.key && { 'Idempotency-Key': init.key }),
      ...(init.token && { Authorization: 'Bearer ' + init.token }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  }
}

/** One in-process demo server on a fresh PGlite folder; top-ups are orders the store reports with the demo's API key. */
export async function pgliteBackend(): Promise<Backend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'loyalkit-fault-'))
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer({ port: 0, dataDir, quiet: true, signupLimit: 100_000, rateLimits: RATE_LIMITS, secret: SECRET })
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true }).catch(() => {})
    throw error
  }
  const srv = server
  return {
    target: srv.url,
    directUrl: () => srv.url,
    query: (sql, params) => srv.db.query(sql, params),
    topUp: (email, amount, direct) => reportOrder(email, amount, direct),
    topUpType: 'purchase',
    killedAt: async () => ({ committed: 0, running: 0, absent: 0 }),
    async close() {
      await srv.close()
      await rm(dataDir, { recursive: true, force: true }).catch(() => {})
    },
  }
}

/** An order of `amount` EUR for `email`, as the store reports it: the points it earned. */
async function reportOrder(email: string, amount: number, direct: Direct): Promise<number> {
  const order = { id: 'fault-' + randomUUID(), customer: { email }, amount, currency: 'EUR' }
  const r = await direct('/v1/orders', { key: randomUUID(), body: order, token: DEV_API_KEY })
  if (r.status != 201) throw new Error(`the order answered ${r.status}: ${await r.text()}`)
  return ((await r.json()) as OrderResult).order.points
}

/**
 * `n` production server processes on a fresh schema of the PostgreSQL at `url`; the
 * schema is dropped at the end. Top-ups are `adjustment` rows inserted in SQL.
 */
export async function postgresBackend(url: string, n: number, takeoverSeconds: number): Promise<Backend> {
  const schema = 'loyalkit_fault_' + randomUUID().replace(/-/g, '').slice(0, 12)
  await runStatement(url, `CREATE SCHEMA ${schema}`)
  const schemaUrl = withSearchPath(url, schema)
  const pool = new pg.Pool({ connectionString: schemaUrl, max: 8 })
  pool.on('error', () => {})
  const drop = async () => {
    await pool.end().catch(() => {})
    await runStatement(url, `DROP SCHEMA ${schema} CASCADE`)
  }
  let procs: Replicas
  try {
    procs = await startProcesses(n, schemaUrl, takeoverSeconds)
  } catch (error) {
    await drop().catch(() => {})
    throw error
  }
  const query = async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[]
  const kills = killableProcesses(procs, query)
  return {
    target: kills.upstreams,
    directUrl: kills.directUrl,
    query,
    topUp: (email, amount) => insertAdjustment(query, email, amount),
    topUpType: 'adjustment',
    killedAt: kills.killedAt,
    async close() {
      try {
        await procs.stopAll()
      } finally {
        await drop()
      }
    },
  }
}

/** One statement on its own connection to `url` (creating and dropping the run's schema). */
async function runStatement(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** `url` with every connection's search_path set to `schema`: the processes see only the run's tables. */
function withSearchPath(url: string, schema: string): string {
  const schemaUrl = new URL(url)
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`)
  return schemaUrl.toString()
}

function startProcesses(n: number, databaseUrl: string, takeoverSeconds: number): Promise<Replicas> {
  return startReplicas(
    n,
    {
      DATABASE_URL: databaseUrl,
      LOYALKIT_SECRET: SECRET,
      LOYALKIT_PROGRAM: DEMO_PROGRAM,
      LOYALKIT_ALLOWED_HOSTS: '127.0.0.1,localhost',
      LOYALKIT_SIGNUP_LIMIT: '100000',
      LOYALKIT_RATE_LIMITS: RATE_LIMITS,
      LOYALKIT_IDEMPOTENCY_TAKEOVER: String(takeoverSeconds),
      LOYALKIT_LOG_LEVEL: 'info',
    },
    {
      // LOYALKIT_FAULT_SERVER_ERRORS=1: the processes' error lines (5xx, pool errors) on stderr.
      onLine: process.env.LOYALKIT_FAULT_SERVER_ERRORS
        ? (i, line) => /"level":(50|60)|\[stderr\]/.test(line) && console.error(`[process ${i}] ${line}`)
        : undefined,
    },
  )
}

type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>
type KeyState = keyof KilledAt

/**
 * The processes as the proxy's upstreams: its kill SIGKILLs one and restarts it, and
 * notes the state of the victim's key right after the death. Direct calls take turns
 * over the processes, skipping the one that is down.
 */
function killableProcesses(procs: Replicas, query: Query): { upstreams: Upstreams; directUrl: () => string; killedAt: () => Promise<KilledAt> } {
  /** The process being killed and restarted, if any (direct calls avoid it). */
  let down: number | null = null
  let turn = 0
  const states: Promise<KeyState>[] = []
  const kill = (i: number, victimKey?: string) => {
    down = i
    const killed = procs.kill(i, 'SIGKILL').then(() => {
      // What the victim's key says right after the process died: did its transaction commit?
      if (victimKey) states.push(keyState(query, victimKey))
    })
    const restarted = killed
      .then(() => procs.restart(i))
      .then(() => {
        down = null
      })
    return { killed, restarted }
  }
  const directUrl = () => {
    const urls = procs.urls
    let i = turn++ % urls.length
    if (i == down) i = (i + 1) % urls.length
    return urls[i]!
  }
  const killedAt = async () => {
    const counts: KilledAt = { committed: 0, running: 0, absent: 0 }
    for (const state of await Promise.all(states)) counts[state]++
    return counts
  }
  return { upstreams: { urls: () => procs.urls, kill }, directUrl, killedAt }
}

async function keyState(query: Query, key: string): Promise<KeyState> {
  const [row] = await query<{ state: string }>('SELECT state FROM idempotency_keys WHERE program_key = $1 AND key = $2', [PROGRAM, key])
  return row?.state == 'done' ? 'committed' : row ? 'running' : 'absent'
}

/** An `adjustment` ledger row for the member of `email`, inserted in SQL as an operator would. */
async function insertAdjustment(query: Query, email: string, amount: number): Promise<number> {
  const rows = await query<{ id: string }>(
    'INSERT INTO ledger (member_id, type, points) SELECT id, $3, $4 FROM members WHERE program_key = $1 AND email = $2 RETURNING member_id AS id',
    [PROGRAM, email.toLowerCase(), 'adjustment', amount],
  )
  if (rows.length != 1) throw new Error(`no member ${email} to top up`)
  return amount
}
