/**
 * The exactly-once run. The headless client talks to the reference
 * server through the fault proxy (test/fault/proxy.ts). The server is either
 *
 *   - with a PostgreSQL URL (`databaseUrl`): two production server processes (the
 *     bin, test/server/processes.ts) on a fresh schema of that database; the proxy
 *     spreads requests over both and its `kill` fault SIGKILLs a process while a
 *     request is in flight on it, then restarts it. A short takeover time
 *     (LOYALKIT_IDEMPOTENCY_TAKEOVER, 3 s) lets a retried key whose process died be
 *     taken over within the user's retries; or
 *   - without one: one in-process demo server on a fresh PGlite database.
 *
 * For each sequence:
 *
 *   1. a fresh member signs up through the proxy (the user retries with the same key);
 *   2. the member is topped up outside the API (PostgreSQL: an `adjustment` ledger row
 *      inserted in SQL, as an operator would; PGlite: an order through the store API);
 *   3. a random series of user actions — redeem, claim, sign-up of another email,
 *      sometimes submitted twice at once — each retried by the user with its one
 *      Idempotency-Key until it succeeds or gets a definite business answer;
 *   4. once the client is quiet, keys that a killed process left `running` (only those:
 *      the proxy saw their upstream connection fail) are finished by a direct replay once
 *      the takeover time has passed, as the user's next click would; then a final
 *      member() through a clean connection;
 *   5. verification against the database itself (never through the API):
 *      - an action the client saw succeed is applied exactly once, as the client saw it;
 *      - a business answer is the stored answer of that key, and changed nothing;
 *      - an action that ended in failure is applied at most once, and if it was, a
 *        replay of its key (directly, no proxy) returns the original success;
 *      - no ledger entry without a key behind it, none twice for one key;
 *      - no balance ever negative (every prefix of the ledger);
 *      - ledger sum = what the keys say = the balance the client shows after the final
 *        refresh, and every coupon it was given is in the member's coupons.
 *
 * Each sequence is one check: it passes when it found no violation.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { DEMO_PROGRAM, startDemo as startServer } from '../../demo/start.ts'
import { DEV_API_KEY } from '../../server/src/config.ts'
import type { OrderResult, Program, RedemptionResult, SignUpInput, SignUpResult } from '../../src/core/contract.ts'
import { createClient, LoyaltyError, type HeadlessClient } from '../../src/entries/headless.ts'
import { startReplicas } from '../server/processes.ts'
import { FAULTS, mix, prng, startFaultProxy, TAG_HEADER, type Fault, type Upstreams } from './proxy.ts'

const PROGRAM = 'pk_demo_trailpack'
const SECRET = 'fault-run-secret-0123456789abcdef'

export interface FaultRunOptions {
  seed: number
  sequences: number
  /**
   * PostgreSQL to run on (a fresh schema in it, dropped at the end): then the server is
   * `replicas` production processes, with kills. Without it: one in-process server on PGlite.
   */
  databaseUrl?: string
  /** Server processes on PostgreSQL (default 2). */
  replicas?: number
  /** LOYALKIT_IDEMPOTENCY_TAKEOVER of the processes, in seconds (default 3). */
  takeoverSeconds?: number
  /** Sequences run at the same time (default 24). */
  concurrency?: number
  /** Share of proxied requests that get a fault (default 0.3). */
  rate?: number
  /** Times the user tries one action, with its one key (default 6 on PGlite, 8 with kills). */
  userAttempts?: number
  /** Client: retries per request (default: 0, 1 or 2 per sequence) and per-attempt timeout in ms (default 600). */
  retries?: number
  timeout?: number
  /** Longest injected delay in ms (default 500: some exceed the timeout). */
  maxDelay?: number
  /** Count a client balance that is wrong before the final refresh as a failure (default: reported only). */
  strict?: boolean
  /**
   * Checks the checker: every attempt leaves with a new Idempotency-Key, as a client without
   * exactly-once would send. The run must then find duplicates.
   */
  breakKeys?: boolean
  /** Log every request and balance change of this sequence (debugging). */
  trace?: number
  /** Progress and violation lines. */
  log?: (line: string) => void
}

export type Kind = 'signup' | 'redeem' | 'claim' | 'signup-other'
export type Outcome = 'ok' | 'answer' | 'failed'

