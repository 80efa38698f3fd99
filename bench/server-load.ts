/**
 * Load test of the reference server (npm run bench:server): a throwaway
 * PostgreSQL, 1,000 seeded members with large balances and customer tokens, and
 * autocannon against the production server (server/bin/loyalkit-server.js) in
 * four scenarios, on one process and on two processes sharing the database.
 *
 *   npx tsx bench/server-load.ts [--quick] [--duration S] [--warmup S] [--connections N]
 *                                [--only program,signup,redeem,me] [--processes 1,2] [--rounds N] [--cpu-prof]
 *                                [--bin path/to/loyalkit-server.js] [--out results.json]
 *
 * How the load is spread: always TWO autocannon instances running in parallel
 * in this process, each with half the connections. With two server processes
 * each instance targets its own process; with one, both target the same one.
 * The load generator therefore does the same work in both cases (one event
 * loop, same connection count), and no proxy sits in the path: on a 2-core
 * machine a round-robin proxy would eat the CPU the servers compete for and add
 * a hop to every request. Latency percentiles are computed over every response
 * of both instances (not averaged from the two summaries).
 *
 * Order: per scenario, 1 process then 2 processes, each after its own warm-up,
 * so the two runs of a scenario see nearly the same database (sign-ups and
 * redemptions add rows as the benchmark goes).
 *
 * Output: a markdown table and a targets table on stdout; raw numbers in
 * bench/server-results.json. Everything it starts (servers, PostgreSQL) is
 * stopped at the end, on failure and on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os'
import { join, resolve as resolvePath } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { SignJWT } from 'jose'
import pg from 'pg'
import { freePort, startPostgres } from '../test/postgres.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const DEFAULT_BIN = join(ROOT, 'server', 'bin', 'loyalkit-server.js')
const PROGRAM_PATH = 'demo/programs/trailpack.json'
const MEMBERS = 1_000
/** Points each seeded member starts with: 100 per redemption, far more than any run can spend. */
const SEED_BALANCE = 100_000_000
const REWARD = 'donate-backpacks'
/** Far above anything this machine can send in a minute from 127.0.0.1. */
const LIMIT = 100_000_000

