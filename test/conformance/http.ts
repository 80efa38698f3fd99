/**
 * What every conformance check is written with: the request helper, expectations on
 * answers (status, RFC 9457 problems, bodies validated by the contract's schemas),
 * customer tokens minted with the program secret, fresh emails, and the list of
 * checks with their runner. runConformance (./suite.ts) makes one context per run
 * and hands it to each group of checks (the shopper's there, the store's in
 * ./store-checks.ts).
 */
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import type * as v from 'valibot'
import type { Problem, Program, SignUpResult } from '../../src/core/contract.ts'
import { ProblemDetailsSchema, SignUpResultSchema } from '../../src/core/schemas.ts'
import { assertConforms } from './conforms.ts'

/** A failed expectation: its message is the check's one-line report. */
export class CheckError extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckError(message)
}

export function equal(actual: unknown, expected: unknown, what: string): void {
  check(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

/** A value an earlier check was to provide; a later check fails clearly when it is missing. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new CheckError(`needs ${what} from an earlier check`)
  return value
}

export interface Sent {
  status: number
  headers: Headers
  text: string
  json: unknown
}

export interface SendOptions {
  body?: unknown
  /** Sent as `Authorization: Bearer …`: a customer token, or the store's API key. */
  token?: string
  /** POSTs get a fresh key unless `null`. */
  idempotencyKey?: string | null
  headers?: Record<string, string>
  /** `null`: no X-Loyalkit-Program header. */
  program?: string | null
}

export interface CheckResult {
  name: string
  ok: boolean
  error?: string
}

export interface CustomerClaims {
  sub?: string
  email?: string
  aud?: string
  iat?: number
  exp?: number
}

/** What a group of checks is given: one per run of the suite. */
export interface ConformanceContext {
  /** The base URL, without a trailing slash. */
  endpoint: string
  /** The program key. */
  programKey: string
  /** The program secret (HS256 key of customer tokens). */
  secret: string
  /** Random tag of this run, in every email and id it makes. */
  run: string
  /** The program as GET /program answered it (the first check); throws when that failed. */
  program(): Program
  freshEmail(tag: string): string
  send(method: string, path: string, o?: SendOptions): Promise<Sent>
  expectStatus(r: Sent, status: number, what: string): void
  /** An RFC 9457 problem with the given status and code. */
  expectProblem(r: Sent, status: number, code: string): Problem
  /** An identified shopper who has not joined: 204, no body, not cached. */
  expectNotJoined(r: Sent): void
  /** A JSON body that conforms to `schema`, as the schema outputs it. */
  json<S extends v.GenericSchema>(r: Sent, status: number, schema: S, name: string): v.InferOutput<S>
  customerToken(claims?: CustomerClaims, secret?: Uint8Array): Promise<string>
  /** A sign-up body for the program's sign-up fields (terms accepted, no marketing). */
  signUpBody(email: string, extra?: Record<string, unknown>): Record<string, unknown>
  /** Signs up a fresh email (or `email`): 201 SignUpResult. */
  signUp(tag: string, o?: { email?: string; extra?: Record<string, unknown>; token?: string }): Promise<SignUpResult>
  /** Registers a check; checks run in the order registered. */
  test(name: string, fn: () => Promise<void>): void
}

/** Sends a request with the contract's headers (a fresh Idempotency-Key on every POST unless told otherwise). */
function sender(endpoint: string, programKey: string) {
  return async function send(method: string, path: string, o: SendOptions = {}): Promise<Sent> {
    const headers: Record<string, string> = { 'Accept-Language': 'en', ...o.headers }
    if (o.program !== null) headers['X-Loyalkit-Program'] = o.program ?? programKey
    if (o.token) headers.Authorization = `Bearer ${o.token}`
    if (method == 'POST' && o.idempotencyKey !== null) headers['Idempotency-Key'] = o.idempotencyKey ?? randomUUID()
    let body: string | undefined
    if (o.body !== undefined) {
      headers['Content-Type'] ??= 'application/json'
      body = typeof o.body == 'string' ? o.body : JSON.stringify(o.body)
    }
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(endpoint + path, { method, headers, body })
      const text = await response.text()
      // Sign-ups may be rate-limited: wait as told (a conformant server says how long) and retry.
      if (response.status == 429 && path == '/members' && attempt < 3) {
        const wait = Number(response.headers.get('retry-after'))
        if (wait > 0 && wait <= 65) {
          await new Promise((resolve) => setTimeout(resolve, wait * 1000))
          continue
        }
      }
      let json: unknown
      try {
        json = text ? JSON.parse(text) : undefined
      } catch {}
      return { status: response.status, headers: response.headers, text, json }
    }
  }
}

