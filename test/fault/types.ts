/** The fault run's vocabulary: its options and result, the user actions a sequence performs, and what its steps share. */
import type { Program } from '../../src/core/contract.ts'
import type { Backend, Direct, KilledAt } from './backends.ts'
import type { Fault, FaultProxy } from './proxy.ts'

export type Kind = 'signup' | 'redeem' | 'claim' | 'signup-other'
export const KINDS: readonly Kind[] = ['signup', 'redeem', 'claim', 'signup-other']

/** The reward id a few redeems ask for on purpose: its answer must be `reward_unavailable`. */
export const NO_SUCH_REWARD = 'no-such-reward'

/** ok: the client got a success; answer: a definite business answer; failed: the user gave up. */
export type Outcome = 'ok' | 'answer' | 'failed'

/** One user action: the request behind it (for direct replays) and what the user saw. */
export interface Action {
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
  /** LOYALKIT_IDEMPOTENCY_TAKEOVER of the processes, in seconds (default 5). */
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
  killedAt: KilledAt
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

/** The options' defaults worked out, as the sequences use them. */
export interface RunSettings {
  onPostgres: boolean
  takeoverSeconds: number
  userAttempts: number
  /** The client's per-attempt timeout, and how long a client must have sent nothing to count as quiet. */
  timeout: number
  quietMs: number
}

/** What every sequence of a run shares. */
export interface RunContext {
  options: FaultRunOptions
  settings: RunSettings
  backend: Backend
  proxy: FaultProxy
  direct: Direct
  program: Program
  /** The run's totals: each sequence adds to them. */
  result: FaultRunResult
  log: (line: string) => void
}

/** One sequence as its steps see it. */
export interface Sequence {
  index: number
  /** Its seeded randomness: every random choice of the sequence comes from here, in a fixed order. */
  rng: () => number
  pick<T>(list: readonly T[]): T
  /** The user actions so far, in the order they started. */
  actions: Action[]
  /** Its violation lines ("seq N: …"): the sequence passes when there are none. */
  problems: string[]
  fail(what: string): void
  /** Only for the sequence of the `trace` option: a timestamped debugging line. */
  trace?: (line: string) => void
}