// ── options ─────────────────────────────────────────────────────────────────

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string', default: '50' },
    only: { type: 'string' },
    processes: { type: 'string', default: '1,2' },
    rounds: { type: 'string', default: '1' },
    bin: { type: 'string' },
    out: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    tcp: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (args.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0])
  process.exit(0)
}
const positive = (name: string, text: string | undefined, fallback: number) => {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`)
  return n
}
const DURATION = positive('duration', args.duration, args.quick ? 3 : 10)
const WARMUP = positive('warmup', args.warmup, args.quick ? 1 : 2)
const CONNECTIONS = positive('connections', args.connections, 50)
if (CONNECTIONS % 2) throw new Error('--connections must be even (two load instances share them)')
const PROCESS_COUNTS = args.processes.split(',').map(Number)
if (!PROCESS_COUNTS.every((n) => n == 1 || n == 2)) throw new Error('--processes is a list of 1 and 2')
const MAX_PROCESSES = Math.max(...PROCESS_COUNTS)
const ROUNDS = positive('rounds', args.rounds, 1)
/** Another copy of the server to measure (an experiment in a scratch folder); the default is this repository's. */
const BIN = args.bin ? resolvePath(args.bin) : DEFAULT_BIN
const RESULTS = args.out ? resolvePath(args.out) : join(ROOT, 'bench', 'server-results.json')
/** Servers reach PostgreSQL through its Unix socket (the same machine); --tcp: through 127.0.0.1 instead. */
const SOCKET = !args.tcp

// ── cleanup: never leave children behind ────────────────────────────────────

const cleanups: (() => Promise<void>)[] = []
const children = new Set<ChildProcess>()
const running = new Set<autocannon.Instance>()
let cleaning: Promise<void> | undefined
function cleanup(): Promise<void> {
  return (cleaning ??= (async () => {
    for (const instance of running) instance.stop()
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => console.error('cleanup:', error))
  })())
}
let interrupted = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return
    interrupted = true
    console.error(`\n${signal}: stopping servers and PostgreSQL…`)
    void cleanup().finally(() => process.exit(130))
  })
}
process.on('uncaughtException', (error) => {
  console.error('bench/server-load: uncaught', error)
  void cleanup().finally(() => process.exit(1))
})
// Last resort (an exit we did not see coming): no server outlives us.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

// ── servers ─────────────────────────────────────────────────────────────────

interface ServerProcess {
  name: string
  url: string
  child: ChildProcess
  /** warn/error/fatal log lines since the last reset (none are expected under load). */
  problems: string[]
  tail: string[]
  stop(): Promise<void>
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null
const waitExit = (child: ChildProcess, ms: number) =>
  exited(child)
    ? Promise.resolve(true)
    : new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms)
        child.once('exit', () => {
          clearTimeout(timer)
          resolve(true)
        })
      })

async function startServerProcess(name: string, env: Record<string, string>, profileDir: string | undefined): Promise<ServerProcess> {
  const port = await freePort()
  // One folder per server: the tsx loader's worker thread writes a profile of its own beside the main thread's.
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : []
  const child = spawn(process.execPath, [...flags, BIN], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  const server: ServerProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    problems: [],
    tail: [],
    async stop() {
      // Graceful first (SIGTERM: the bin closes the server and the pool), then SIGKILL.
      for (const [signal, ms] of [
        ['SIGTERM', 15_000],
        ['SIGKILL', 5_000],
      ] as const) {
        if (exited(child)) break
        child.kill(signal)
        if (await waitExit(child, ms)) break
      }
      children.delete(child)
    },
  }
  cleanups.push(() => server.stop())
  const collect = (line: string) => {
    server.tail.push(line)
    if (server.tail.length > 30) server.tail.shift()
    let level = 50 // not JSON (a stack trace on stderr): a problem
    try {
      level = (JSON.parse(line) as { level?: number }).level ?? 50
    } catch {}
    if (level >= 40) server.problems.push(line)
  }
  createInterface({ input: child.stdout! }).on('line', collect)
  createInterface({ input: child.stderr! }).on('line', collect)

  // The listening line is logged at info, which we turn off: poll /readyz instead.
  const deadline = Date.now() + 60_000
  for (;;) {
    if (exited(child)) throw new Error(`${name} exited during start-up (${child.exitCode ?? child.signalCode}):\n${server.tail.join('\n')}`)
    try {
      const res = await fetch(`${server.url}/readyz`)
      if (res.ok) break
    } catch {}
    if (Date.now() > deadline) throw new Error(`${name} did not become ready within 60 s:\n${server.tail.join('\n')}`)
    await sleep(100)
  }
  child.once('exit', (code, signal) => {
    if (!cleaning) console.error(`${name} exited unexpectedly (${signal ?? code}):\n${server.tail.join('\n')}`)
  })
  return server
}

// ── CPU accounting (Linux /proc): who used the cores during a run ───────────
// The machine is shared (other work may run beside the benchmark): each run says
// how many cores the load generator, the servers, PostgreSQL and everything else used.

interface CpuSample {
  /** All jiffies of all cores since boot, and the idle ones. */
  total: number
  idle: number
  bench: number
  servers: number
  postgres: number
}

interface CpuShare {
  /** Average cores busy with each, over the run. */
  loadGenerator: number
  servers: number
  postgres: number
  other: number
  idle: number
}

function procJiffies(pid: number): { cpu: number; ppid: number; exitedChildren: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return { cpu: Number(fields[11]) + Number(fields[12]), ppid: Number(fields[1]), exitedChildren: Number(fields[13]) + Number(fields[14]) }
  } catch {
    return undefined
  }
}

function cpuSample(serverPids: number[], postmaster: number | undefined): CpuSample | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!
    const f = line.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal (guest is already in user)
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0)
    const idle = f[3]! + f[4]!
    let postgres = 0
    if (postmaster) {
      // With its children that have exited (a pool closing idle connections): their time
      // would otherwise vanish from the sum and show up as "other work".
      const main = procJiffies(postmaster)
      postgres += (main?.cpu ?? 0) + (main?.exitedChildren ?? 0)
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue
        const p = procJiffies(Number(entry))
        if (p?.ppid == postmaster) postgres += p.cpu
      }
    }
    const servers = serverPids.reduce((a, pid) => a + (procJiffies(pid)?.cpu ?? 0), 0)
    return { total, idle, bench: procJiffies(process.pid)?.cpu ?? 0, servers, postgres }
  } catch {
    return undefined
  }
}

function cpuShare(a: CpuSample | undefined, b: CpuSample | undefined): CpuShare | undefined {
  if (!a || !b || b.total <= a.total) return undefined
  const cores = cpus().length
  const per = (x: number) => round((x / (b.total - a.total)) * cores, 2)
  const bench = b.bench - a.bench
  const servers = b.servers - a.servers
  const postgres = b.postgres - a.postgres
  const busy = b.total - a.total - (b.idle - a.idle)
  return {
    loadGenerator: per(bench),
    servers: per(servers),
    postgres: per(postgres),
    other: per(Math.max(0, busy - bench - servers - postgres)),
    idle: per(b.idle - a.idle),
  }
}

// ── PostgreSQL activity: is the pool full, do backends wait on locks? ───────

/** Samples the servers' connections (application_name loyalkit-server) every 100 ms until stopped. */
function sampleActivity(databaseUrl: string): { stop(): Promise<Record<string, number> | undefined> } {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'loyalkit-bench-monitor' })
  client.on('error', () => {}) // PostgreSQL going away (Ctrl-C reaches it too) ends the loop below
  const totals: Record<string, number> = {}
  let samples = 0
  let stopped = false
  const loop = (async () => {
    await client.connect()
    while (!stopped) {
      const { rows } = await client.query<{ what: string; n: number }>(
        `SELECT CASE WHEN state = 'active' AND wait_event_type = 'Lock' THEN 'waiting on a lock'
                     WHEN state = 'active' THEN 'active'
                     WHEN state = 'idle in transaction' THEN 'idle in transaction'
                     ELSE coalesce(state, 'unknown') END AS what, count(*)::int AS n
           FROM pg_stat_activity WHERE application_name = 'loyalkit-server' GROUP BY 1`,
      )
      samples++
      for (const r of rows) totals[r.what] = (totals[r.what] ?? 0) + r.n
      await sleep(100)
    }
  })()
  loop.catch(() => {}) // observed in stop()
  return {
    async stop() {
      stopped = true
      try {
        await loop
      } catch {
        return undefined
      } finally {
        await client.end().catch(() => {})
      }
      return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v / Math.max(1, samples), 1)]))
    },
  }
}

const activityText = (a: Record<string, number> | undefined) =>
  a
    ? Object.entries(a)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    : '–'

// ── members and tokens ──────────────────────────────────────────────────────

interface SeedMember {
  customerId: string
  email: string
}

const seedMembers: SeedMember[] = Array.from({ length: MEMBERS }, (_, i) => ({
  customerId: `bench-customer-${String(i).padStart(4, '0')}`,
  email: `bench-member-${String(i).padStart(4, '0')}@example.test`,
}))

/** Store-linked members (customer_id set), each with one big 'adjustment' ledger row. */
async function seed(databaseUrl: string, programKey: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query(
      `INSERT INTO members (id, program_key, email, customer_id, marketing, terms_accepted_at, referral_code)
       SELECT 'mem_bench' || lpad(i::text, 7, '0'), $1, 'bench-member-' || lpad(i::text, 4, '0') || '@example.test',
              'bench-customer-' || lpad(i::text, 4, '0'), FALSE, now(), 'BENCH' || lpad(i::text, 4, '0')
         FROM generate_series(0, $2 - 1) AS i`,
      [programKey, MEMBERS],
    )
    await client.query(
      `INSERT INTO ledger (member_id, type, points) SELECT id, 'adjustment', $2 FROM members WHERE program_key = $1 AND id LIKE 'mem_bench%'`,
      [programKey, SEED_BALANCE],
    )
    await client.query('COMMIT')
    await client.query('ANALYZE')
  } finally {
    await client.end()
  }
}

/** Fresh customer tokens (15 minutes, the longest the server accepts) as Authorization values. */
async function signTokens(secret: string, audience: string): Promise<string[]> {
  const key = new TextEncoder().encode(secret)
  const now = Math.floor(Date.now() / 1000)
  return Promise.all(
    seedMembers.map(
      async (m) =>
        'Bearer ' +
        (await new SignJWT({ email: m.email })
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(m.customerId)
          .setAudience(audience)
          .setIssuedAt(now)
          .setExpirationTime(now + 15 * 60)
          .sign(key)),
    ),
  )
}

// ── scenarios ───────────────────────────────────────────────────────────────

type ScenarioId = 'program' | 'signup' | 'redeem' | 'me'

interface Scenario {
  id: ScenarioId
  label: string
  /** What one load instance sends; `shared` is shared by both instances of a run. */
  requests(shared: { next: number; tokens: string[] }): autocannon.Request[]
}

/**
 * The shopper's address as a load balancer in front would pass it on (the servers trust
 * loopback as their proxy): shoppers come from many addresses, so the shared rate-limit
 * buckets are many rows, as in a real store, not one hot row for 127.0.0.1.
 * 198.18.0.0/15 is the range set aside for benchmarks.
 */
const shopperAddress = (i: number) => `198.18.${(i >> 8) & 255}.${i & 255}`

const SCENARIOS: Scenario[] = [
  {
    id: 'program',
    label: 'GET /v1/program',
    requests: () => [{ method: 'GET', path: '/v1/program' }],
  },
  {
    id: 'signup',
    label: 'POST /v1/members (sign-up)',
    requests: () => {
      const run = randomBytes(4).toString('hex')
      let n = 0
      return [
        {
          method: 'POST',
          path: '/v1/members',
          setupRequest: (req) => {
            const i = n++
            return {
              ...req,
              headers: { ...req.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'X-Forwarded-For': shopperAddress(i) },
              body: JSON.stringify({ email: `load-${run}-${i}@example.test`, consent: { terms: true, marketing: false } }),
            }
          },
        },
      ]
    },
  },
  {
    id: 'redeem',
    label: 'POST /v1/members/me/redemptions',
    requests: (shared) => [
      {
        method: 'POST',
        path: '/v1/members/me/redemptions',
        setupRequest: (req) => {
          // Round-robin over the members: requests in flight together are for different members.
          const i = shared.next++ % shared.tokens.length
          return {
            ...req,
            headers: {
              ...req.headers,
              'Content-Type': 'application/json',
              'Idempotency-Key': randomUUID(),
              Authorization: shared.tokens[i]!,
              'X-Forwarded-For': shopperAddress(i),
            },
            body: `{"rewardId":"${REWARD}"}`,
          }
        },
      },
    ],
  },
  {
    id: 'me',
    label: 'GET /v1/members/me',
    requests: (shared) => [
      {
        method: 'GET',
        path: '/v1/members/me',
        setupRequest: (req) => {
          const i = shared.next++ % shared.tokens.length
          return { ...req, headers: { ...req.headers, Authorization: shared.tokens[i]!, 'X-Forwarded-For': shopperAddress(i) } }
        },
      },
    ],
  },
]

// ── running ─────────────────────────────────────────────────────────────────

interface InstanceResult {
  url: string
  connections: number
  responses: number
  rps: number
  p50: number
  p99: number
  errors: number
  timeouts: number
  non2xx: number
}

interface RunResult {
  scenario: ScenarioId
  label: string
  processes: number
  round: number
  connections: number
  durationS: number
  responses: number
  rps: number
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number }
  /** Socket errors including timeouts (autocannon counts timeouts as errors). */
  errors: number
  timeouts: number
  non2xx: number
  statuses: Record<string, number>
  /** warn/error lines the servers logged during the run. */
  serverProblems: string[]
  /** Average cores used during the measured run (Linux only). */
  cpu: CpuShare | undefined
  /** The servers' PostgreSQL connections, sampled every 100 ms: average count by state / wait. */
  pgConnections: Record<string, number> | undefined
  loadAverage: number[]
  instances: InstanceResult[]
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN)
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

/** One measured (or warm-up) run: two autocannon instances in parallel, half the connections each. */
async function load(
  scenario: Scenario,
  targets: ServerProcess[],
  seconds: number,
  tokens: string[],
): Promise<Omit<RunResult, 'label' | 'processes' | 'round' | 'serverProblems' | 'cpu' | 'loadAverage' | 'pgConnections'>> {
  const shared = { next: Math.floor(Math.random() * tokens.length), tokens }
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const half = CONNECTIONS / 2
  const started = performance.now()
  const results = await Promise.all(
    [0, 1].map(
      (i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const target = targets[i % targets.length]!
          const instance = autocannon(
            {
              url: target.url,
              connections: half,
              duration: seconds,
              timeout: 10,
              headers: { 'X-Loyalkit-Program': 'pk_demo_trailpack', Origin: 'http://localhost:8787' },
              requests: scenario.requests(shared),
            },
            (error, result) => {
              running.delete(instance)
              if (error) reject(error)
              else resolve(result)
            },
          )
          running.add(instance)
          instance.on('response', (_client, status, _bytes, ms) => {
            latencies.push(ms)
            statuses[status] = (statuses[status] ?? 0) + 1
          })
        }),
    ),
  )
  const wall = (performance.now() - started) / 1000
  const sorted = Float64Array.from(latencies).sort()
  const responses = sorted.length
  const durationS = Math.max(...results.map((r) => r.duration), 0) || wall
  return {
    scenario: scenario.id,
    connections: CONNECTIONS,
    durationS,
    responses,
    rps: round(responses / durationS, 0),
    latencyMs: {
      mean: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, responses), 2),
      p50: round(percentile(sorted, 50), 2),
      p90: round(percentile(sorted, 90), 2),
      p99: round(percentile(sorted, 99), 2),
      max: round(sorted[sorted.length - 1] ?? NaN, 2),
    },
    errors: results.reduce((a, r) => a + r.errors, 0),
    timeouts: results.reduce((a, r) => a + r.timeouts, 0),
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
    statuses,
    instances: results.map((r) => ({
      url: r.url,
      connections: r.connections,
      responses: r.latency.total ?? 0,
      rps: round(r.requests.average, 0),
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
    })),
  }
}

// ── report ──────────────────────────────────────────────────────────────────

const fmt = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : '–')
const statusText = (s: Record<string, number>) =>
  Object.entries(s)
    .sort()
    .map(([code, n]) => `${code}×${fmt(n)}`)
    .join(' ')
const cpuText = (c: CpuShare | undefined) => (c ? `${c.loadGenerator} / ${c.servers} / ${c.postgres} / ${c.other}` : '–')

/** Per scenario and process count: the round with the median req/s (all rounds are in the JSON). */
function medians(runs: RunResult[]): (RunResult & { allRps: number[] })[] {
  const out: (RunResult & { allRps: number[] })[] = []
  for (const s of SCENARIOS) {
    for (const p of PROCESS_COUNTS) {
      const rounds = runs.filter((r) => r.scenario == s.id && r.processes == p).sort((a, b) => a.rps - b.rps)
      if (rounds.length) out.push({ ...rounds[Math.floor((rounds.length - 1) / 2)]!, allRps: rounds.map((r) => r.rps) })
    }
  }
  return out
}

function resultsTable(rows: (RunResult & { allRps: number[] })[]): string {
  const lines = [
    `| scenario | processes | connections | requests/s${ROUNDS > 1 ? ' (median; all rounds)' : ''} | p50 (ms) | p99 (ms) | errors (socket + timeouts) | non-2xx | statuses |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const r of rows) {
    const rps = ROUNDS > 1 ? `${fmt(r.rps)} (${r.allRps.map(fmt).join(', ')})` : fmt(r.rps)
    lines.push(
      `| ${r.label} | ${r.processes} | ${r.connections} | ${rps} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.errors} (${r.timeouts} timeouts) | ${r.non2xx} | ${statusText(r.statuses)} |`,
    )
  }
  return lines.join('\n')
}

