/**
 * npm run conformance -- --endpoint URL --program KEY --secret S [--origin ORIGIN] [--api-key KEY]
 * Runs the endpoint contract checks against a loyalty backend; one line per
 * check, then "N passed, N failed"; exit code 1 when any failed. The store's
 * server-to-server routes are checked only with its secret API key (--api-key,
 * or LOYALKIT_API_KEY in the environment, which keeps it out of shell history).
 */
import { cliArgs } from '../cli-args.ts'
import { runConformance } from './suite.ts'

const usage =
  'usage: npm run conformance -- --endpoint https://loyalty.example.com/v1 --program pk_… --secret … [--origin https://shop.example] [--api-key lk_sk_…]\n' +
  '  --api-key (or LOYALKIT_API_KEY): the store’s secret API key; without it the store API checks are not run'

const values = cliArgs(
  {
    options: {
      endpoint: { type: 'string' },
      program: { type: 'string' },
      secret: { type: 'string' },
      origin: { type: 'string' },
      'api-key': { type: 'string' },
    },
  },
  usage,
)
const { endpoint, program, secret, origin } = values
const apiKey = values['api-key'] || process.env.LOYALKIT_API_KEY || undefined
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

const result = await runConformance({ endpoint, program, secret, ...(origin && { origin }), ...(apiKey && { apiKey }), log: (line) => console.log(line) })
console.log(`${result.passed} passed, ${result.failed} failed${result.notRun.length ? `, not run: ${result.notRun.join('; ')}` : ''}`)
process.exit(result.failed ? 1 : 0)
