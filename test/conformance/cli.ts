/**
 * npm run conformance -- --endpoint URL --program KEY --secret S [--origin ORIGIN]
 * Runs the endpoint contract checks against a loyalty backend; one line per
 * check, then "N passed, N failed"; exit code 1 when any failed.
 */
import { parseArgs } from 'node:util'
import { runConformance } from './suite.ts'

const usage = 'usage: npm run conformance -- --endpoint https://loyalty.example.com/v1 --program pk_… --secret … [--origin https://shop.example]'

let values: { endpoint?: string; program?: string; secret?: string; origin?: string; help?: boolean }
try {
  ;({ values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      program: { type: 'string' },
      secret: { type: 'string' },
      origin: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }))
} catch (error) {
  console.error((error as Error).message + '\n' + usage)
  process.exit(2)
}
if (values.help) {
  console.log(usage)
  process.exit(0)
}
const { endpoint, program, secret, origin } = values
if (!endpoint || !program || !secret) {
  console.error(usage)
  process.exit(2)
}
try {
  new URL(endpoint)
} catch {
  console.error(`--endpoint is not a URL: ${endpoint}`)
  process.exit(2)
}

const result = await runConformance({ endpoint, program, secret, ...(origin && { origin }), log: (line) => console.log(line) })
console.log(`${result.passed} passed, ${result.failed} failed`)
process.exit(result.failed ? 1 : 0)