/** Where the time went: cores used by each party, and what the servers' PostgreSQL connections were doing. */
function diagnosticsTable(rows: RunResult[]): string {
  return [
    '| scenario | processes | CPU cores: load generator / server(s) / PostgreSQL / other work / idle | CPU ms per request: server(s) / PostgreSQL | load average (1 min) | server connections to PostgreSQL (average) |',
    '|---|---:|---|---|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.processes} | ${cpuText(r.cpu)}${r.cpu ? ` / ${r.cpu.idle}` : ''} | ${r.cpu && r.rps ? `${round((r.cpu.servers * 1000) / r.rps, 2)} / ${round((r.cpu.postgres * 1000) / r.rps, 2)}` : '–'} | ${r.loadAverage[0] ?? '–'} | ${activityText(r.pgConnections)} |`,
    ),
  ].join('\n')
}

interface Target {
  target: string
  met: boolean | null
  numbers: string
}

function targets(rows: RunResult[], all: RunResult[]): Target[] {
  const find = (s: ScenarioId, p: number) => rows.find((r) => r.scenario == s && r.processes == p)
  const out: Target[] = []
  const program1 = find('program', 1)
  out.push({
    target: 'GET /program ≥ 3,000 req/s on one process',
    met: program1 ? program1.rps >= 3000 : null,
    numbers: program1 ? `${fmt(program1.rps)} req/s` : 'not run',
  })
  const redeems = rows.filter((r) => r.scenario == 'redeem')
  out.push({
    target: `Redemptions over ${fmt(MEMBERS)} members at 50 connections: p99 ≤ 100 ms`,
    met: redeems.length && CONNECTIONS == 50 ? redeems.every((r) => r.latencyMs.p99 <= 100) : null,
    numbers: redeems.length
      ? redeems.map((r) => `${r.processes} proc: p99 ${r.latencyMs.p99} ms (p50 ${r.latencyMs.p50})`).join('; ') +
        (CONNECTIONS == 50 ? '' : ` — run at ${CONNECTIONS} connections, not 50`)
      : 'not run',
  })
  const bad = all.filter((r) => r.errors || r.non2xx)
  out.push({
    target: '0 errors and 0 non-2xx in every run',
    met: all.length ? bad.length == 0 : null,
    numbers: bad.length
      ? bad.map((r) => `${r.scenario}/${r.processes} proc: ${r.errors} errors, ${r.non2xx} non-2xx (${statusText(r.statuses)})`).join('; ')
      : `${all.length} runs, ${fmt(all.reduce((a, r) => a + r.responses, 0))} responses, all 2xx`,
  })
  const pairs = SCENARIOS.map((s) => [s, find(s.id, 1), find(s.id, 2)] as const).filter(([, a, b]) => a && b)
  out.push({
    target: 'Two processes never slower (req/s) than one',
    met: pairs.length ? pairs.every(([, a, b]) => b!.rps >= a!.rps) : null,
    numbers: pairs.length
      ? pairs
          .map(([s, a, b]) => `${s.id}: ${fmt(a!.rps)} → ${fmt(b!.rps)} (${b!.rps >= a!.rps ? '+' : ''}${round((b!.rps / a!.rps - 1) * 100, 1)} %)`)
          .join('; ')
      : 'not run',
  })
  return out
}

