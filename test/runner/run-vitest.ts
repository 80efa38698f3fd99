/**
 * Runs `npx vitest run …` with the JSON reporter and ./unhandled-reporter.ts
 * writing into a fresh temporary folder, and returns what ./vitest-report.ts
 * needs to count the run. Shared by test/run.ts and the runner's own test, so
 * the test exercises the same invocation `npm test` uses.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { run, type SpawnOptions } from './spawn.ts'
import { UNHANDLED_ENV } from './unhandled-reporter.ts'
import type { VitestRun } from './vitest-report.ts'

const reporter = fileURLToPath(new URL('./unhandled-reporter.ts', import.meta.url))

export interface VitestOutcome extends VitestRun {
  /** vitest's output when stdio is 'pipe' (for diagnosing a failed run); with 'inherit', add `--reporter=default` to see it. */
  output: string
}

/** An unreadable file counts as absent: the counting then reports it as a failure. */
function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}

export async function runVitest(args: string[], o: SpawnOptions = {}): Promise<VitestOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'loyalkit-vitest-'))
  try {
    const json = join(dir, 'results.json')
    const unhandled = join(dir, 'unhandled.json')
    const r = await run('npx', ['vitest', 'run', ...args, '--reporter=json', `--reporter=${reporter}`, `--outputFile.json=${json}`], {
      ...o,
      env: { ...(o.env ?? process.env), [UNHANDLED_ENV]: unhandled },
    })
    return {
      report: readJson(json),
      unhandled: readJson(unhandled),
      status: r.status,
      signal: r.signal,
      ...(r.error && { error: r.error }),
      output: r.stdout + r.stderr,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
