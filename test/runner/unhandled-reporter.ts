/**
 * A vitest reporter with one job: write the run's unhandled errors to the file
 * named by LOYALKIT_VITEST_UNHANDLED. The JSON reporter leaves them out (a test
 * file with an unhandled rejection is reported as passed), so without this the
 * only trace would be vitest's exit status.
 *
 * Use: `vitest run --reporter=json --reporter=./test/runner/unhandled-reporter.ts`.
 */
import { writeFileSync } from 'node:fs'
import type { Reporter, SerializedError, TestRunEndReason } from 'vitest/node'

export const UNHANDLED_ENV = 'LOYALKIT_VITEST_UNHANDLED'

/** What the file holds; read back by `countVitestRun`. */
export interface UnhandledReport {
  reason: TestRunEndReason
  errors: { name?: string; message: string; origin?: string }[]
}

export default class UnhandledReporter implements Reporter {
  onTestRunEnd(_modules: unknown, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    const path = process.env[UNHANDLED_ENV]
    if (!path) return
    const report: UnhandledReport = {
      reason,
      errors: unhandledErrors.map((e) => ({
        ...(e.name && { name: e.name }),
        message: String(e.message ?? e),
        // vitest tags errors with the test file they came from when it knows it.
        ...(typeof e.VITEST_TEST_PATH == 'string' && { origin: e.VITEST_TEST_PATH }),
      })),
    }
    writeFileSync(path, JSON.stringify(report, null, 2))
  }
}