function targetsTable(list: Target[]): string {
  return [
    '| target | result | numbers |',
    '|---|---|---|',
    ...list.map((t) => `| ${t.target} | ${t.met === null ? 'not measured' : t.met ? 'met' : 'NOT MET'} | ${t.numbers} |`),
  ].join('\n')
}

// ── main ──────────────────────────────────────────────────────────────────

type Machine = ReturnType<typeof machineInfo>

function machineInfo() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
  }
}

function printHeader(machine: Machine) {
  console.log(`# Loyalkit server load test`)
  console.log(
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(' ')}.`,
  )
  console.log(
    `Each run: ${WARMUP} s warm-up, then ${DURATION} s measured${ROUNDS > 1 ? `, ${ROUNDS} rounds (the table shows the median round)` : ''}; ${CONNECTIONS} connections as 2 autocannon instances × ${CONNECTIONS / 2} (one per server process; both on the one process in the 1-process runs).`,
  )
  console.log(
    'The load generator, PostgreSQL and the server process(es) share this machine; the last table says how many cores each used, and what other work on the machine took.\n',
  )
}

/** The scenarios --only asks for (all by default). */
function selectScenarios(): Scenario[] {
  const only = args.only ? new Set(args.only.split(',')) : undefined
  const scenarios = SCENARIOS.filter((s) => !only || only.has(s.id))
  if (!scenarios.length) throw new Error(`--only: none of ${args.only} (scenarios: ${SCENARIOS.map((s) => s.id).join(', ')})`)
  return scenarios
}

/** PostgreSQL, the seeded members and the server process(es), all stopped by `cleanup`. */
interface Backends {
  postgresUrl: string
  program: { key: string }
  cost: number
  secret: string
  env: Record<string, string>
  profileDir: string | undefined
  servers: ServerProcess[]
}

async function startBackends(): Promise<Backends> {
  console.error('Starting PostgreSQL…')
  const postgres = await startPostgres()
  cleanups.push(() => postgres.stop())
  console.error(`PostgreSQL: ${postgres.url}`)

  const program = JSON.parse(readFileSync(join(ROOT, PROGRAM_PATH), 'utf8')) as { key: string; rewards: { id: string; cost: number }[] }
  const cost = program.rewards.find((r) => r.id == REWARD)?.cost
  if (cost === undefined) throw new Error(`${PROGRAM_PATH} has no reward ${REWARD}`)

  const secret = randomBytes(48).toString('base64')
  const env = {
    LOYALKIT_SECRET: secret,
    LOYALKIT_PROGRAM: PROGRAM_PATH,
    LOYALKIT_ALLOWED_HOSTS: '127.0.0.1,localhost',
    // The servers reach PostgreSQL through its Unix socket, as servers on the same machine would.
    DATABASE_URL: SOCKET ? postgres.socketUrl : postgres.url,
    LOYALKIT_SIGNUP_LIMIT: String(LIMIT),
    LOYALKIT_RATE_LIMITS: `claim=${LIMIT},redeem=${LIMIT},referral=${LIMIT}`,
    LOYALKIT_TRUST_PROXY: 'loopback',
    LOYALKIT_LOG_LEVEL: 'warn',
  }
  const profileDir = args['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'loyalkit-cpu-prof-')) : undefined

  console.error('Starting server process 1 (it applies the migrations)…')
  const servers = [await startServerProcess('server-1', env, profileDir)]
  console.error(`Seeding ${fmt(MEMBERS)} members with ${fmt(SEED_BALANCE)} points each…`)
  await seed(postgres.url, program.key)
  if (MAX_PROCESSES > 1) {
    console.error('Starting server process 2…')
    servers.push(await startServerProcess('server-2', env, profileDir))
  }
  return { postgresUrl: postgres.url, program, cost, secret, env, profileDir, servers }
}

/** This process's own connection to PostgreSQL: row counts, and the postmaster's pid for the CPU column. */
async function statsConnection(postgresUrl: string) {
  const db = new pg.Client({ connectionString: postgresUrl })
  // Ctrl-C in a terminal reaches PostgreSQL too: its goodbye must not crash us before the cleanup.
  db.on('error', (error) => console.error('bench/server-load: PostgreSQL connection:', error.message))
  await db.connect()
  cleanups.push(() => db.end())
  const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n)
  // The postmaster: the parent of this connection's backend (for the CPU column).
  const backend = Number((await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid)
  const postmaster = procJiffies(backend)?.ppid
  /** Waits until no more rows land (requests in flight when autocannon stopped still commit). */
  const settle = async (sql: string) => {
    let last = await count(sql)
    for (let i = 0; i < 40; i++) {
      await sleep(250)
      const now = await count(sql)
      if (now == last) return now
      last = now
    }
    return last
  }
  return { db, count, settle, postmaster }
}

type Stats = Awaited<ReturnType<typeof statsConnection>>

interface Consistency {
  scenario: ScenarioId
  processes: number
  round: number
  created201: number
  rowsAdded: number
}

/** One scenario on the first `processes` servers: warm-up, then the measured run with CPU, PostgreSQL activity and rows added. */
async function measureRun(
  scenario: Scenario,
  processes: number,
  round: number,
  backends: Backends,
  stats: Stats,
): Promise<{ run: RunResult; consistency?: Consistency } | undefined> {
  const { servers } = backends
  const name = `${scenario.label}, ${processes} process${processes > 1 ? 'es' : ''}${ROUNDS > 1 ? `, round ${round}/${ROUNDS}` : ''}`
  const targetServers = servers.slice(0, processes)
  const tokens = await signTokens(backends.secret, backends.program.key)
  // Each run starts from a vacuumed database: autovacuum after the previous run's
  // writes would otherwise take the CPU this one is measured on.
  await stats.db.query('VACUUM (ANALYZE)')
  console.error(`${name}: warm-up ${WARMUP} s…`)
  await load(scenario, targetServers, WARMUP, tokens)
  if (interrupted) return undefined
  const table = scenario.id == 'redeem' ? 'redemptions' : scenario.id == 'signup' ? 'members' : undefined
  const before = table ? await stats.settle(`SELECT count(*) AS n FROM ${table}`) : 0
  for (const s of servers) s.problems.length = 0
  console.error(`${name}: measuring ${DURATION} s…`)
  const pids = servers.map((s) => s.child.pid!).filter(Boolean)
  const cpuBefore = cpuSample(pids, stats.postmaster)
  const activity = sampleActivity(backends.postgresUrl)
  const result = await load(scenario, targetServers, DURATION, tokens)
  const cpu = cpuShare(cpuBefore, cpuSample(pids, stats.postmaster))
  const pgConnections = await activity.stop()
  if (interrupted) return undefined
  const loadAverage = loadavg().map((x) => Math.round(x * 100) / 100)
  const after = table ? await stats.settle(`SELECT count(*) AS n FROM ${table}`) : 0
  const serverProblems = servers.flatMap((s) => s.problems.map((line) => `${s.name}: ${line}`))
  const run: RunResult = { ...result, label: scenario.label, processes, round, serverProblems, cpu, loadAverage, pgConnections }
  console.error(
    `  ${fmt(run.rps)} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, ${run.errors} errors, ${run.non2xx} non-2xx; cores: ${cpuText(cpu)}; server connections to PostgreSQL: ${activityText(pgConnections)}${serverProblems.length ? `; ${serverProblems.length} server warn/error lines` : ''}`,
  )
  for (const s of servers) if (exited(s.child)) throw new Error(`${s.name} died during ${scenario.id}`)
  // Rows added ≥ 201 answers: requests still in flight when autocannon stopped commit unseen (≤ connections).
  const consistency = table ? { scenario: scenario.id, processes, round, created201: result.statuses['201'] ?? 0, rowsAdded: after - before } : undefined
  return { run, consistency }
}

/** Per scenario, round and process count, in that order; undefined when interrupted. */
async function runAll(scenarios: Scenario[], backends: Backends, stats: Stats): Promise<{ runs: RunResult[]; consistency: Consistency[] } | undefined> {
  const runs: RunResult[] = []
  const consistency: Consistency[] = []
  for (const scenario of scenarios) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const processes of PROCESS_COUNTS) {
        if (interrupted) return undefined
        const measured = await measureRun(scenario, processes, round, backends, stats)
        if (!measured) return undefined
        runs.push(measured.run)
        if (measured.consistency) consistency.push(measured.consistency)
      }
    }
  }
  return { runs, consistency }
}

function printReport(rows: ReturnType<typeof medians>, list: Target[], runs: RunResult[], consistency: Consistency[], negative: number) {
  console.log('## Results\n')
  console.log(resultsTable(rows))
  console.log('\n## Targets\n')
  console.log(targetsTable(list))
  console.log('\n## Where the time went\n')
  console.log(diagnosticsTable(rows))
  const problems = runs.flatMap((r) => r.serverProblems)
  if (problems.length) {
    console.log(`\nServer warn/error log lines during measured runs (${problems.length}; first 5):`)
    for (const line of problems.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`)
  }
  if (consistency.length) {
    const off = consistency.filter((c) => c.rowsAdded < c.created201 || c.rowsAdded > c.created201 + CONNECTIONS)
    console.log(
      `\nConsistency: rows added vs 201 answers per run ${off.length ? `OFF in ${off.map((c) => `${c.scenario}/${c.processes} proc (${c.created201} × 201, ${c.rowsAdded} rows)`).join(', ')}` : `as expected (${consistency.map((c) => `${c.scenario}/${c.processes}p: ${fmt(c.created201)}→${fmt(c.rowsAdded)}`).join(', ')}; the surplus is requests in flight at the stop)`}; members with a negative balance: ${negative}.`,
    )
  }
}

