/**
 * What the bench's single-question tools (bench:click, bench:boot) stand on: the store site, the
 * reference server behind it (loopback, a temporary folder) and Chromium. `use` runs with them, and
 * everything is stopped after, whatever happens.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { startDemo } from '../demo/start.ts'
import { launchBrowser } from './browser.ts'
import { type BenchSite, startSite } from './server.ts'
import { stat } from './stats.ts'

export async function withSite(use: (site: BenchSite, browser: Browser) => Promise<void>): Promise<void> {
  const site = await startSite()
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-bench-tool-'))
  let api: Awaited<ReturnType<typeof startDemo>> | undefined
  let browser: Browser | undefined
  try {
    api = await startDemo({ port: 0, dataDir, quiet: true, allowedOrigins: [site.origin] })
    site.useApi(api.url)
    browser = await launchBrowser()
    await use(site, browser)
  } finally {
    await browser?.close()
    await api?.close()
    await site.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** "median M ms, worst W ms over N run(s)". */
export function medianAndWorst(values: number[], digits = 0): string {
  const s = stat(values)
  return `median ${s.median?.toFixed(digits)} ms, worst ${s.max?.toFixed(digits)} ms over ${s.n} run(s)`
}
