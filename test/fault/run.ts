/**
 * The exactly-once run of issue 5. The reference server runs in-process on a
 * fresh PGlite database; the headless client talks to it through the fault
 * proxy (test/fault/proxy.ts). For each sequence:
 *
 *   1. a fresh member signs up through the proxy (the user retries with the same key);
 *   2. an order tops the member up (directly, not through the proxy);
 *   3. a random series of user actions — redeem, claim, sign-up of another email,
 *      sometimes submitted twice at once — each retried by the user with its one
 *      Idempotency-Key until it succeeds or gets a definite business answer;
 *   4. once the client is quiet, a final member() through a clean connection;
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
import { startServer, type RunningServer } from '../../demo/server/app.ts'
import type { Program, RedemptionResult, SignUpInput, SignUpResult, ClaimResult } from '../../src/core/contract.ts'
import { createClient, LoyaltyError, type Client } from '../../src/entries/headless.ts'
import { FAULTS, mix, prng, startFaultProxy, TAG_HEADER, type Fault } from './proxy.ts'

const PROGRAM = 'pk_demo_trailpack'
const SECRET = 'fault-run-secret-0123456789abcdef'

export interface FaultRunOptions {
  seed: number
  sequences: number
  /** Sequences run at the same time (default 24). */
  concurrency?: number
  /** Share of proxied requests that get a fault (default 0.3). */
  rate?: number
  /** Times the user tries one action, with its one key (default 6). */
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
  ['network_error', 'timeout', 'server_error', 'rate_limited', 'invalid_response'].includes(e.code) ||
  (e.code == 'idempotency_conflict' && e.status == 409)

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
  const userAttempts = o.userAttempts ?? 6
  const timeout = o.timeout ?? 600
  // The client's GET time limit: nothing of a call is left after this (see src/core/api.ts).
  const quiet = 2 * timeout + 100

  const dataDir = await mkdtemp(join(tmpdir(), 'loyalkit-fault-'))
  let server: RunningServer | undefined
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined
  const result: FaultRunResult = {
    seed: o.seed,
    sequences: 0,
    passed: 0,
    failed: 0,
    actions: 0,
    byKind: Object.fromEntries((['signup', 'redeem', 'claim', 'signup-other'] as Kind[]).map((k) => [k, { ok: 0, answer: 0, failed: 0 }])) as FaultRunResult['byKind'],
    doubleSubmits: 0,
    requests: 0,
    upstream: {},
    replayed: 0,
    abandoned: 0,
    faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    clientErrors: {},
    failedButApplied: 0,
    duplicates: 0,
    negatives: 0,
    mismatches: 0,
    staleBeforeRefresh: 0,
    violations: [],
    ms: 0,
  }

  try {
    server = await startServer({ port: 0, dataDir, quiet: true, signupLimit: 100_000, secret: SECRET })
    proxy = await startFaultProxy({ target: server.url, seed: o.seed, rate: o.rate ?? 0.3, maxDelay: o.maxDelay ?? 500 })
    const srv = server
    const px = proxy

    /** Straight to the server: the contract's headers, no proxy, no retries. */
    const direct = (path: string, init: { key?: string; body?: unknown; token?: string | null } = {}) =>
      fetch(srv.url + path, {
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

      // 2. Top-up, directly.
      let topUp = 0
      if (token) {
        const amount = pick([0, 150, 320, 600, 900, 1400])
        if (amount) {
          const r = await direct('/_demo/orders', { key: randomUUID(), body: { email, amount } })
          if (r.status != 201) fail(`top-up answered ${r.status}: ${await r.text()}`)
          else topUp = ((await r.json()) as { points: number }).points
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

      // 4. Quiet, then the final refresh through a clean connection.
      await settle()
      const seenBefore = client.state.member.value?.balance
      let finalBalance: number | undefined
      if (token) {
        clean = true
        for (let attempt = 0; attempt < 3 && finalBalance === undefined; attempt++) {
          try {
            finalBalance = (await client.member())?.balance
          } catch (error) {
            if (attempt == 2) fail(`final member() failed: ${String(error)}`)
          }
        }
      }
      await verify(index, actions, { client, token, email, emails, topUp, seenBefore, finalBalance }, fail)
      return problems
    }

    /** Step 5: the database's word against what the client saw. */
    const verify = async (
      index: number,
      actions: Action[],
      s: { client: Client; token: string | null; email: string; emails: Set<string>; topUp: number; seenBefore: number | undefined; finalBalance: number | undefined },
      fail: (what: string) => void,
    ) => {
      const db = srv.db
      const keys = actions.map((a) => a.key)
      const rows = await db.query<KeyRow>(
        `SELECT key, state, status, body FROM idempotency_keys WHERE program_key = $1 AND key = ANY($2::text[])`,
        [PROGRAM, keys],
      )
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
        if (a.outcome == 'answer' && (!r || r.state != 'done' || r.status != a.status)) {
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
          a.code == 'already_claimed' ? earlier.some((x) => x.kind == 'claim' && x.target == a.target && applied(x))
          : a.code == 'email_taken' ? earlier.some((x) => (x.kind == 'signup' || x.kind == 'signup-other') && x.target == a.target && applied(x))
          : a.code == 'reward_unavailable' ? a.target == 'no-such-reward'
          : a.code == 'insufficient_points' ? true
          : a.code == 'invalid_request' ? a.kind == 'claim' && a.target == 'birthday'
          : false
        if (!ok) {
          result.mismatches++
          fail(`${a.kind} ${a.target}: unexpected answer ${a.code} ${a.status}`)
        }
      }

      // Every member of this sequence: one per email, a ledger that keys explain, never negative.
      const members = await db.query<{ id: string; email: string }>(
        `SELECT id, email FROM members WHERE program_key = $1 AND lower(email) = ANY($2::text[])`,
        [PROGRAM, [...s.emails].map((e) => e.toLowerCase())],
      )
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
        if (count('purchase') != (s.topUp ? 1 : 0)) {
          result.mismatches++
          fail(`${count('purchase')} purchase entries for ${s.topUp ? 1 : 0} orders`)
        }
        const expected =
          program.signupBonus + s.topUp +
          claims.reduce((t, a) => t + rulePoints(a.target), 0) -
          redeems.reduce((t, a) => t + cost(a.target), 0)
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
    result.requests = px.stats.requests
    result.faults = { ...px.stats.faults }
    result.upstream = { ...px.stats.upstream }
    result.replayed = px.stats.replayed
    result.abandoned = px.stats.abandoned
  } finally {
    await proxy?.close().catch(() => {})
    await server?.close().catch(() => {})
    await rm(dataDir, { recursive: true, force: true }).catch(() => {})
    result.ms = Math.round(performance.now() - started)
  }
  return result
}
