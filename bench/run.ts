/**
 * `npm run bench` — Loyalkit's performance benchmark.
 *
 * Serves the Trailpack store page three ways from one local process (no widget,
 * Loyalkit's script tag, the Typebot bubble from npm), measures each in
 * /usr/bin/chromium (or CHROME_PATH) through Lighthouse's mobile preset and
 * (simulated and devtools throttling) and through playwright-core + CDP at 4× CPU
 * throttle, prints a markdown table
 * (median, min–max) and writes every raw number to bench/results.json.
 *
 *   npm run bench                 5 runs of everything (≈ 6–8 min on 2 cores)
 *   npm run bench -- --quick      1 run of everything (≈ 1.5–2 min)
 *   options: --runs N, --no-build (use dist/ as it is), --no-lighthouse, --out FILE
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDemo as startServer } from '../demo/start.ts'
import {
  CPU_SLOWDOWN,
  launchBrowser,
  measureColdClick,
  measureHoverClick,
  measureLoad,
  measureMemory,
  type LoadSample,
  type MemorySample,
  type PanelTiming,
} from './browser.ts'
import { startLighthouse, type LighthouseSample } from './lighthouse.ts'
import { buildReport } from './report.ts'
import { ROOT, startSite, VARIANTS, type Variant } from './server.ts'
import { WIDGETS } from './widgets.ts'
import { cliArgs } from '../test/cli-args.ts'

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

export interface Samples {
  load: Record<Variant, LoadSample[]>
  coldClick: Partial<Record<Variant, (PanelTiming | null)[]>>
  hoverClick: Partial<Record<Variant, (PanelTiming | null)[]>>
  memory: Partial<Record<Variant, MemorySample[]>>
  lighthouse: Record<Variant, LighthouseSample[]>
  /** The same under devtools throttling (the load really slowed 4×). */
  lighthouseDevtools: Record<Variant, LighthouseSample[]>
}

async function main() {
  const options = readOptions()
  const started = Date.now()
  if (options.build) {
    log('building dist/ (npm run build; --no-build skips this)…')
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', shell: process.platform == 'win32' })
    if (b.status != 0) {
      process.stderr.write(b.stdout + b.stderr)
      throw new Error('npm run build failed')
    }
  }

  const site = await startSite()
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-bench-'))
  const api = await startServer({ port: 0, dataDir, quiet: true, allowedOrigins: [site.origin] })
  site.useApi(api.url)
  log(`store site ${site.origin}, loyalty API ${api.url}/v1; ${options.runs} run(s)`)

  const samples: Samples = {
    load: { bare: [], loyalkit: [], typebot: [] },
    coldClick: { loyalkit: [], typebot: [] },
    hoverClick: { loyalkit: [], typebot: [] },
    memory: { loyalkit: [], typebot: [] },
    lighthouse: { bare: [], loyalkit: [], typebot: [] },
    lighthouseDevtools: { bare: [], loyalkit: [], typebot: [] },
  }
  const widgets = VARIANTS.filter((v) => WIDGETS[v])
  try {
    const browser = await launchBrowser()
    try {
      // One untimed load of each page first: the browser's and the OS's caches warm, the servers' JIT too.
      for (const v of VARIANTS) await measureLoad(browser, site, v)
      for (let run = 1; run <= options.runs; run++) {
        // Variants interleaved, so drift in the machine's speed spreads over all of them.
        for (const v of VARIANTS) samples.load[v].push(await measureLoad(browser, site, v))
        for (const v of widgets) samples.coldClick[v]!.push(await measureColdClick(browser, site, v))
        for (const v of widgets) samples.hoverClick[v]!.push(await measureHoverClick(browser, site, v))
        for (const v of widgets) samples.memory[v]!.push(await measureMemory(browser, site, v))
        log(`playwright run ${run}/${options.runs} done (${since(started)})`)
      }
    } finally {
      await browser.close()
    }
    if (options.lighthouse) {
      const lh = await startLighthouse()
      try {
        for (let run = 1; run <= options.runs; run++) {
          for (const v of VARIANTS) samples.lighthouse[v].push(await lh.run(site.url(v), 'simulate'))
          for (const v of VARIANTS) samples.lighthouseDevtools[v].push(await lh.run(site.url(v), 'devtools'))
          log(`lighthouse run ${run}/${options.runs} done (${since(started)})`)
        }
      } finally {
        await lh.close()
      }
    }
  } finally {
    await api.close()
    await site.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const report = buildReport(samples, { site: site.origin, api: api.url, gzipBytes: site.gzipBytes })
  const environment = {
    date: new Date().toISOString(),
    node: process.version,
    chromium: spawnSync(process.env.CHROME_PATH || '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim(),
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    runs: options.runs,
    cpuSlowdown: CPU_SLOWDOWN,
    lighthouse: options.lighthouse ? `Lighthouse ${lighthouseVersion()} mobile preset, 4× CPU, simulated and devtools throttling` : 'Lighthouse skipped',
    durationSeconds: Math.round((Date.now() - started) / 1000),
  }
  writeFileSync(options.out, JSON.stringify({ environment, summary: report.summary, targets: report.targets, samples }, null, 2) + '\n')
  console.log(report.markdown(environment))
  log(`raw numbers: ${options.out} (${since(started)} in all)`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack : error)
    process.exit(1)
  },
)