export interface FaultRunResult {
  seed: number
  /** "2 processes on PostgreSQL" or "1 in-process on PGlite". */
  backend: string
  sequences: number
  passed: number
  failed: number
  actions: number
  byKind: Record<Kind, Record<Outcome, number>>
  doubleSubmits: number
  requests: number
  faults: Record<Fault, number>
  /** Server statuses of forwarded requests; stored answers replayed; answers whose client had timed out. */
  upstream: Record<number, number>
  replayed: number
  abandoned: number
  clientErrors: Record<string, number>
  /** Failed actions that the server had applied (verified by replaying their key). */
  failedButApplied: number
  /** Kills: requests per process, kills deferred (became drops), restart times (ms). */
  perProcess: number[]
  killsDeferred: number
  restartMs: number[]
  /** The killed request's key when its process died: done (committed), running (claimed, not committed), absent. */
  killedAt: { committed: number; running: number; absent: number }
  /** Actions whose request was a kill's victim, by how they ended for the user. */
  killedActions: Record<Outcome, number>
  /** Requests whose upstream connection broke (victims and others in flight at a kill). */
  upstreamLost: number
  /** Keys left running by a killed process that a direct replay took over after the takeover time. */
  takenOver: number
  /** The same for keys of requests that were not lost in a kill (their release failed on the server). */
  takenOverStranded: number
  duplicates: number
  negatives: number
  mismatches: number
  /** Client balance wrong before the final refresh although every action got a definite answer. */
  staleBeforeRefresh: number
  violations: string[]
  ms: number
}

interface Action {
  kind: Kind
  key: string
  path: string
  body: unknown
  token: string | null
  /** For sign-ups: the email; redeem: reward id; claim: rule id. */
  target: string
  outcome: Outcome
  code?: string
  status?: number
  result?: unknown
  attempts: number
  double: boolean
}

/** LoyaltyError codes after which the user tries the same action again (same key). */
const transient = (e: LoyaltyError) =>
  ['network_error', 'timeout', 'server_error', 'rate_limited', 'invalid_response'].includes(e.code) || (e.code == 'idempotency_conflict' && e.status == 409)

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

interface KeyRow {
  key: string
  state: string
  status: number | null
  body: string | null
}

