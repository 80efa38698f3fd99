/**
 * npm run fault -- [--seed 42] [--sequences 500] [--rate 0.3] [--concurrency 24] [--database-url URL] [--takeover 5] [--strict] [--break-keys] [--quiet]
 * The exactly-once run (see run.ts): prints the numbers, one line per
 * violation, then "N passed, N failed" (one check per sequence); exit code 1 on any failure.
 * With a PostgreSQL URL (--database-url, default $DATABASE_URL; '' for none) the server is
 * two production processes on a fresh schema of it, and the proxy also kills them;
 * without one, one in-process server on PGlite.
 */
import { cliArgs } from '../cli-args.ts'
import { runFaults } from './run.ts'

const usage =
  "usage: npm run fault -- [--seed 42] [--sequences 500] [--rate 0.3] [--concurrency 24] [--database-url postgres://… (default $DATABASE_URL; '' for PGlite)] [--takeover 5 (s)] [--strict] [--break-keys] [--quiet]"

const values = cliArgs(
  {
    options: {
      seed: { type: 'string' },
      sequences: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      'database-url': { type: 'string' },
      takeover: { type: 'string' },
      strict: { type: 'boolean' },
      'break-keys': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
    },
  },
  usage,
)
const number = (name: string, value: string | undefined, fallback: number, ok: (n: number) => boolean) => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!ok(n)) {
    console.error(`--${name} ${value} is not valid\n${usage}`)
    process.exit(2)
  }
  return n
}
const seed = number('seed', values.seed, 42, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32)
const sequences = number('sequences', values.sequences, 500, (n) => Number.isInteger(n) && n >= 1)
const rate = number('rate', values.rate, 0.3, (n) => n >= 0 && n <= 1)
const concurrency = number('concurrency', values.concurrency, 24, (n) => Number.isInteger(n) && n >= 1)
const takeoverSeconds = number('takeover', values.takeover, 5, (n) => Number.isInteger(n) && n >= 2 && n <= 3600)
const databaseUrl = (values['database-url'] ?? process.env.DATABASE_URL) || undefined
if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
  console.error(`--database-url must be a postgres:// URL\n${usage}`)
  process.exit(2)
}

console.log(
  `fault run: seed ${seed}, ${sequences} sequences, fault rate ${rate}, ${concurrency} at a time, ` +
    `${databaseUrl ? `2 processes on PostgreSQL (with kills, takeover ${takeoverSeconds} s)` : '1 in-process on PGlite'}${values['break-keys'] ? ' — BROKEN KEYS (checks the checker: must fail)' : ''}`,
)
const r = await runFaults({
  seed,
  sequences,
  rate,
  concurrency,
  databaseUrl,
  takeoverSeconds,
  strict: values.strict,
  breakKeys: values['break-keys'],
  log: values.quiet ? undefined : (line) => console.log(line),
})

const kinds = Object.entries(r.byKind)
  .map(([k, o]) => `${k} ${o.ok + o.answer + o.failed} (ok ${o.ok}, answered ${o.answer}, failed ${o.failed})`)
  .join('; ')
const total = Object.values(r.faults).reduce((a, b) => a + b, 0)
const sorted = [...r.restartMs].sort((a, b) => a - b)
const killLine = databaseUrl
  ? `
kills:                ${r.faults.kill} (${r.killsDeferred} more decided while a process was down or just restarted: done as drops); ` +
    `victim's key at the kill: committed ${r.killedAt.committed}, running ${r.killedAt.running}, not yet claimed ${r.killedAt.absent}
killed actions:       ok ${r.killedActions.ok}, answered ${r.killedActions.answer}, failed ${r.killedActions.failed}; ` +
    `requests lost with a process: ${r.upstreamLost}; running keys taken over after the user gave up: ${r.takenOver} (and ${r.takenOverStranded} not lost in a kill)
restarts:             ${sorted.length}${sorted.length ? `, median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms` : ''}; requests per process: ${r.perProcess.join(' / ')}`
  : ''
console.log(`
backend:              ${r.backend}
sequences run:        ${r.sequences}
user actions:         ${r.actions} — ${kinds}; ${r.doubleSubmits} double submits
requests via proxy:   ${r.requests}; server answered ${Object.entries(r.upstream)
  .map(([s, n]) => `${s} ×${n}`)
  .join(', ')}
stored answers replayed: ${r.replayed}; answers after the client's timeout: ${r.abandoned}
faults injected:      ${total} — ${Object.entries(r.faults)
  .map(([f, n]) => `${f} ${n}`)
  .join(', ')}${killLine}
client errors seen:   ${
  Object.entries(r.clientErrors)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ×${n}`)
    .join(', ') || 'none'
}
failed but applied:   ${r.failedButApplied} (each replayed: original success returned)
duplicates found:     ${r.duplicates}
negative balances:    ${r.negatives}
mismatches:           ${r.mismatches}
stale before refresh: ${r.staleBeforeRefresh} (client balance wrong although every action was answered${values.strict ? '' : '; --strict fails on it'})
wall time:            ${(r.ms / 1000).toFixed(1)} s
`)
if (values.quiet) for (const v of r.violations) console.log('✗ ' + v)
console.log(`${r.passed} passed, ${r.failed} failed`)
process.exit(r.failed || r.sequences != sequences ? 1 : 0)