interface Outcome {
  machine: Machine & { loadAverageAtEnd: number[] }
  scenarios: Scenario[]
  backends: Backends
  rows: ReturnType<typeof medians>
  list: Target[]
  runs: RunResult[]
  consistency: Consistency[]
  negative: number
  started: number
}

function writeResults({ machine, scenarios, backends, rows, list, runs, consistency, negative, started }: Outcome) {
  writeFileSync(
    RESULTS,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine,
        options: {
          durationS: DURATION,
          warmupS: WARMUP,
          rounds: ROUNDS,
          connections: CONNECTIONS,
          processes: PROCESS_COUNTS,
          scenarios: scenarios.map((s) => s.id),
          cpuProfile: !!backends.profileDir,
        },
        loadSpread:
          'two autocannon instances in parallel (one event loop), half the connections each; one per server process, both on the one process in 1-process runs',
        server: {
          bin: 'server/bin/loyalkit-server.js',
          logLevel: backends.env.LOYALKIT_LOG_LEVEL,
          members: MEMBERS,
          seedBalance: SEED_BALANCE,
          reward: REWARD,
          rewardCost: backends.cost,
        },
        table: rows.map(({ instances: _, ...r }) => r),
        targets: list,
        runs,
        consistency,
        negativeBalances: negative,
        totalSeconds: round((Date.now() - started) / 1000, 1),
      },
      null,
      2,
    ) + '\n',
  )
}