export async function runFaults(o: FaultRunOptions): Promise<FaultRunResult> {
  const started = performance.now()
  const log = o.log ?? (() => {})
  const concurrency = o.concurrency ?? 24
  const onPostgres = !!o.databaseUrl
  const takeoverSeconds = o.takeoverSeconds ?? 5
  // With kills, a key whose process died answers 409 until the takeover time has passed:
  // users keep clicking a little longer (each 409 makes them wait its Retry-After).
  const userAttempts = o.userAttempts ?? (onPostgres ? 8 : 6)
  const timeout = o.timeout ?? 600
  // The client's GET time limit: nothing of a call is left after this (see src/core/api.ts).
  const quiet = 2 * timeout + 100

  let backend: Backend | undefined
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined
  const result: FaultRunResult = {
    seed: o.seed,
    backend: onPostgres ? `${o.replicas ?? 2} processes on PostgreSQL` : '1 in-process on PGlite',
    sequences: 0,
    passed: 0,
    failed: 0,
    actions: 0,
    byKind: Object.fromEntries(
      (['signup', 'redeem', 'claim', 'signup-other'] as Kind[]).map((k) => [k, { ok: 0, answer: 0, failed: 0 }]),
    ) as FaultRunResult['byKind'],
    doubleSubmits: 0,
    requests: 0,
    upstream: {},
    replayed: 0,
    abandoned: 0,
    faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    clientErrors: {},
    failedButApplied: 0,
    perProcess: [],
    killsDeferred: 0,
    restartMs: [],
    killedAt: { committed: 0, running: 0, absent: 0 },
    killedActions: { ok: 0, answer: 0, failed: 0 },
    upstreamLost: 0,
    takenOver: 0,
    takenOverStranded: 0,
    duplicates: 0,
    negatives: 0,
    mismatches: 0,
    staleBeforeRefresh: 0,
    violations: [],
    ms: 0,
  }

  try {
    backend = onPostgres ? await postgresBackend(o.databaseUrl!, o.replicas ?? 2, takeoverSeconds) : await pgliteBackend()
    proxy = await startFaultProxy({ target: backend.target, seed: o.seed, rate: o.rate ?? 0.3, maxDelay: o.maxDelay ?? 500 })
    const be = backend
    const px = proxy

    /**
     * Straight to a server (one that is not being restarted): the contract's headers, no
     * proxy. A connection that breaks (a kill) is tried again, and on PostgreSQL a 5xx too (a
     * database wait that gave up on an overloaded machine): the key makes that safe. On
     * PGlite a 5xx is an answer (nothing there times out).
     */
    const direct = async (path: string, init: { key?: string; body?: unknown; token?: string | null } = {}) => {
      for (let attempt = 0; ; attempt++) {
        let response: Response
        try {
          response = await fetch(be.directUrl() + path, {
            method: init.body === undefined ? 'GET' : 'POST',
            headers: {
              'X-Loyalkit-Program': PROGRAM,
              'Accept-Language': 'en',
              ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
              ...(init.key && { 'Idempotency-Key': init.key }),
              ...(init.token && { Authorization: 'Bearer ' + init.token }),
            },
            body: init.body === undefined ? undefined : JSON.stringify(init.body),
          })
        } catch (error) {
          if (attempt >= 50) throw error
          await sleep(100)
          continue
        }
        if (response.status < 500 || !onPostgres || attempt >= 10) return response
        await response.arrayBuffer()
        await sleep(Math.min(100 * 2 ** attempt, 1000))
      }
    }

    const program = (await (await direct('/v1/program')).json()) as Program
    const rewards = program.rewards
    const claimable = program.rules.filter((r) => r.claimable)
    const cost = (id: string) => rewards.find((r) => r.id == id)?.cost ?? NaN
    const rulePoints = (id: string) => program.rules.find((r) => r.id == id)?.points ?? NaN

    const runSequence = async (index: number): Promise<string[]> => {
      const problems: string[] = []
      const fail = (what: string) => problems.push(`seq ${index}: ${what}`)
      const rng = prng(mix(o.seed, 'sequence:' + index))
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!

      // The client's fetch tags every request, so the proxy decides its fault reproducibly.
      let n = 0
      let clean = false
      const io = { inFlight: 0, lastStart: 0 }
      const t0 = performance.now()
      const trace = o.trace === index ? (line: string) => log(`  [${Math.round(performance.now() - t0)} ms] ${line}`) : undefined
      const tagged: typeof fetch = async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init)
        const tag = clean ? 'clean' : `${o.seed}:${index}:${n++}`
        request.headers.set(TAG_HEADER, tag)
        if (o.breakKeys && request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomUUID())
        io.inFlight++
        io.lastStart = performance.now()
        trace?.(`→ ${request.method} ${new URL(request.url).pathname} (${tag})`)
        try {
          const response = await fetch(request, input instanceof Request ? init : undefined)
          trace?.(`← ${response.status} ${request.method} ${new URL(request.url).pathname} (${tag})`)
          return response
        } catch (error) {
          trace?.(`✗ ${request.method} ${new URL(request.url).pathname} (${tag}): ${String(error)}`)
          throw error
        } finally {
          io.inFlight--
        }
      }
      /**
       * Waits until nothing of the client is left running (background refreshes included: a GET
       * cannot outlive its time limit) and the proxy holds none of its requests (late forwards).
       */
      const mine = `${o.seed}:${index}:`
      const settle = async () => {
        while (io.inFlight > 0 || performance.now() - io.lastStart < quiet || [...px.busy].some((t) => t.startsWith(mine))) await sleep(50)
      }
      // Some sequences run with fewer automatic retries, so that more failures reach the user.
      const retries = o.retries ?? pick([0, 1, 2, 2])
      const newClient = () => createClient({ endpoint: px.url + '/v1', program: PROGRAM, fetch: tagged, retries, timeout, events: null })

      const actions: Action[] = []
      /** One user action: the same key on every attempt, until success or a definite answer. */
      const perform = async (a: Omit<Action, 'outcome' | 'attempts' | 'double'>, run: (key: string) => Promise<unknown>, double = false) => {
        trace?.(`action ${a.kind} ${a.target} ${a.key}`)
        const action: Action = { ...a, outcome: 'failed', attempts: 0, double }
        actions.push(action)
        result.actions++
        if (double) result.doubleSubmits++
        // Some users give up after one failure; the others keep clicking a while.
        const patience = rng() < 0.25 ? 1 : userAttempts
        for (let attempt = 0; attempt < patience; attempt++) {
          action.attempts++
          const tries = double && attempt == 0 ? [run(a.key), run(a.key)] : [run(a.key)]
          const settled = await Promise.allSettled(tries)
          const oks = settled.filter((s): s is PromiseFulfilledResult<unknown> => s.status == 'fulfilled').map((s) => s.value)
          const errors = settled.filter((s): s is PromiseRejectedResult => s.status == 'rejected').map((s) => s.reason as unknown)
          for (const e of errors) {
            const code = e instanceof LoyaltyError ? e.code + (e.status ? ' ' + e.status : '') : String(e)
            result.clientErrors[code] = (result.clientErrors[code] ?? 0) + 1
          }
          if (oks.length == 2 && JSON.stringify(oks[0]) != JSON.stringify(oks[1])) {
            result.duplicates++
            fail(`${a.kind} ${a.key}: a double submit got two different successes: ${JSON.stringify(oks)}`)
          }
          const answered = errors.find((e) => !(e instanceof LoyaltyError) || !transient(e))
          if (oks.length && answered) {
            result.mismatches++
            fail(`${a.kind} ${a.key}: a double submit got a success and ${String(answered)}`)
          }
          if (oks.length) {
            action.outcome = 'ok'
            action.result = oks[0]
            break
          }
          const definite = answered
          if (definite) {
            action.outcome = 'answer'
            action.code = definite instanceof LoyaltyError ? definite.code : String(definite)
            action.status = definite instanceof LoyaltyError ? definite.status : 0
            break
          }
          const last = errors[0] as LoyaltyError
          action.code = last.code
          action.status = last.status
          // The user waits a moment (or as long as told) and clicks again.
          await sleep(last.retryAfter ? Math.min(last.retryAfter, 2) * 1000 : 50 + rng() * 150)
        }
        trace?.(`action ${a.kind} ${a.target}: ${action.outcome} ${action.code ?? ''}`)
        result.byKind[a.kind][action.outcome]++
        return action
      }

      // 1. A fresh member signs up through the proxy.
      const client = newClient()
      if (trace) client.state.member.subscribe((m) => trace(`client balance: ${m?.balance}`))
      const email = `seq${index}.s${o.seed}@fault.example`
      const input: SignUpInput = {
        email,
        name: rng() < 0.5 ? `Member ${index}` : undefined,
        birthday: rng() < 0.3 ? '1990-05-17' : undefined,
        consent: { terms: true, marketing: rng() < 0.5 },
      }
      const signup = await perform(
        { kind: 'signup', key: randomUUID(), path: '/v1/members', body: input, token: null, target: email },
        (key) => client.signUp(input, key),
        rng() < 0.05,
      )
      const token = signup.outcome == 'ok' ? (signup.result as SignUpResult).token : null
      const emails = new Set([email])

      // 2. Top-up, outside the API.
      let topUp = 0
      if (token) {
        const amount = pick([0, 150, 320, 600, 900, 1400])
        if (amount) {
          try {
            topUp = await be.topUp(email, amount, direct)
          } catch (error) {
            fail(`top-up failed: ${(error as Error).message}`)
          }
        }
      }

      // 3. Random user actions.
      if (token) {
        const count = 3 + Math.floor(rng() * 6)
        for (let i = 0; i < count; i++) {
          const roll = rng()
          const double = rng() < 0.05
          if (roll < 0.5) {
            const rewardId = rng() < 0.05 ? 'no-such-reward' : pick(rewards).id
            await perform(
              { kind: 'redeem', key: randomUUID(), path: '/v1/members/me/redemptions', body: { rewardId }, token, target: rewardId },
              (key) => client.redeem(rewardId, key),
              double,
            )
          } else if (roll < 0.8) {
            const ruleId = pick(claimable).id
            await perform(
              { kind: 'claim', key: randomUUID(), path: '/v1/members/me/claims', body: { ruleId }, token, target: ruleId },
              (key) => client.claim(ruleId, key),
              double,
            )
          } else {
            // Another shopper (a guest client) joins; sometimes with an email that is taken.
            const other = rng() < 0.35 ? pick([...emails]) : `seq${index}.o${i}.s${o.seed}@fault.example`
            emails.add(other)
            const guest = newClient()
            const body: SignUpInput = { email: other, consent: { terms: true, marketing: false } }
            await perform(
              { kind: 'signup-other', key: randomUUID(), path: '/v1/members', body, token: null, target: other },
              (key) => guest.signUp(body, key),
              double,
            )
          }
        }
      }

      // 4. Quiet; keys a killed process left running are finished; then the final refresh
      // through a clean connection.
      await settle()
      await finishLost(actions)
      const seenBefore = client.state.member.value?.balance
      let finalBalance: number | undefined
      if (token) {
        clean = true
        // A few tries with growing pauses: an overloaded machine (or a process restarting)
        // may miss the client's short time limit; what is checked is the balance it shows.
        const attempts = 7
        for (let attempt = 0; attempt < attempts && finalBalance === undefined; attempt++) {
          try {
            finalBalance = (await client.member())?.balance
          } catch (error) {
            if (attempt == attempts - 1) fail(`final member() failed: ${String(error)}`)
            else await sleep(Math.min(200 * 2 ** attempt, 2000))
          }
        }
      }
      await verify(index, actions, { client, token, email, emails, topUp, seenBefore, finalBalance }, fail)
      return problems
    }

    /**
     * Step 4: a failed action whose key is still `running` after the client went quiet was
     * in flight on a process that was killed (its owner is dead; nothing of it committed,
     * or the key would be done). Once the takeover time has passed, a retry of that key
     * takes it over and runs it once: done here directly, as the user's next click would.
     * On PostgreSQL the same holds for a key whose request failed and whose release failed
     * too (a database wait that gave up): counted apart. On PGlite a running key stays as
     * it is, and verify reports it.
     */
    const finishLost = async (actions: Action[]) => {
      const candidates = actions.filter((a) => a.outcome == 'failed' && (onPostgres || px.lost.has(a.key)))
      if (!candidates.length) return
      const rows = await be.query<{ key: string }>(`SELECT key FROM idempotency_keys WHERE program_key = $1 AND key = ANY($2::text[]) AND state = 'running'`, [
        PROGRAM,
        candidates.map((a) => a.key),
      ])
      const running = new Set(rows.map((r) => r.key))
      for (const a of candidates.filter((x) => running.has(x.key))) {
        const deadline = performance.now() + (takeoverSeconds + 15) * 1000
        for (;;) {
          const r = await direct(a.path, { key: a.key, body: a.body, token: a.token })
          await r.arrayBuffer()
          if (r.status != 409 && r.status < 500) {
            if (px.lost.has(a.key)) result.takenOver++
            else result.takenOverStranded++
            break
          }
          if (performance.now() > deadline) break
          await sleep(r.status == 409 ? 500 : 100)
        }
      }
    }

    /** Step 5: the database's word against what the client saw. */
    const verify = async (
      index: number,
      actions: Action[],
      s: {
        client: HeadlessClient
        token: string | null
        email: string
        emails: Set<string>
        topUp: number
        seenBefore: number | undefined
        finalBalance: number | undefined
      },
      fail: (what: string) => void,
    ) => {
      const db = be
      for (const a of actions) if (px.victims.has(a.key)) result.killedActions[a.outcome]++
      const keys = actions.map((a) => a.key)
      const rows = await db.query<KeyRow>(`SELECT key, state, status, body FROM idempotency_keys WHERE program_key = $1 AND key = ANY($2::text[])`, [
        PROGRAM,
        keys,
      ])
      const rowOf = new Map(rows.map((r) => [r.key, r]))
      const applied = (a: Action) => {
        const r = rowOf.get(a.key)
        return !!r && r.state == 'done' && r.status! >= 200 && r.status! < 300
      }
      const stored = <T>(a: Action) => JSON.parse(rowOf.get(a.key)!.body!) as T

      // Failed actions: applied at most once, and if applied, a replay of the key gives that success.
      for (const a of actions) {
        const r = rowOf.get(a.key)
        if (a.outcome == 'ok' && !applied(a)) {
          result.mismatches++
          fail(`${a.kind} ${a.key}: the client saw success, the server has ${r ? `${r.state} ${r.status}` : 'no record'}`)
        }
        if (a.outcome == 'answer' && (r?.state != 'done' || r.status != a.status)) {
          result.mismatches++
          fail(`${a.kind} ${a.key}: the client got ${a.code} ${a.status}, the server stored ${r ? `${r.state} ${r.status}` : 'nothing'}`)
        }
        if (a.outcome == 'failed' && r?.state == 'running') {
          result.mismatches++
          fail(`${a.kind} ${a.key}: key still running after the client went quiet`)
        }
        if (a.outcome == 'failed' && r?.state == 'done') {
          if (applied(a)) result.failedButApplied++
          const replay = await direct(a.path, { key: a.key, body: a.body, token: a.token })
          const text = await replay.text()
          if (replay.status != r.status || text != r.body || replay.headers.get('idempotent-replayed') != 'true') {
            result.mismatches++
            fail(`${a.kind} ${a.key}: replay answered ${replay.status} (${replay.headers.get('idempotent-replayed')}), stored ${r.status}`)
          }
        }
      }

      // The client's successes are the stored ones.
      for (const a of actions.filter((x) => x.outcome == 'ok' && applied(x))) {
        if (JSON.stringify(stored(a)) != JSON.stringify(a.result)) {
          result.mismatches++
          fail(`${a.kind} ${a.key}: the client's result differs from the stored one`)
        }
      }
      // Business answers are truthful where we can tell.
      for (const [i, a] of actions.entries()) {
        if (a.outcome != 'answer') continue
        const earlier = actions.slice(0, i)
        const ok =
          a.code == 'already_claimed'
            ? earlier.some((x) => x.kind == 'claim' && x.target == a.target && applied(x))
            : a.code == 'email_taken'
              ? earlier.some((x) => (x.kind == 'signup' || x.kind == 'signup-other') && x.target == a.target && applied(x))
              : a.code == 'reward_unavailable'
                ? a.target == 'no-such-reward'
                : a.code == 'insufficient_points'
                  ? true
                  : a.code == 'invalid_request'
                    ? a.kind == 'claim' && a.target == 'birthday'
                    : false
        if (!ok) {
          result.mismatches++
          fail(`${a.kind} ${a.target}: unexpected answer ${a.code} ${a.status}`)
        }
      }

      // Every member of this sequence: one per email, a ledger that keys explain, never negative.
      const members = await db.query<{ id: string; email: string }>(`SELECT id, email FROM members WHERE program_key = $1 AND lower(email) = ANY($2::text[])`, [
        PROGRAM,
        [...s.emails].map((e) => e.toLowerCase()),
      ])
      for (const e of s.emails) {
        const mine = members.filter((m) => m.email.toLowerCase() == e.toLowerCase())
        const signups = actions.filter((a) => (a.kind == 'signup' || a.kind == 'signup-other') && a.target == e)
        const appliedSignups = signups.filter(applied)
        if (mine.length > 1 || appliedSignups.length > 1) {
          result.duplicates++
          fail(`${e}: ${mine.length} members, ${appliedSignups.length} applied sign-ups`)
        }
        if (mine.length != appliedSignups.length) {
          result.mismatches++
          fail(`${e}: ${mine.length} members but ${appliedSignups.length} applied sign-up keys`)
        }
        const [m] = mine
        const [first] = appliedSignups
        if (m && first && stored<SignUpResult>(first).member.id != m.id) {
          result.mismatches++
          fail(`${e}: member ${m.id} is not the one its sign-up key stored`)
        }
      }

      for (const m of members) {
        const ledger = await db.query<{ type: string; points: number; rule_id: string | null; redemption_id: string | null }>(
          `SELECT type, points, rule_id, redemption_id FROM ledger WHERE member_id = $1 ORDER BY id`,
          [m.id],
        )
        let sum = 0
        let negative = false
        for (const row of ledger) {
          sum += row.points
          if (sum < 0) negative = true
        }
        if (negative) {
          result.negatives++
          fail(`${m.email}: balance went negative`)
        }
        const count = (type: string, f: (r: (typeof ledger)[number]) => boolean = () => true) => ledger.filter((r) => r.type == type && f(r)).length
        if (count('signup') != 1) {
          result.duplicates += Math.max(0, count('signup') - 1)
          fail(`${m.email}: ${count('signup')} sign-up bonus entries`)
        }
        if (m.email.toLowerCase() != s.email.toLowerCase()) {
          if (ledger.length != 1) {
            result.mismatches++
            fail(`${m.email}: ${ledger.length} ledger entries for a member who only signed up`)
          }
          continue
        }

        // The sequence's member: each applied key has exactly one effect, and nothing else happened.
        const redeems = actions.filter((a) => a.kind == 'redeem' && applied(a))
        const claims = actions.filter((a) => a.kind == 'claim' && applied(a))
        for (const a of redeems) {
          const { redemption } = stored<RedemptionResult>(a)
          const entries = ledger.filter((r) => r.type == 'redemption' && r.redemption_id == redemption.id)
          if (entries.length != 1 || entries[0]!.points != -cost(a.target)) {
            if (entries.length > 1) result.duplicates += entries.length - 1
            else result.mismatches++
            fail(`redeem ${a.key}: ${entries.length} ledger entries for redemption ${redemption.id}`)
          }
          const kind = rewards.find((r) => r.id == a.target)?.kind
          if ((redemption.code === null) != (kind == 'donation')) {
            result.mismatches++
            fail(`redeem ${a.key}: code ${redemption.code} for a ${kind}`)
          }
        }
        const redeemed = new Set(redeems.map((a) => stored<RedemptionResult>(a).redemption.id))
        const stray = ledger.filter((r) => r.type == 'redemption' && !redeemed.has(r.redemption_id ?? ''))
        if (stray.length) {
          result.duplicates += stray.length
          fail(`${stray.length} redemption entries without an applied key`)
        }
        const [{ n: redemptionRows } = { n: 0 }] = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM redemptions WHERE member_id = $1', [m.id])
        if (redemptionRows != redeems.length) {
          result.duplicates += Math.max(0, redemptionRows - redeems.length)
          fail(`${redemptionRows} redemptions for ${redeems.length} applied keys`)
        }
        for (const rule of claimable) {
          const keysFor = claims.filter((a) => a.target == rule.id).length
          const entries = count('claim', (r) => r.rule_id == rule.id)
          if (keysFor > 1 || entries != keysFor) {
            result.duplicates += Math.max(0, entries - 1, keysFor - 1)
            if (entries <= 1 && keysFor <= 1) result.mismatches++
            fail(`claim ${rule.id}: ${entries} entries for ${keysFor} applied keys`)
          }
        }
        if (count(be.topUpType) != (s.topUp ? 1 : 0) || (be.topUpType != 'purchase' && count('purchase') != 0)) {
          result.mismatches++
          fail(`${count(be.topUpType)} ${be.topUpType} entries for ${s.topUp ? 1 : 0} top-ups`)
        }
        const expected = program.signupBonus + s.topUp + claims.reduce((t, a) => t + rulePoints(a.target), 0) - redeems.reduce((t, a) => t + cost(a.target), 0)
        if (sum != expected) {
          result.mismatches++
          fail(`ledger sum ${sum}, applied keys say ${expected}`)
        }

        // A sign-up that failed for the client (even if applied) leaves it signed out: nothing to show.
        if (!s.token) continue
        // Truthful UI: the balance shown after the final refresh is the ledger's, coupons included.
        const shown = s.client.state.member.value
        if (s.finalBalance !== sum || shown?.balance !== sum) {
          result.mismatches++
          fail(`client shows ${shown?.balance} (member() said ${s.finalBalance}), ledger says ${sum}`)
        }
        const coupons = new Set(shown?.coupons.map((c) => c.id))
        for (const a of actions.filter((x) => x.kind == 'redeem' && x.outcome == 'ok')) {
          const id = (a.result as RedemptionResult).redemption.id
          if (!coupons.has(id)) {
            result.mismatches++
            fail(`redemption ${id} the client was given is missing from its coupons`)
          }
        }
        for (const a of claims) {
          if (!shown?.claimedRules.includes(a.target)) {
            result.mismatches++
            fail(`claimed rule ${a.target} not shown as claimed`)
          }
        }
        // Without a refresh, the client knows the balance of its last successful redeem or claim
        // (not the order's points): it must still show it when nothing after that is uncertain.
        const lastSuccess = actions.findLastIndex((a) => (a.kind == 'redeem' || a.kind == 'claim') && a.outcome == 'ok')
        if (lastSuccess >= 0 && s.seenBefore !== sum && actions.every((a) => a.outcome != 'failed')) {
          result.staleBeforeRefresh++
          const what = `before the final refresh the client showed ${s.seenBefore}, the ledger says ${sum} (every action had a definite answer)`
          if (o.strict) fail(what)
          else log(`seq ${index}: ${what}`)
        }
      }
      if (!s.token && actions[0]?.outcome == 'ok') fail('signed up without a token')
    }

    // A pool of concurrent sequences.
    let next = 0
    const worker = async () => {
      while (next < o.sequences) {
        const index = next++
        let problems: string[]
        try {
          problems = await runSequence(index)
        } catch (error) {
          problems = [`seq ${index}: crashed: ${(error as Error)?.stack ?? String(error)}`]
        }
        result.sequences++
        if (problems.length) {
          result.failed++
          for (const p of problems) {
            if (result.violations.length < 50) result.violations.push(p)
            log('✗ ' + p)
          }
        } else result.passed++
        if (result.sequences % 50 == 0) {
          log(`… ${result.sequences}/${o.sequences} sequences, ${result.actions} actions, ${Math.round((performance.now() - started) / 1000)} s`)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, o.sequences) }, worker))
    await px.idle()
    result.requests = px.stats.requests
    result.faults = { ...px.stats.faults }
    result.upstream = { ...px.stats.upstream }
    result.replayed = px.stats.replayed
    result.abandoned = px.stats.abandoned
    result.perProcess = [...px.stats.perUpstream]
    result.killsDeferred = px.stats.killsDeferred
    result.restartMs = [...px.stats.restartMs]
    result.upstreamLost = px.stats.upstreamLost
    result.killedAt = await be.killedAt()
    // A process that did not come back is a failure of the run (one more failed check).
    for (const e of px.stats.killErrors) {
      result.failed++
      result.violations.push(e)
      log('✗ ' + e)
    }
  } finally {
    await proxy?.close().catch(() => {})
    await backend?.close().catch((error: unknown) => log(`closing the server: ${String(error)}`))
    result.ms = Math.round(performance.now() - started)
  }
  return result
}

