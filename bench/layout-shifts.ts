/**
 * Which element shifts, and on which page (npm run bench:shifts): the store page with Loyalkit and
 * without it loaded N times each at 4× CPU, as `npm run bench` loads them, each load's layout shifts
 * printed with the elements that moved, and where Loyalkit's host element ended up among the body's
 * children. What a CLS above 0 in the report comes from, when one run of five shows one. Uses dist/ as
 * it is (build first). Loopback only; it stops what it starts.
 *
 *   npx tsx bench/layout-shifts.ts [--runs N]
 */
import { parseArgs } from 'node:util'
import { newPage, throttle } from './browser.ts'
import { withSite } from './tool-site.ts'

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '30' } } })
const RUNS = Number(args.runs)

interface Shift {
  value: number
  at: number
  moved: string[]
}

/** Runs in the page before its own scripts: every layout shift, with the elements it moved. */
function recordShifts() {
  const shifts: Shift[] = []
  Object.defineProperty(window, Symbol.for('bench.shifts'), { value: shifts })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { value: number; sources?: { node?: Node | null }[] })[]) {
      const moved = (e.sources ?? []).map(({ node }) =>
        node instanceof Element ? node.localName + (node.className ? '.' + node.className : '') : String(node?.nodeName),
      )
      shifts.push({ value: e.value, at: Math.round(e.startTime), moved })
    }
  }).observe({ type: 'layout-shift', buffered: true })
}

await withSite(async (site, browser) => {
  for (const variant of ['bare', 'loyalkit'] as const) {
    let shifted = 0
    const places = new Map<string, number>()
    for (let run = 1; run <= RUNS; run++) {
      const bp = await newPage(browser, variant, (m) => console.error('  problem: ' + m))
      try {
        await throttle(bp.cdp)
        await bp.page.addInitScript(recordShifts)
        await bp.page.goto(site.url(variant), { waitUntil: 'load' })
        await bp.page.waitForTimeout(2500)
        const shifts = await bp.page.evaluate(() => (window as unknown as Record<symbol, Shift[]>)[Symbol.for('bench.shifts')]!)
        const place = await bp.page.evaluate(() => {
          const host = document.querySelector('loyalkit-widget')
          return host ? `after <${host.previousElementSibling?.localName ?? '(nothing)'}>, before <${host.nextElementSibling?.localName ?? '(nothing)'}>` : ''
        })
        if (place) places.set(place, (places.get(place) ?? 0) + 1)
        if (shifts.length) shifted++
        for (const s of shifts) console.log(`${variant} load ${run}: shift ${s.value.toFixed(4)} at ${s.at} ms, moved ${s.moved.join(', ') || '?'}`)
      } finally {
        await bp.close()
      }
    }
    console.log(`${variant}: ${shifted} of ${RUNS} loads shifted` + [...places].map(([p, n]) => `; host ${p} in ${n}`).join(''))
  }
})
process.exit(0)
