/**
 * Turns one vitest run (its JSON report, the unhandled errors our reporter
 * wrote, and its exit status) into pass/fail counts. Pure, so the rules can be
 * tested on real broken suites (test/server/runner.test.ts).
 *
 * What vitest 4's JSON report holds, checked against test/runner/fixtures:
 * - a failed test: assertionResults[].status 'failed'; its file is 'failed' with message ''.
 * - beforeAll throws: file 'failed' with the hook's message; its tests are 'skipped'.
 * - afterAll throws: file 'failed' with the hook's message; its tests 'passed'.
 * - import throws: file 'failed' with the message and no assertionResults.
 * - unhandled rejection: NOT in the report (file and test 'passed'); only the
 *   exit status (1) and the unhandled-errors file show it.
 * - skipped/todo tests: status 'skipped'/'todo'/'pending' — neither passed nor failed.
 */

/** The parts of vitest's JSON report (`--reporter=json`) that are read here. */
export interface VitestJsonReport {
  success?: boolean
  testResults: {
    name: string
    status: string
    message?: string
    assertionResults: { fullName?: string; title?: string; status: string; failureMessages?: string[] }[]
  }[]
}

export interface VitestRun {
  /** The parsed JSON report; undefined when vitest wrote none (or it was unreadable). */
  report: unknown
  /** The unhandled-errors file of ./unhandled-reporter.ts, parsed; undefined when absent. */
  unhandled?: unknown
  /** vitest's exit status; null when it was killed by a signal. */
  status: number | null
  signal?: string | null
  /** Why vitest could not be started at all (spawn error). */
  error?: string
}

export interface VitestCount {
  passed: number
  failed: number
  /** One line per failure that is not a failed test (file errors, unhandled errors, exit status). */
  problems: string[]
  /** One line per failed test: its file, its name and the first line of why. */
  failedTests: string[]
}

const firstLine = (s: string) => s.trim().split('\n')[0] ?? ''

function isReport(r: unknown): r is VitestJsonReport {
  if (typeof r != 'object' || r === null || !Array.isArray((r as VitestJsonReport).testResults)) return false
  return (r as VitestJsonReport).testResults.every(
    (f) => typeof f == 'object' && f !== null && typeof f.status == 'string' && Array.isArray(f.assertionResults),
  )
}

function unhandledMessages(u: unknown): string[] {
  const errors = typeof u == 'object' && u !== null ? (u as { errors?: unknown }).errors : undefined
  if (!Array.isArray(errors)) return []
  return errors.map((e: { name?: unknown; message?: unknown; origin?: unknown }) => {
    const what = `${typeof e?.name == 'string' ? e.name + ': ' : ''}${firstLine(String(e?.message ?? e))}`
    return `unhandled error${typeof e?.origin == 'string' ? ` in ${e.origin}` : ''}: ${what}`
  })
}

export function countVitestRun(run: VitestRun): VitestCount {
  let passed = 0
  let failed = 0
  const problems: string[] = []
  const failedTests: string[] = []
  const problem = (line: string) => {
    failed++
    problems.push(line)
  }

  if (isReport(run.report)) {
    for (const file of run.report.testResults) {
      let failedHere = 0
      for (const t of file.assertionResults) {
        if (t.status == 'passed') passed++
        else if (t.status == 'failed') {
          failed++
          failedHere++
          const why = firstLine(t.failureMessages?.[0] ?? '')
          failedTests.push(`${file.name} › ${t.fullName ?? t.title ?? '(unnamed test)'}${why ? ` — ${why}` : ''}`)
        }
        // skipped, pending, todo, disabled: not run, so neither passed nor failed.
      }
      if (file.status != 'failed') continue
      // A file-level error (hook, import) has a message of its own; a file that failed
      // only because of its failed tests has none and is already counted through them.
      const message = firstLine(file.message ?? '')
      if (message) problem(`${file.name}: ${message}`)
      else if (failedHere == 0) problem(`${file.name}: failed without a failed test`)
    }
  } else {
    problem(run.report === undefined ? 'vitest produced no report' : 'vitest report is not in the expected format')
  }

  for (const line of unhandledMessages(run.unhandled)) problem(line)

  // Whatever else made vitest fail (unhandled errors without our reporter, a crash
  // after the report, a config error) must still fail the run, once.
  if (run.error) problem(`vitest could not run: ${firstLine(run.error)}`)
  else if (failed == 0) {
    if (run.status === null) problem(`vitest was killed${run.signal ? ` by ${run.signal}` : ''}`)
    else if (run.status !== 0) problem(`vitest exited with status ${run.status}`)
    else if (isReport(run.report) && run.report.success === false) problem('vitest reported success: false')
  }
  return { passed, failed, problems, failedTests }
}
