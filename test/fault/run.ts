/**
 * The exactly-once run. The headless client talks to the reference
 * server through the fault proxy (test/fault/proxy.ts). The server is either
 *
 *   - with a PostgreSQL URL (`databaseUrl`): two production server processes (the
 *     bin, test/server/processes.ts) on a fresh schema of that database; the proxy
 *     spreads requests over both and its `kill` fault SIGKILLs a process while a
 *     request is in flight on it, then restarts it. A short takeover time
 *     (LOYALKIT_IDEMPOTENCY_TAKEOVER, 5 s by default) lets a retried key whose process died be
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
 *
 * Where each part lives: sequence.ts (steps 1–4), actions.ts (a user's retries of one
 * action), verify.ts (step 5: reading the rows), checks.ts (step 5: deciding what is
 * wrong, pure), backends.ts (the server and the ways around its API), proxy.ts (faults).
 */
import type { Program } from '../../src/core/contract.ts'
import { type Backend, directCaller, postgresBackend, pgliteBackend } from './backends.ts'
import { FAULTS, type Fault, type FaultProxy, startFaultProxy } from './proxy.ts'
import { runSequence } from './sequence.ts'
import { type FaultRunOptions, type FaultRunResult, KINDS, type RunContext, type RunSettings } from './types.ts'

export type { FaultRunOptions, FaultRunResult, Kind, Outcome } from './types.ts'

/** Runs the sequences against a fresh server through the fault proxy: the run's totals and first violation lines. */
export async function runFaults(o: FaultRunOptions): Promise<FaultRunResult> {
  const started = performance.now()
  const log = o.log ?? (() => {})
  const settings = runSettings(o)
  const result = emptyResult(o, settings)
  let backend: Backend | undefined
  let proxy: FaultProxy | undefined
  try {
    backend = settings.onPostgres ? await postgresBackend(o.databaseUrl!, o.replicas ?? 2, settings.takeoverSeconds) : await pgliteBackend()
    proxy = await startFaultProxy({ target: backend.target, seed: o.seed, rate: o.rate ?? 0.3, maxDelay: o.maxDelay ?? 500 })
    const direct = directCaller(backend, settings.onPostgres)
    const program = (await (await direct('/v1/program')).json()) as Program
    const ctx: RunContext = { options: o, settings, backend, proxy, direct, program, result, log }
    await runAll(ctx, started)
    await proxy.idle()
    await collectServerSide(ctx)
  } finally {
    await proxy?.close().catch(() => {})
    await backend?.close().catch((error: unknown) => log(`closing the server: ${String(error)}`))
    result.ms = Math.round(performance.now() - started)
  }
  return result
}

function runSettings(o: FaultRunOptions): RunSettings {
  const onPostgres = !!o.databaseUrl
  const timeout = o.timeout ?? 600
  return {
    onPostgres,
    takeoverSeconds: o.takeoverSeconds ?? 5,
    // With kills, a key whose process died answers 409 until the takeover time has passed:
    // users keep clicking a little longer (each 409 makes them wait its Retry-After).
    userAttempts: o.userAttempts ?? (onPostgres ? 8 : 6),
    timeout,
    // The client's GET time limit: nothing of a call is left after this (see src/core/api.ts).
    quietMs: 2 * timeout + 100,
  }
}

function emptyResult(o: FaultRunOptions, settings: RunSettings): FaultRunResult {
  return {
    seed: o.seed,
    backend: settings.onPostgres ? `${o.replicas ?? 2} processes on PostgreSQL` : '1 in-process on PGlite',
    sequences: 0,
    passed: 0,
    failed: 0,
    actions: 0,
    byKind: Object.fromEntries(KINDS.map((k) => [k, { ok: 0, answer: 0, failed: 0 }])) as FaultRunResult['byKind'],
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
}

/** A pool of `concurrency` workers, each taking the next sequence until all have run. */
async function runAll(ctx: RunContext, started: number): Promise<void> {
  const { sequences, concurrency = 24 } = ctx.options
  let next = 0
  const worker = async () => {
    while (next < sequences) {
      const index = next++
      let problems: string[]
      try {
        problems = await runSequence(ctx, index)
      } catch (error) {
        problems = [`seq ${index}: crashed: ${(error as Error)?.stack ?? String(error)}`]
      }
      countSequence(ctx, problems, started)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, sequences) }, worker))
}

/** One check per sequence; its violation lines are logged, the first 50 of the run kept. */
function countSequence({ result, options, log }: RunContext, problems: readonly string[], started: number): void {
  result.sequences++
  if (problems.length) {
    result.failed++
    for (const p of problems) {
      if (result.violations.length < 50) result.violations.push(p)
      log('✗ ' + p)
    }
  } else result.passed++
  if (result.sequences % 50 == 0) {
    log(`… ${result.sequences}/${options.sequences} sequences, ${result.actions} actions, ${Math.round((performance.now() - started) / 1000)} s`)
  }
}

/** The proxy's and the backend's numbers, once every sequence has run and no kill is under way. */
async function collectServerSide({ result, proxy, backend, log }: RunContext): Promise<void> {
  const { stats } = proxy
  result.requests = stats.requests
  result.faults = { ...stats.faults }
  result.upstream = { ...stats.upstream }
  result.replayed = stats.replayed
  result.abandoned = stats.abandoned
  result.perProcess = [...stats.perUpstream]
  result.killsDeferred = stats.killsDeferred
  result.restartMs = [...stats.restartMs]
  result.upstreamLost = stats.upstreamLost
  result.killedAt = await backend.killedAt()
  // A process that did not come back is a failure of the run (one more failed check).
  for (const e of stats.killErrors) {
    result.failed++
    result.violations.push(e)
    log('✗ ' + e)
  }
}