type Direct = (path: string, init?: { key?: string; body?: unknown; token?: string | null }) => Promise<Response>

/** Where the run's server lives, and the ways around the API that the run needs. */
interface Backend {
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
  killedAt(): Promise<FaultRunResult['killedAt']>
  close(): Promise<void>
}

const RATE_LIMITS = 'claim=1000000,redeem=1000000,referral=1000000'

/** One in-process demo server on a fresh PGlite folder; top-ups are orders the store reports with the demo's API key. */
async function pgliteBackend(): Promise<Backend> {
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
    async topUp(email, amount, direct) {
      const order = { id: 'fault-' + randomUUID(), customer: { email }, amount, currency: 'EUR' }
      const r = await direct('/v1/orders', { key: randomUUID(), body: order, token: DEV_API_KEY })
      if (r.status != 201) throw new Error(`the order answered ${r.status}: ${await r.text()}`)
      return ((await r.json()) as OrderResult).order.points
    },
    topUpType: 'purchase',
    killedAt: async () => ({ committed: 0, running: 0, absent: 0 }),
    async close() {
      await srv.close()
      await rm(dataDir, { recursive: true, force: true }).catch(() => {})
    },
  }
}

/**
 * `n` production server processes on a fresh schema of the PostgreSQL at `url`; the
 * schema is dropped at the end. Top-ups are `adjustment` rows inserted in SQL.
 */
