/**
 * `npm run bench` — Loyalkit's performance benchmark.
 *
 * Serves the Trailpack store page in several variants from one local process (no
 * widget, Loyalkit's script tag, and two peers installed from npm: the Typebot
 * bubble and n8n Chat, each without a CSP and, if it can run there, under the
 * Loyalkit page's strict CSP), and a plain page without and with Loyalkit; measures each in /usr/bin/chromium (or
 * CHROME_PATH) through Lighthouse's mobile preset (simulated and devtools
 * throttling) and through playwright-core + CDP at 4× CPU throttle, prints a
 * markdown table (median, min–max) and writes every raw number to
 * bench/results.json. Every page's console errors and failed requests are
 * recorded and reported beside the numbers.
 *
 *   npm run bench                 5 runs of everything (≈ 23 min on 2 cores)
 *   npm run bench -- --quick      1 run of everything (≈ 5–6 min)
 *   options: --runs N, --no-build (use dist/ as it is), --no-lighthouse, --out FILE
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { startDemo as startServer } from '../demo/start.ts'
import { cliArgs } from '../test/cli-args.ts'
import {
  CPU_SLOWDOWN,
  launchBrowser,
  type LoadSample,
  type MemorySample,
  measureColdClick,
  measureHoverClick,
  measureLoad,
  measureMemory,
  type PanelTiming,
  type ProblemSink,
} from './browser.ts'
import { type CspVerdict, checkCsp } from './csp-check.ts'
import { type LighthouseSample, lighthouseProblems, startLighthouse } from './lighthouse.ts'
import { buildReport } from './report.ts'
import { stat } from './stats.ts'
import { type BenchSite, ROOT, startSite } from './server.ts'
import { isPeerUnderCsp, VARIANT_SPECS, VARIANTS, type Variant, widgetOf } from './widgets.ts'

interface Options {
  runs: number
  build: boolean
  lighthouse: boolean
  out: string
}

const USAGE = 'usage: npm run bench -- [--quick] [--runs N] [--no-build] [--no-lighthouse] [--out FILE]'

function readOptions(): Options {
  const v = cliArgs(
    {
      options: {
        quick: { type: 'boolean' },
        runs: { type: 'string' },
        'no-build': { type: 'boolean' },
        'no-lighthouse': { type: 'boolean' },
        out: { type: 'string' },
      },
    },
    USAGE,
  )
  const runs = v.quick ? 1 : Number(v.runs ?? 5)
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs ${v.runs} is not a whole number of at least 1\n${USAGE}`)
    process.exit(2)
  }
  return { runs, build: !v['no-build'], lighthouse: !v['no-lighthouse'], out: String(v.out ?? join(ROOT, 'bench', 'results.json')) }
}

const lighthouseVersion = () => (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')) as { version: string }).version
const log = (line: string) => process.stderr.write(line + '\n')
const since = (t: number) => ((Date.now() - t) / 1000).toFixed(0) + ' s'

/** A console error, page error or failed request of one page the bench opened. */
export interface Problem {
  /** Which measurement's page. */
  measure: Series
  /** 1…runs; 0 for the untimed warm-up load. */
  run: number
  message: string
}

/** Every raw number, by variant; a variant not measured has no entry (old results lack the newer variants). */
export interface Samples {
  load: Partial<Record<Variant, LoadSample[]>>
  coldClick: Partial<Record<Variant, (PanelTiming | null)[]>>
  hoverClick: Partial<Record<Variant, (PanelTiming | null)[]>>
  memory: Partial<Record<Variant, MemorySample[]>>
  lighthouse: Partial<Record<Variant, LighthouseSample[]>>
  /** The same under devtools throttling (the load really slowed 4×). */
  lighthouseDevtools: Partial<Record<Variant, LighthouseSample[]>>
  /** Console errors, page errors and failed requests of every page, by variant. */
  problems?: Partial<Record<Variant, Problem[]>>
  /** Whether each peer can run under the strict CSP, and if not, why. */
  csp?: CspVerdict[]
}

/** The measurements, each a series of samples per variant. */
type Series = 'load' | 'coldClick' | 'hoverClick' | 'memory' | 'lighthouse' | 'lighthouseDevtools'

function emptySamples(variants: Variant[], csp: CspVerdict[]): Samples {
  const each = <T>() => Object.fromEntries(variants.map((v) => [v, [] as T[]])) as Partial<Record<Variant, T[]>>
  const widgets = variants.filter((v) => widgetOf(v))
  const eachWidget = <T>(only = widgets) => Object.fromEntries(only.map((v) => [v, [] as T[]])) as Partial<Record<Variant, T[]>>
  return {
    load: each(),
    coldClick: eachWidget(),
    hoverClick: eachWidget(),
    memory: eachWidget(widgets.filter(onStorePage)),
    lighthouse: each(),
    lighthouseDevtools: each(),
    problems: each(),
    csp,
  }
}

const onStorePage = (v: Variant) => VARIANT_SPECS[v].page == 'store'

/** Records a page's problems under its variant, measurement and run. */
const sinkFor = (samples: Samples, v: Variant, measure: Series, run: number) => (message: string) => void samples.problems![v]!.push({ measure, run, message })

/**
 * One measurement of one variant, its problems recorded; a measurement that fails (a widget that never shows
 * its launcher, say) is recorded as a problem and leaves no sample, and the run goes on to the others.
 */
