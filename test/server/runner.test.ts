/**
 * `npm test` must count every way a vitest run can fail. Runs the deliberately
 * broken suite in test/runner/fixtures the way test/run.ts runs the real one,
 * and checks each broken file is counted. (In the server project for the node
 * environment; it starts no server.)
 */
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import { runVitest, type VitestOutcome } from '../runner/run-vitest.ts'
import { countVitestRun, type VitestCount } from '../runner/vitest-report.ts'

const config = fileURLToPath(new URL('../runner/fixtures/vitest.fixtures.config.ts', import.meta.url))
const fixture = (name: string) => fileURLToPath(new URL(`../runner/fixtures/${name}.fixture.ts`, import.meta.url))

/** The outer vitest's variables would leak into the nested run and confuse it. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')))
const runFixtures = (...filters: string[]) => runVitest(['--config', config, ...filters], { env, stdio: 'pipe' })

const problemFor = (count: VitestCount, file: string) => count.problems.filter((p) => p.includes(file))

describe('the whole broken suite', () => {
  let run: VitestOutcome
  let count: VitestCount
  beforeAll(async () => {
    run = await runFixtures()
    count = countVitestRun(run)
  })

  test('vitest itself fails and writes both reports', () => {
    expect(run.status, run.output).toBe(1)
    expect(run.report).toBeDefined()
    expect(run.unhandled).toBeDefined()
  })

  test('a failing test counts as failed, a passing one as passed', () => {
    // 'passes', plus the tests that pass in the afterAll and unhandled-rejection files.
    expect(count.passed).toBe(3)
  })

  test.each([
    ['before-all-throws', 'fixture: beforeAll throws'],
    ['after-all-throws', 'fixture: afterAll throws'],
    ['import-throws', 'fixture: throws at import'],
    ['unhandled-rejection', 'fixture: unhandled rejection'],
  ])('%s counts as one failure', (name, message) => {
    const lines = problemFor(count, fixture(name))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(message)
  })

  test('nothing else is counted: 1 failed test + 4 broken files', () => {
    expect(count.failed).toBe(5)
    expect(count.problems).toHaveLength(4)
    // The file whose only failure is a failed test is counted through that test alone, and named with why.
    expect(problemFor(count, fixture('pass-and-fail'))).toEqual([])
    expect(count.failedTests).toHaveLength(1)
    expect(count.failedTests[0]).toContain(fixture('pass-and-fail'))
    expect(count.failedTests[0]).toMatch(/ — \S/)
  })
})

test('an unhandled rejection fails the run even without the unhandled-errors file', async () => {
  const run = await runFixtures('unhandled-rejection')
  // The JSON report alone says everything passed…
  expect(countVitestRun({ ...run, unhandled: undefined, status: 0 })).toEqual({ passed: 1, failed: 0, problems: [], failedTests: [] })
  // …so the exit status has to fail it.
  expect(countVitestRun({ ...run, unhandled: undefined })).toEqual({
    passed: 1,
    failed: 1,
    problems: ['vitest exited with status 1'],
    failedTests: [],
  })
  expect(countVitestRun(run).failed).toBe(1)
})

describe('edge cases, from synthetic reports', () => {
  test('a missing report is a failure', () => {
    expect(countVitestRun({ report: undefined, status: 0 })).toEqual({ passed: 0, failed: 1, problems: ['vitest produced no report'], failedTests: [] })
  })

  test('a malformed report is a failure', () => {
    expect(countVitestRun({ report: { numPassedTests: 3 }, status: 0 }).failed).toBe(1)
  })

  test('a non-zero exit is counted once, not on top of counted failures', () => {
    const report = { testResults: [{ name: 'a.test.ts', status: 'failed', message: '', assertionResults: [{ status: 'failed', title: 't' }] }] }
    expect(countVitestRun({ report, status: 1 })).toEqual({ passed: 0, failed: 1, problems: [], failedTests: ['a.test.ts › t'] })
  })

  test('skipped and todo tests count as neither passed nor failed', () => {
    const report = {
      testResults: [
        {
          name: 'a.test.ts',
          status: 'passed',
          message: '',
          assertionResults: [{ status: 'passed' }, { status: 'skipped' }, { status: 'todo' }, { status: 'pending' }],
        },
      ],
    }
    expect(countVitestRun({ report, status: 0 })).toEqual({ passed: 1, failed: 0, problems: [], failedTests: [] })
  })

  test('a failed file without a message or a failed test still counts', () => {
    const report = { testResults: [{ name: 'a.test.ts', status: 'failed', assertionResults: [{ status: 'skipped' }] }] }
    expect(countVitestRun({ report, status: 1 }).problems).toEqual(['a.test.ts: failed without a failed test'])
  })

  test('a killed or unstartable vitest is a failure', () => {
    const report = { testResults: [] }
    expect(countVitestRun({ report, status: null, signal: 'SIGKILL' }).problems).toEqual(['vitest was killed by SIGKILL'])
    expect(countVitestRun({ report: undefined, status: null, error: 'spawn npx ENOENT' }).failed).toBe(2)
  })
})