async function main() {
  const machine = machineInfo()
  printHeader(machine)
  const scenarios = selectScenarios()
  const started = Date.now()
  const backends = await startBackends()
  const stats = await statsConnection(backends.postgresUrl)
  const all = await runAll(scenarios, backends, stats)
  if (!all) return
  const { runs, consistency } = all

  // Did every member keep a non-negative balance (no lost row locks)?
  const negative = await stats.count(`SELECT count(*) AS n FROM (SELECT member_id FROM ledger GROUP BY member_id HAVING SUM(points) < 0) t`)

  const rows = medians(runs)
  const list = targets(rows, runs)
  printReport(rows, list, runs, consistency, negative)
  const loadAverageAtEnd = loadavg().map((x) => round(x, 2))
  console.log(`Load average at the end: ${loadAverageAtEnd.join(' ')}.`)

  writeResults({ machine: { ...machine, loadAverageAtEnd }, scenarios, backends, rows, list, runs, consistency, negative, started })
  console.log(`\nRaw numbers: ${RESULTS}`)
  if (backends.profileDir) console.log(`CPU profiles of the servers (written as they stop): ${backends.profileDir}`)
}

let failed = false
try {
  await main()
} catch (error) {
  failed = true
  console.error('bench/server-load:', error)
} finally {
  await cleanup()
}
process.exit(interrupted ? 130 : failed ? 1 : 0)
