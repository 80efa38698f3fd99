/**
 * Where a click's time goes (npm run bench:click): the store page with Loyalkit at 4× CPU, idle (the UI
 * fetched ahead, not run), then a click with the pointer arriving at once, as `npm run bench` times it.
 * For each run it prints the click → panel interactive time and the main thread's tasks from the
 * pointer's arrival to the panel (start after the click, length, and what ran in each); at the end the
 * median and the worst. Uses dist/ as it is (build first). Loopback only; it stops what it starts.
 *
 * With `--page-elements N`, N more elements (text in spans and divs) are added to the store page first:
 * opening a modal dialog makes the rest of the page inert, which restyles all of it, so a larger page
 * costs the click more (each run then also says how long its style recalculations and layouts took).
 *
 * `--non-modal` is an experiment, not the widget: the page's showModal() replaced by show(), to see what
 * the page's inertness costs (docs/architecture.md says why the panel stays a modal dialog all the same).
 *
 * `--cold` clicks in the first frame the launcher shows, as the page loads, before anything was fetched
 * ahead (`npm run bench` times it too); `--latency MS` adds that much to every request, as a phone's
 * network would (loopback has none), so the round trips on the click's path show. `--lang TAG` serves
 * the page in that language (its `<html lang>`), so the widget speaks it and loads its locale pack.
 *
 *   npx tsx bench/click-trace.ts [--runs N] [--dwell MS] [--page-elements N] [--non-modal] [--cold] [--latency MS] [--lang TAG]
 */
import { parseArgs } from 'node:util'
import { clickLauncher, newPage, networkLog, throttle, until } from './browser.ts'
import { medianAndWorst, withSite } from './tool-site.ts'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    dwell: { type: 'string', default: '0' },
    'page-elements': { type: 'string', default: '0' },
    'non-modal': { type: 'boolean' },
    cold: { type: 'boolean' },
    latency: { type: 'string', default: '0' },
    lang: { type: 'string', default: 'en' },
  },
})
const RUNS = Number(args.runs)
const DWELL = Number(args.dwell)
const EXTRA = Number(args['page-elements'])
const LATENCY = Number(args.latency)

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  tid: number
  args?: { data?: { url?: string; type?: string } }
}

/** The click's dispatch in the trace: the time and thread every line below is measured from. */
const clickIn = (events: TraceEvent[]) => events.find((e) => e.name == 'EventDispatch' && e.args?.data?.type == 'click')

/** How long the style recalculations and the layouts took from the click to 400 ms after it. */
function renderingAfterClick(events: TraceEvent[], click: TraceEvent): string {
  const inWindow = (name: string) => events.filter((e) => e.name == name && e.tid == click.tid && e.ts >= click.ts && e.ts < click.ts + 400_000)
  const total = (list: TraceEvent[]) => (list.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000).toFixed(0)
  return `  style ${total(inWindow('UpdateLayoutTree'))} ms, layout ${total(inWindow('Layout'))} ms`
}

/** N elements of text added at the end of the page's body (a larger store page), laid out before the click. */
const GROW_PAGE = (n: number) =>
  `(() => { const s = document.createElement('section'); for (let i = 0; i < ${n}; i++) { const e = document.createElement(i % 3 ? 'span' : 'div'); e.textContent = 'item ' + i; s.append(e) } document.body.append(s); document.body.getBoundingClientRect() })()`

/** One line per task of the main thread from 50 ms before the click to 400 ms after it. */
function tasksAroundClick(events: TraceEvent[], click: TraceEvent): string[] {
  const main = events.filter((e) => e.tid == click.tid && e.ph == 'X' && e.dur != null)
  const t0 = click.ts
  const ms = (us: number) => (us / 1000).toFixed(0)
  return main
    .filter((e) => e.name == 'RunTask' && e.ts + e.dur! >= t0 - 50_000 && e.ts < t0 + 400_000 && e.dur! > 2000)
    .map((task) => {
      const inside = main.filter((e) => e.name != 'RunTask' && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! > 1500)
      const what = inside.slice(0, 5).map((e) => {
        const detail = e.args?.data?.url?.replace(/^.*\//, '') ?? e.args?.data?.type
        return `${e.name}${detail ? `(${detail})` : ''} ${ms(e.dur!)}`
      })
      return `  ${ms(task.ts - t0).padStart(5)} ms  ${ms(task.dur!).padStart(4)} ms  ${what.join(', ')}`
    })
}

const TRACED = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8']
const times: number[] = []
await withSite(async (site, browser) => {
  for (let run = 1; run <= RUNS; run++) {
    const bp = await newPage(browser, 'loyalkit', (m) => console.error('  problem: ' + m))
    try {
      await throttle(bp.cdp)
      if (LATENCY) await bp.cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 })
      const net = networkLog(bp.cdp, () => 0)
      if (args.cold) await browser.startTracing(bp.page, { categories: TRACED })
      await bp.page.goto(site.url('loyalkit') + '?lang=' + args.lang, { waitUntil: args.cold ? 'commit' : 'load' })
      await until(bp.page, 'launcher')
      if (!args.cold) await Promise.all([net.quiet(1500), bp.page.waitForTimeout(2500)])
      if (EXTRA) {
        await bp.page.evaluate(GROW_PAGE(EXTRA))
        await bp.page.waitForTimeout(500)
      }
      if (args['non-modal']) await bp.page.evaluate('HTMLDialogElement.prototype.showModal = function () { this.show() }')
      if (!args.cold) await browser.startTracing(bp.page, { categories: TRACED })
      const timing = await clickLauncher(bp, DWELL)
      const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }
      if (timing) times.push(timing.interactive)
      console.log(`run ${run}: click → panel interactive ${timing ? timing.interactive.toFixed(0) + ' ms' : 'never'}`)
      const click = clickIn(trace.traceEvents)
      console.log(
        click ? [...tasksAroundClick(trace.traceEvents, click), renderingAfterClick(trace.traceEvents, click)].join('\n') : '  (no click in the trace)',
      )
    } finally {
      await bp.close()
    }
  }
})
console.log(medianAndWorst(times))
process.exit(0)