async function measureOne<T>(samples: Samples, v: Variant, measure: Series, run: number, fn: (sink: ProblemSink) => Promise<T>) {
  const sink = sinkFor(samples, v, measure, run)
  try {
    const sample = await fn(sink)
    if (run > 0) (samples[measure] as Partial<Record<Variant, T[]>>)[v]!.push(sample)
  } catch (error) {
    sink(`${measure} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
}

function buildDist() {
  log('building dist/ (npm run build; --no-build skips this)…')
  const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', shell: process.platform == 'win32' })
  if (b.status != 0) {
    process.stderr.write(b.stdout + b.stderr)
    throw new Error('npm run build failed')
  }
}

/** Which peers run under the strict CSP: the variants to measure, and the verdicts for the report. */
async function variantsToMeasure(browser: Browser, site: BenchSite): Promise<{ variants: Variant[]; csp: CspVerdict[] }> {
  const csp: CspVerdict[] = []
  for (const v of VARIANTS.filter(isPeerUnderCsp)) {
    const verdict = await checkCsp(browser, site, v)
    log(`${v}: ${verdict.runs ? 'runs under the strict CSP' : `not measured, cannot run under the strict CSP: ${verdict.reason}`}`)
    csp.push(verdict)
  }
  return { variants: VARIANTS.filter((v) => !isPeerUnderCsp(v) || csp.some((c) => c.variant == v && c.runs)), csp }
}

async function measureInBrowser(browser: Browser, site: BenchSite, samples: Samples, variants: Variant[], options: Options, started: number) {
  const widgets = variants.filter((v) => widgetOf(v))
  // One untimed load of each page first (run 0: its problems are kept, not its numbers): the browser's and
  // the OS's caches warm, the servers' JIT too.
  for (const v of variants) await measureOne(samples, v, 'load', 0, (sink) => measureLoad(browser, site, v, sink))
  for (let run = 1; run <= options.runs; run++) {
    // Variants interleaved, so drift in the machine's speed spreads over all of them.
    for (const v of variants) await measureOne(samples, v, 'load', run, (sink) => measureLoad(browser, site, v, sink))
    for (const v of widgets) await measureOne(samples, v, 'coldClick', run, (sink) => measureColdClick(browser, site, v, sink))
    for (const v of widgets) await measureOne(samples, v, 'hoverClick', run, (sink) => measureHoverClick(browser, site, v, sink))
    // Memory is the widget's own, whatever the page: measured on the store page.
    for (const v of widgets.filter(onStorePage)) await measureOne(samples, v, 'memory', run, (sink) => measureMemory(browser, site, v, sink))
    log(`playwright run ${run}/${options.runs} done (${since(started)})`)
  }
}

async function measureWithLighthouse(site: BenchSite, samples: Samples, variants: Variant[], options: Options, started: number) {
  const lh = await startLighthouse()
  try {
    for (let run = 1; run <= options.runs; run++) {
      for (const measure of ['lighthouse', 'lighthouseDevtools'] as const) {
        for (const v of variants) {
          await measureOne(samples, v, measure, run, async (sink) => {
            const sample = await lh.run(site.url(v), measure == 'lighthouse' ? 'simulate' : 'devtools')
            for (const message of lighthouseProblems(sample)) sink(message)
            return sample
          })
        }
      }
      log(`lighthouse run ${run}/${options.runs} done (${since(started)})`)
    }
  } finally {
    await lh.close()
  }
}

function environment(options: Options, variants: Variant[], started: number, samples: Samples) {
  const index = stat(
    Object.values({ ...samples.lighthouse, ...samples.lighthouseDevtools })
      .flat()
      .map((s) => s!.benchmarkIndex)
      .filter((n) => Number.isFinite(n)),
  )
  return {
    date: new Date().toISOString(),
    node: process.version,
    chromium: spawnSync(process.env.CHROME_PATH || '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim(),
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    runs: options.runs,
    cpuSlowdown: CPU_SLOWDOWN,
    // Lighthouse's CPU index of this machine over all its runs (its 4× is meant for 1500–2000).
    benchmarkIndex: index.median == null ? null : { median: Math.round(index.median), min: Math.round(index.min!), max: Math.round(index.max!) },
    lighthouse: options.lighthouse ? `Lighthouse ${lighthouseVersion()} mobile preset, 4× CPU, simulated and devtools throttling` : 'Lighthouse skipped',
    variants,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  }
}

/** Says on stderr, too, when any page had console errors or failed requests: a broken peer must not pass unseen. */
function warnOfProblems(samples: Samples) {
  for (const [v, list] of Object.entries(samples.problems ?? {})) {
    if (list?.length) log(`WARNING: ${v}: ${list.length} console error(s)/failed request(s), e.g. ${list[0]!.message.slice(0, 200)}`)
  }
}

async function main() {
  const options = readOptions()
  const started = Date.now()
  if (options.build) buildDist()

  const site = await startSite()
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-bench-'))
  const api = await startServer({ port: 0, dataDir, quiet: true, allowedOrigins: [site.origin] })
  site.useApi(api.url)
  log(`store site ${site.origin}, loyalty API ${api.url}/v1; ${options.runs} run(s)`)

  let samples: Samples | undefined
  let variants: Variant[] = []
  try {
    const browser = await launchBrowser()
    try {
      const plan = await variantsToMeasure(browser, site)
      variants = plan.variants
      samples = emptySamples(variants, plan.csp)
      await measureInBrowser(browser, site, samples, variants, options, started)
    } finally {
      await browser.close()
    }
    if (options.lighthouse) await measureWithLighthouse(site, samples, variants, options, started)
  } finally {
    await api.close()
    await site.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const report = buildReport(samples, { site: site.origin, api: api.url, gzipBytes: site.gzipBytes })
  const env = environment(options, variants, started, samples)
  writeFileSync(options.out, JSON.stringify({ environment: env, summary: report.summary, targets: report.targets, samples }, null, 2) + '\n')
  console.log(report.markdown(env))
  warnOfProblems(samples)
  log(`raw numbers: ${options.out} (${since(started)} in all)`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error)
    process.exit(1)
  },
)
