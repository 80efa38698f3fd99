/**
 * Which element shifts, and on which page (npm run bench:shifts): the store page with Loyalkit and
 * without it loaded N times each at 4× CPU, as `npm run bench` loads them, each load's layout shifts
 * printed with the elements that moved (as the bench's page probe records them), and where Loyalkit's
 * host element ended up. What a CLS above 0 in the report comes from, when one run of five shows one.
 * Uses dist/ as it is (build first). Loopback only; it stops what it starts.
 *
 *   npx tsx bench/layout-shifts.ts [--runs N]
 */
import { parseArgs } from 'node:util'
import { type LoadSample, newPage, throttle } from './browser.ts'
import { withSite } from './tool-site.ts'

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '30' } } })
const RUNS = Number(args.runs)

await withSite(async (site, browser) => {
  for (const variant of ['bare', 'loyalkit'] as const) {
    let shifted = 0
    const places = new Map<string, number>()
    for (let run = 1; run <= RUNS; run++) {
      const bp = await newPage(browser, variant, (m) => console.error('  problem: ' + m))
      try {
        await throttle(bp.cdp)
        await bp.page.goto(site.url(variant), { waitUntil: 'load' })
        await bp.page.waitForTimeout(2500)
        const shifts = await bp.page.evaluate(() => (window as unknown as { __bench: { shifts: LoadSample['shifts'] } }).__bench.shifts)
        const place = await bp.page.evaluate(() => {
          const host = document.querySelector('loyalkit-widget')
          return host ? `after <${host.previousElementSibling?.localName ?? '(nothing)'}>, before <${host.nextElementSibling?.localName ?? '(nothing)'}>` : ''
        })
        if (place) places.set(place, (places.get(place) ?? 0) + 1)
        if (shifts.length) shifted++
        for (const s of shifts)
          console.log(`${variant} load ${run}: shift ${s.value.toFixed(4)} at ${Math.round(s.start)} ms, moved ${s.moved?.join(', ') || '?'}`)
      } finally {
        await bp.close()
      }
    }
    console.log(`${variant}: ${shifted} of ${RUNS} loads shifted` + [...places].map(([p, n]) => `; host ${p} in ${n}`).join(''))
  }
})
process.exit(0)
