/**
 * Lighthouse, mobile preset (its default config: Moto G Power–sized screen, slow 4G
 * and 4× CPU slowdown, what PageSpeed Insights runs), performance category only,
 * against one Chromium kept open for all runs. Two ways to throttle: `simulate`
 * (Lighthouse's default: an unthrottled load, its timings then projected) and
 * `devtools` (the load really runs throttled, CPU 4× slower: what a phone pays,
 * long tasks and boot-up included).
 */
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { CHROMIUM, CHROMIUM_FLAGS } from './browser.ts'

export interface LighthouseSample {
  score: number
  fcp: number
  lcp: number
  tbt: number
  cls: number
  speedIndex: number
  /** Long tasks as Lighthouse lists them (≥ 50 ms), with the script it attributes each to. */
  longTasks: { url: string; start: number; duration: number }[]
  /** Script evaluation + parse time per URL (bootup-time audit), ms. */
  bootup: { url: string; scripting: number; parse: number }[]
  /** Requests of the page load: url, resource type, transfer bytes, HTTP status (-1: the request failed). */
  requests: { url: string; type: string; transferSize: number; status: number }[]
  warnings: string[]
  /**
   * Lighthouse's measure of this machine's CPU (`benchmarkIndex`). Its 4× slowdown is meant for a
   * high-end desktop (1500–2000), taking it to a mid-tier phone; on a slower machine the same 4× is a
   * slower phone than that, so the machine's index goes beside every CPU-bound number.
   */
  benchmarkIndex: number
}

interface Audit {
  numericValue?: number
  details?: { items?: Record<string, unknown>[] }
}

export type Throttling = 'simulate' | 'devtools'

export interface LighthouseRunner {
  run(url: string, throttling?: Throttling): Promise<LighthouseSample>
  close(): Promise<void>
}

export async function startLighthouse(): Promise<LighthouseRunner> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
    logLevel: 'silent',
  })
  return {
    async run(url, throttling = 'simulate') {
      // bootup-time lists only scripts of 50 ms or more by default: every script is listed here, so a widget under that shows its real time, not 0.
      const config = { extends: 'lighthouse:default', audits: [{ path: 'bootup-time', options: { thresholdInMs: 0 } }] } as const
      const result = await lighthouse(
        url,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], throttlingMethod: throttling },
        config as never,
      )
      if (!result) throw new Error('Lighthouse returned nothing for ' + url)
      const lhr = result.lhr
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
      const audits = lhr.audits as Record<string, Audit>
      const num = (id: string) => {
        const v = audits[id]?.numericValue
        if (typeof v != 'number') throw new Error(`Lighthouse audit ${id} has no value`)
        return v
      }
      const items = (id: string) => audits[id]?.details?.items ?? []
      return {
        score: (lhr.categories.performance?.score ?? 0) * 100,
        fcp: num('first-contentful-paint'),
        lcp: num('largest-contentful-paint'),
        tbt: num('total-blocking-time'),
        cls: num('cumulative-layout-shift'),
        speedIndex: num('speed-index'),
        longTasks: items('long-tasks').map((i) => ({ url: String(i.url), start: Number(i.startTime), duration: Number(i.duration) })),
        bootup: items('bootup-time').map((i) => ({ url: String(i.url), scripting: Number(i.scripting), parse: Number(i.scriptParseCompile) })),
        requests: items('network-requests').map((i) => ({
          url: String(i.url),
          type: String(i.resourceType),
          transferSize: Number(i.transferSize),
          status: Number(i.statusCode),
        })),
        warnings: lhr.runWarnings ?? [],
        benchmarkIndex: Number(lhr.environment?.benchmarkIndex),
      }
    },
    async close() {
      await chrome.kill()
    },
  }
}

/** What went wrong in a Lighthouse load: failed requests, HTTP errors, and Lighthouse's own warnings about the run. */
export function lighthouseProblems(s: LighthouseSample): string[] {
  const failed = s.requests.filter((r) => r.status < 100 || r.status >= 400).map((r) => (r.status < 100 ? 'failed request: ' : `HTTP ${r.status}: `) + r.url)
  return [...failed, ...s.warnings.map((w) => 'Lighthouse warning: ' + w)]
}