async function postgresBackend(url: string, n: number, takeoverSeconds: number): Promise<Backend> {
  const schema = 'loyalkit_fault_' + randomUUID().replace(/-/g, '').slice(0, 12)
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await admin.end()
  }
  const schemaUrl = new URL(url)
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`)
  const pool = new pg.Pool({ connectionString: schemaUrl.toString(), max: 8 })
  pool.on('error', () => {})
  const drop = async () => {
    await pool.end().catch(() => {})
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      await c.query(`DROP SCHEMA ${schema} CASCADE`)
    } finally {
      await c.end()
    }
  }

  let replicas: Awaited<ReturnType<typeof startReplicas>>
  try {
    replicas = await startReplicas(
      n,
      {
        DATABASE_URL: schemaUrl.toString(),
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
  } catch (error) {
    await drop().catch(() => {})
    throw error
  }
  const procs = replicas
  const query = async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[]
  /** The process being killed and restarted, if any (direct calls avoid it). */
  let down: number | null = null
  let turn = 0
  const states: Promise<'committed' | 'running' | 'absent'>[] = []

  return {
    target: {
      urls: () => procs.urls,
      kill(i, victimKey) {
        down = i
        const killed = procs.kill(i, 'SIGKILL').then(() => {
          // What the victim's key says right after the process died: did its transaction commit?
          if (victimKey) {
            states.push(
              query<{ state: string }>('SELECT state FROM idempotency_keys WHERE program_key = $1 AND key = $2', [PROGRAM, victimKey]).then(([row]) =>
                row?.state == 'done' ? 'committed' : row ? 'running' : 'absent',
              ),
            )
          }
        })
        const restarted = killed
          .then(() => procs.restart(i))
          .then(() => {
            down = null
          })
        return { killed, restarted }
      },
    },
    directUrl() {
      const urls = procs.urls
      let i = turn++ % urls.length
      if (i == down) i = (i + 1) % urls.length
      return urls[i]!
    },
    query,
    async topUp(email, amount) {
      const rows = await query<{ id: string }>(
        'INSERT INTO ledger (member_id, type, points) SELECT id, $3, $4 FROM members WHERE program_key = $1 AND email = $2 RETURNING member_id AS id',
        [PROGRAM, email.toLowerCase(), 'adjustment', amount],
      )
      if (rows.length != 1) throw new Error(`no member ${email} to top up`)
      return amount
    },
    topUpType: 'adjustment',
    async killedAt() {
      const counts = { committed: 0, running: 0, absent: 0 }
      for (const state of await Promise.all(states)) counts[state]++
      return counts
    },
    async close() {
      try {
        await procs.stopAll()
      } finally {
        await drop()
      }
    },
  }
}