// ---- expectations on answers ---------------------------------------------

const expectStatus = (r: Sent, status: number, what: string): void =>
  check(r.status == status, `${what}: expected HTTP ${status}, got ${r.status} ${r.text.slice(0, 200)}`)

function json<S extends v.GenericSchema>(r: Sent, status: number, schema: S, name: string): v.InferOutput<S> {
  expectStatus(r, status, name)
  const type = r.headers.get('content-type') ?? ''
  check(type.startsWith('application/json'), `expected Content-Type application/json, got "${type}"`)
  return assertConforms(r.json, schema, name)
}

function expectProblem(r: Sent, status: number, code: string): Problem {
  expectStatus(r, status, code)
  const type = r.headers.get('content-type') ?? ''
  check(type.startsWith('application/problem+json'), `expected Content-Type application/problem+json, got "${type}"`)
  const problem: Problem = assertConforms(r.json, ProblemDetailsSchema, 'problem')
  equal(problem.status, status, 'problem.status')
  equal(problem.code, code, 'problem.code')
  return problem
}

function expectNotJoined(r: Sent): void {
  expectStatus(r, 204, 'not joined')
  check(!r.text, `expected an empty body, got "${r.text.slice(0, 80)}"`)
  equal(r.headers.get('cache-control'), 'no-store', 'Cache-Control')
}

/** Mints customer tokens as the store's server would: HS256 with the program secret, for the program's audience. */
function tokenMinter(key: Uint8Array, programKey: string) {
  return async (claims: CustomerClaims = {}, secret = key): Promise<string> => {
    const now = Math.floor(Date.now() / 1000)
    return new SignJWT(claims.email ? { email: claims.email } : {})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub ?? `conformance-${randomUUID()}`)
      .setAudience(claims.aud ?? programKey)
      .setIssuedAt(claims.iat ?? now)
      .setExpirationTime(claims.exp ?? now + 600)
      .sign(secret)
  }
}

interface Check {
  name: string
  fn: () => Promise<void>
}

export function createContext(options: { endpoint: string; program: string; secret: string }, program: () => Program | undefined) {
  const endpoint = options.endpoint.replace(/\/+$/, '')
  const run = Math.random().toString(36).slice(2, 8)
  const checks: Check[] = []
  let n = 0
  const send = sender(endpoint, options.program)

  const signUpBody = (email: string, extra: Record<string, unknown> = {}) => {
    const p = need(program(), 'the program')
    return {
      email,
      ...(p.signupFields.birthday && { birthday: '1990-06-15' }),
      ...(p.signupFields.name && { name: 'Conformance Tester' }),
      consent: { terms: true, marketing: false },
      ...extra,
    }
  }

  const context: ConformanceContext = {
    endpoint,
    programKey: options.program,
    secret: options.secret,
    run,
    program: () => need(program(), 'the program'),
    // Distinct local parts, not +tags: a backend may count one address with +tags as one person (self-referral checks).
    freshEmail: (tag) => `conformance.${tag}.${run}.${++n}@example.com`,
    send,
    expectStatus,
    json,
    expectProblem,
    expectNotJoined,
    customerToken: tokenMinter(new TextEncoder().encode(options.secret), options.program),
    signUpBody,
    async signUp(tag, o = {}) {
      const email = o.email ?? context.freshEmail(tag)
      const r = await send('POST', '/members', { body: signUpBody(email, o.extra), ...(o.token && { token: o.token }) })
      return json(r, 201, SignUpResultSchema, `sign-up of ${tag}`)
    },
    test: (name, fn) => void checks.push({ name, fn }),
  }

  return { context, runChecks: (log?: (line: string) => void) => runChecks(checks, log) }
}

/** Runs the registered checks in order; a failure is reported, never thrown. */
async function runChecks(checks: readonly Check[], log?: (line: string) => void): Promise<CheckResult[]> {
  const results: CheckResult[] = []
  for (const { name, fn } of checks) {
    try {
      await fn()
      results.push({ name, ok: true })
      log?.(`✓ ${name}`)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      results.push({ name, ok: false, error: message })
      log?.(`✗ ${name} — ${message}`)
    }
  }
  return results
}
