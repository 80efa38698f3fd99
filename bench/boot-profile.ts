/**
 * Where the facade's boot-up goes (npm run bench:boot): a page with Loyalkit loaded at 4× CPU under
 * V8's sampling profiler (50 µs), then left idle for 6 s, as `npm run bench` loads it (the UI and the
 * program are fetched while idle). For each run it prints the time sampled in loyalkit.js's code and
 * what it called; at the end, the average per load of each function's own time, named by the source
 * it was built from (dist/loyalkit.js.map). Browser functions (fetch, createElement…) count where
 * our code called them. Uses dist/ as it is (build first). Loopback only; it stops what it starts.
 *
 *   npx tsx bench/boot-profile.ts [--runs N] [--page store|plain]
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { newPage, throttle } from './browser.ts'
import { ROOT } from './server.ts'
import { medianAndWorst, withSite } from './tool-site.ts'

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' }, page: { type: 'string', default: 'plain' } } })
const RUNS = Number(args.runs)
if (args.page != 'store' && args.page != 'plain') throw new Error('--page store|plain')
const VARIANT = args.page == 'store' ? 'loyalkit' : 'loyalkit-plain'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const FACADE = /\/dist\/loyalkit\.js$/
const map = new TraceMap(readFileSync(join(ROOT, 'dist', 'loyalkit.js.map'), 'utf8'))

/** A frame of ours as its source name and `src/…:line`; a browser function (no URL) as its name; another script's by its file. */
function nameOf({ functionName, url, lineNumber, columnNumber }: ProfileNode['callFrame']): string {
  if (!url) return `${functionName || '(anonymous)'} (browser)`
  if (!FACADE.test(url)) return `${functionName || '(anonymous)'} (${url.replace(/^.*\//, '')})`
  // CDP's lines are 0-based and the map's 1-based; the file's first line (the compile hint) is in the map.
  const at = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber })
  return `${at.name || '(anonymous)'} ${at.source?.replace(/^.*?\/src\//, 'src/') ?? '?'}:${at.line}`
}

/** Own time (ms) per function, of the samples whose stack runs through loyalkit.js. */
function ownTimes(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const ours = (id: number) => {
    for (let x: number | undefined = id; x != null; x = parent.get(x)) if (FACADE.test(byId.get(x)!.callFrame.url)) return true
    return false
  }
  const times = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000
    if (!ours(id)) return
    const name = nameOf(byId.get(id)!.callFrame)
    times.set(name, (times.get(name) ?? 0) + dt)
  })
  return times
}

const all = new Map<string, number>()
const totals: number[] = []
await withSite(async (site, browser) => {
  // Run 0 warms the browser's and the servers' caches, as `npm run bench` does; it is not counted.
  for (let run = 0; run <= RUNS; run++) {
    const bp = await newPage(browser, VARIANT, (m) => console.error('  problem: ' + m))
    try {
      await throttle(bp.cdp)
      await bp.cdp.send('Profiler.enable')
      await bp.cdp.send('Profiler.setSamplingInterval', { interval: 50 })
      await bp.cdp.send('Profiler.start')
      await bp.page.goto(site.url(VARIANT), { waitUntil: 'load' })
      await bp.page.waitForTimeout(6000)
      const { profile } = (await bp.cdp.send('Profiler.stop')) as unknown as { profile: Profile }
      if (run == 0) continue
      const times = ownTimes(profile)
      const total = [...times.values()].reduce((a, b) => a + b, 0)
      totals.push(total)
      for (const [k, v] of times) all.set(k, (all.get(k) ?? 0) + v / RUNS)
      const top = [...times].sort((a, b) => b[1] - a[1]).slice(0, 4)
      console.log(`run ${run}: ${total.toFixed(1)} ms in loyalkit.js's code; most: ${top.map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`)
    } finally {
      await bp.close()
    }
  }
})
console.log(`\n${args.page} page, 4× CPU, time in loyalkit.js's code per load: ${medianAndWorst(totals, 1)}`)
console.log('own time per function, average of the runs:')
for (const [k, v] of [...all].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${v.toFixed(2).padStart(6)} ms  ${k}`)
process.exit(0)
