/**
 * What Lighthouse counts as the widget's boot-up (npm run bench:tasks): the page with Loyalkit loaded by
 * Lighthouse under devtools throttling (CPU really 4× slower), as `npm run bench` loads it, and for each
 * run the main-thread tasks its `bootup-time` audit charges to our files, with how long each ran our
 * script and what it was (the facade's evaluation, the idle callback's fetches, the preloaded UI's
 * compile, the program's response). `bench:boot` samples where the facade's own functions spend their
 * time; this says which task carries it, as the boot-up target reads it. Uses dist/ as it is (build
 * first). Loopback only; it stops what it starts.
 *
 * With `--tree`, each of those tasks is printed as the trace events under it (those of 0.15 ms or more),
 * each with its wall time and its thread time (`tdur`: the time the main thread really ran). The CPU
 * throttle makes the main thread spin in proportion to the wall time since it last ran, so a thread held
 * off the CPU by another process spins for it afterwards: thread time close to wall time does not rule
 * out the machine, but the same call with the same inputs taking very different times in two runs does.
 *
 *   npx tsx bench/boot-tasks.ts [--runs N] [--page store|plain] [--tree]
 */
import { parseArgs } from 'node:util'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { MainThreadTasks } from 'lighthouse/core/computed/main-thread-tasks.js'
import { NetworkRecords } from 'lighthouse/core/computed/network-records.js'
import { getAttributableURLForTask, getJavaScriptURLs } from 'lighthouse/core/lib/tracehouse/task-summary.js'
import { CHROMIUM, CHROMIUM_FLAGS } from './browser.ts'
import { stat } from './stats.ts'
import { withSite } from './tool-site.ts'

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, page: { type: 'string', default: 'plain' }, tree: { type: 'boolean', default: false } },
})
const RUNS = Number(args.runs)
if (args.page != 'store' && args.page != 'plain') throw new Error('--page store|plain')
const VARIANT = args.page == 'store' ? 'loyalkit' : 'loyalkit-plain'

/** A main-thread task as Lighthouse's tracehouse builds it (the fields read here). */
interface Task {
  event: { name: string; tdur?: number; args?: { data?: { url?: string } } }
  parent?: Task
  children: Task[]
  startTime: number
  duration: number
  selfTime: number
  group: { id: string }
}

const OURS = /\/dist\/loyalkit[\w-]*\.js/
const SCRIPT_GROUPS = ['scriptEvaluation', 'scriptParseCompile']

/** What a top-level task was, named by the first trace event under it that says. */
function kindOf(top: Task): string {
  const names: string[] = []
  const visit = (t: Task) => {
    names.push(t.event.name)
    t.children.forEach(visit)
  }
  visit(top)
  if (names.includes('v8.evaluateModule') || names.includes('EvaluateScript')) return 'evaluation (facade, init)'
  if (names.includes('FireIdleCallback')) return 'idle callback (UI preload, program fetch)'
  if (names.includes('v8.compileModule')) return 'preloaded UI compiled'
  if (names.includes('TimerFire')) return 'timer'
  return 'callbacks (responses, load events)'
}

/** A task's trace events of 0.15 ms or more, indented by depth: wall time, thread time, self time, the script's file. */
function printTree(t: Task, depth = 2): void {
  if (t.duration < 0.15) return
  const thread = t.event.tdur == null ? '' : `thread ${(t.event.tdur / 1000).toFixed(2)}, `
  const file = t.event.args?.data?.url?.split('/').pop() ?? ''
  console.log(`${'  '.repeat(depth)}${t.event.name}: wall ${t.duration.toFixed(2)}, ${thread}self ${t.selfTime.toFixed(2)} ms ${file}`)
  for (const c of t.children) printTree(c, depth + 1)
}

const byKind = new Map<string, number[]>()
const totals: number[] = []
await withSite(async (site) => {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS], logLevel: 'silent' })
  try {
    // Run 0 warms the browser's and the servers' caches, as `npm run bench` does; it is not counted.
    for (let run = 0; run <= RUNS; run++) {
      const result = await lighthouse(site.url(VARIANT), {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        throttlingMethod: 'devtools',
      })
      if (run == 0) continue
      if (!result) throw new Error('Lighthouse returned nothing')
      const artifacts = result.artifacts as unknown as { Trace: unknown; DevtoolsLog: unknown }
      const context = { computedCache: new Map() } as never
      const tasks = (await MainThreadTasks.request(artifacts.Trace as never, context)) as unknown as Task[]
      const jsUrls = getJavaScriptURLs(await NetworkRecords.request(artifacts.DevtoolsLog as never, context))
      const ours = new Map<Task, number>()
      for (const t of tasks) {
        if (!SCRIPT_GROUPS.includes(t.group.id) || !OURS.test(getAttributableURLForTask(t as never, jsUrls))) continue
        let top = t
        while (top.parent) top = top.parent
        ours.set(top, (ours.get(top) ?? 0) + t.selfTime)
      }
      const total = [...ours.values()].reduce((a, b) => a + b, 0)
      totals.push(total)
      console.log(`run ${run}: ${total.toFixed(1)} ms of boot-up charged to our files`)
      const kinds = new Map<string, number>()
      for (const [top, ms] of [...ours].sort((a, b) => a[0].startTime - b[0].startTime)) {
        const kind = kindOf(top)
        kinds.set(kind, (kinds.get(kind) ?? 0) + ms)
        console.log(
          `  at ${top.startTime.toFixed(0).padStart(5)} ms: a task of ${top.duration.toFixed(1).padStart(5)} ms, ${ms.toFixed(1).padStart(5)} of it ours: ${kind}`,
        )
        if (args.tree) printTree(top)
      }
      for (const [k, ms] of kinds) byKind.set(k, [...(byKind.get(k) ?? []), ms])
    }
  } finally {
    await chrome.kill()
  }
})
const line = (values: number[]) => {
  const s = stat(values)
  return `median ${s.median?.toFixed(1)} ms, worst ${s.max?.toFixed(1)} ms`
}
console.log(`\n${args.page} page, devtools throttling (4× CPU), ${RUNS} run(s): boot-up charged to our files ${line(totals)}`)
for (const [k, v] of [...byKind].sort((a, b) => (stat(b[1]).median ?? 0) - (stat(a[1]).median ?? 0)))
  console.log(`  ${k}: ${line(v)} (in ${v.length} of ${RUNS} runs)`)
process.exit(0)
