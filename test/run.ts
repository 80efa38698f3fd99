/**
 * `npm test`: type-check, build, bundle budgets, then every vitest project
 * (unit, server + conformance, real browser against the built bundle).
 * Ends with one plain `N passed, N failed` line for CI.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkBudgets } from './budgets.ts'

let passed = 0
let failed = 0
const note = (ok: boolean, what: string) => {
  ok ? passed++ : failed++
  console.log(`${ok ? '✓' : '✗'} ${what}`)
}
const run = (title: string, cmd: string, args: string[]) => {
  console.log(`\n── ${title}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env })
  return r.status === 0
}

note(run('type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']), 'type-check')
const built = run('build', 'npx', ['rollup', '-c', 'rollup.config.ts', '--configPlugin', 'esbuild'])
note(built, 'build')

if (built) {
  console.log('\n── bundle budgets (gzip)')
  for (const b of checkBudgets()) note(b.ok, `${b.name}: ${b.gzip} B ≤ ${b.budget} B`)
  // The published package's types, as consumers resolve them (ESM-only by design; loyalkit.js is a browser script).
  note(run('published types', 'npx', ['attw', '--pack', '.', '--profile', 'esm-only', '--exclude-entrypoints', './loyalkit.js']), 'published types (attw on npm pack)')
}

const dir = mkdtempSync(join(tmpdir(), 'loyalkit-vitest-'))
const report = join(dir, 'results.json')
const projects = built ? [] : ['--project', 'unit', '--project', 'server']
run('vitest', 'npx', ['vitest', 'run', ...projects, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`])
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number; success: boolean; testResults: { status: string; message?: string; name: string }[] }
  passed += r.numPassedTests
  failed += r.numFailedTests
  // A file that fails to load has no failing test but must still fail the run.
  for (const f of r.testResults) if (f.status == 'failed' && f.message) note(false, `${f.name}: ${f.message.split('\n')[0]}`)
} else {
  note(false, 'vitest produced no report')
}
rmSync(dir, { recursive: true, force: true })

// Exactly-once under injected faults: 500 randomized sequences with a fixed seed, each one check.
// (`npm run fault -- --seed N --sequences M` for longer local runs.)
console.log('\n── fault injection: npm run fault -- --seed 42 --sequences 500 --strict')
const fault = spawnSync('npx', ['tsx', 'test/fault/cli.ts', '--seed', '42', '--sequences', '500', '--strict', '-q'], { encoding: 'utf8', env: process.env })
process.stdout.write(fault.stdout ?? '')
process.stderr.write(fault.stderr ?? '')
const counted = /^(\d+) passed, (\d+) failed$/m.exec(fault.stdout ?? '')
if (counted) {
  passed += Number(counted[1])
  failed += Number(counted[2])
}
if (!counted || fault.status !== 0) note(false, 'fault injection run')

console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
