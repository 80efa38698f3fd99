/** Shared helpers of the server tests: start an in-process server, call it, mint tokens. */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import pg from 'pg'
import { afterAll } from 'vitest'
import { startPostgres } from '../postgres.ts'
import type { Member, OrderResult, SignUpResult } from '../../src/core/contract.ts'
import { DEV_API_KEY } from '../../server/src/config.ts'
import { startDemo, type DemoOptions } from '../../demo/start.ts'
import type { RunningServer } from '../../server/src/start.ts'

export const PROGRAM = 'pk_demo_trailpack'
export const SECRET = 'test-secret-0123456789abcdef'

/**
 * The demo server in this process on a random port: an in-memory PGlite, or in the
 * server-pg project a fresh PostgreSQL schema (dropped on close), unless `options`
 * name their own storage.
 */
export async function start(options: DemoOptions = {}): Promise<RunningServer> {
  const defaults: DemoOptions = {
    port: 0,
    dataDir: 'memory://',
    quiet: true,
    secret: SECRET,
    signupLimit: 10_000,
    rateLimits: 'claim=100000,redeem=100000,referral=100000',
    storeWebhooks: false,
  }
  if (!POSTGRES || options.databaseUrl || options.dataDir) return startDemo({ ...defaults, ...options })
  const schema = await freshSchema()
  const server = await startDemo({ ...defaults, databaseUrl: schema.url, ...options })
  const close = server.close
  server.close = (graceMs) => close(graceMs).then(() => schema.drop())
  return server
}

export interface CallOptions {
  method?: string
  body?: unknown
  token?: string
  /** Idempotency-Key; POSTs get a fresh one unless `null`. */
  key?: string | null
  language?: string
  program?: string | null
  headers?: Record<string, string>
}

/** fetch against the server with the contract's headers. */
export function call(server: { url: string }, path: string, o: CallOptions = {}): Promise<Response> {
  const method = o.method ?? (o.body !== undefined ? 'POST' : 'GET')
  const headers: Record<string, string> = {}
  if (o.program !== null) headers['X-Loyalkit-Program'] = o.program ?? PROGRAM
  if (o.language) headers['Accept-Language'] = o.language
  if (o.token) headers.Authorization = 'Bearer ' + o.token
  if (method == 'POST' && o.key !== null) headers['Idempotency-Key'] = o.key ?? randomUUID()
  if (o.body !== undefined) headers['Content-Type'] = 'application/json'
  return fetch(server.url + path, {
    method,
    headers: { ...headers, ...o.headers },
    body: o.body === undefined ? undefined : typeof o.body == 'string' ? o.body : JSON.stringify(o.body),
  })
}

export const uniqueEmail = (tag = 'm') => `${tag}.${randomUUID().slice(0, 12)}@example.com`

export async function signUp(server: { url: string }, input: Record<string, unknown> = {}, o: CallOptions = {}): Promise<SignUpResult> {
  const response = await call(server, '/v1/members', {
    ...o,
    body: { email: uniqueEmail(), consent: { terms: true, marketing: false }, ...input },
  })
  if (response.status != 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`)
  return (await response.json()) as SignUpResult
}

export async function me(server: { url: string }, token: string): Promise<Member> {
  const response = await call(server, '/v1/members/me', { token })
  if (response.status != 200) throw new Error(`me failed: ${response.status} ${await response.text()}`)
  return (await response.json()) as Member
}

/** A customer token as a store's server would mint it; every claim can be overridden for negative tests. */
export async function storeToken(
  claims: { sub?: string; email?: string; email_verified?: boolean; aud?: string; iat?: number; exp?: number } = {},
  secret = SECRET,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const payload: Record<string, unknown> = { email: claims.email, ...(claims.email_verified !== undefined && { email_verified: claims.email_verified }) }
  let jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  if (claims.sub !== '') jwt = jwt.setSubject(claims.sub ?? 'cust_' + randomUUID())
  jwt = jwt
    .setAudience(claims.aud ?? PROGRAM)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 600)
  return jwt.sign(new TextEncoder().encode(secret))
}

/** The store's secret API key in demo mode. */
export const API_KEY = DEV_API_KEY

/** A call of the store's server: the secret API key instead of a customer token. */
export const storeCall = (server: { url: string }, path: string, o: Omit<CallOptions, 'token'> = {}) => call(server, path, { ...o, token: API_KEY })

/** An order as the store reports it (`POST /v1/orders`): its points, and the member's balance and tier after it. */
export async function order(server: { url: string }, who: { email: string; customerId?: string }, amount: number, orderId = 'ord_' + randomUUID()) {
  const response = await storeCall(server, '/v1/orders', {
    body: { id: orderId, customer: { email: who.email, ...(who.customerId && { id: who.customerId }) }, amount, currency: 'EUR' },
  })
  if (response.status != 201) throw new Error(`order failed: ${response.status} ${await response.text()}`)
  const { order: recorded, member } = (await response.json()) as OrderResult
  return { points: recorded.points, balance: member?.balance, tier: member?.tier }
}

/**
 * A PostgreSQL server for this test file: DATABASE_URL when given (npm test starts one
 * for the whole run), else a throwaway cluster started on first use and stopped at exit.
 */
let cluster: Promise<{ url: string; stop(): Promise<void> }> | undefined
export function postgresUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return Promise.resolve(process.env.DATABASE_URL)
  cluster ??= startPostgres()
  return cluster.then((pg) => pg.url)
}
// At module level: vitest ignores a hook registered inside another hook.
afterAll(async () => {
  if (cluster) await (await cluster).stop()
})

/** A fresh, empty schema on the test PostgreSQL: its URL (search_path set) and a drop. */
export async function freshSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = await postgresUrl()
  const schema = 'loyalkit_test_' + randomUUID().replace(/-/g, '').slice(0, 12)
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  const url = new URL(base)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`DROP SCHEMA ${schema} CASCADE`)
      await c.end()
    },
  }
}

/** Database backends for DB-facing tests: each runs on PGlite and on PostgreSQL. */
export interface Backend {
  name: string
  /** Storage for one test: server options to reuse across restarts, and cleanup. */
  make(): Promise<{ options: DemoOptions; cleanup(): Promise<void> }>
}

export const pgliteBackend: Backend = {
  name: 'pglite',
  async make() {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-test-'))
    return { options: { dataDir: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) }
  },
}

export const postgresBackend: Backend = {
  name: 'postgres',
  async make() {
    const schema = await freshSchema()
    return { options: { databaseUrl: schema.url }, cleanup: () => schema.drop() }
  },
}

/**
 * The database of this run: the `server` project runs the suite on PGlite, the
 * `server-pg` project runs it again on PostgreSQL (LOYALKIT_TEST_BACKEND=postgres).
 */
export const POSTGRES = process.env.LOYALKIT_TEST_BACKEND == 'postgres'
export const backends: Backend[] = [POSTGRES ? postgresBackend : pgliteBackend]
