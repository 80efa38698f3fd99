/**
 * npm run conformance -- --endpoint URL --program KEY --secret S [--origin ORIGIN]
 * Runs the endpoint contract checks against a loyalty backend; one line per
 * check, then "N passed, N failed"; exit code 1 when any failed.
 */
import { cliArgs } from '../cli-args.ts'
import { runConformance } from './suite.ts'

const usage = 'usage: npm run conformance -- --endpoint https://loyalty.example.com/v1 --program pk_… --secret … [--origin https://shop.example]'

const values = cliArgs({
  options: {
    endpoint: { type: 'string' },
    program: { type: 'string' },
    secret: { type: 'string' },
    origin: { type: 'string' },
  },
}, usage)
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
