/**
 * Real-browser harness: Debian's Chromium through playwright-core, against the
 * reference server started in-process on a free port with a throw-away database.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startDemo as startServer } from '../../demo/start.ts'
import type { RunningServer } from '../../server/src/start.ts'

/** Debian's Chromium (or CHROME_PATH), and the flags every run here needs (the benchmark adds its own). */
export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium'
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
}

export interface Demo {
  server: RunningServer
  dataDir: string
  restart(): Promise<void>
  stop(): Promise<void>
}

/** The reference server with the demo store; `restart()` keeps the data directory and the port. */
export async function startDemo(extra: { campaignAroundNow?: boolean } = {}): Promise<Demo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-browser-'))
  const options = {
    ...extra,
    port: 0,
    dataDir,
    quiet: true,
    signupLimit: 1000,
    rateLimits: 'claim=10000,redeem=10000,referral=10000',
    secret: 'browser-test-secret-0123456789abcdef',
  }
  const demo: Demo = {
    server: await startServer(options),
    dataDir,
    async restart() {
      const port = demo.server.port
      await demo.server.close()
      demo.server = await startServer({ ...options, port })
    },
    async stop() {
      await demo.server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return demo
}

/** Everything a page must never do to its host: uncaught errors, unhandled rejections, CSP violations. */
export async function watch(page: Page) {
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message))
  page.on('console', (m) => {
    if (m.type() == 'error') problems.push('console.error: ' + m.text())
  })
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] }
    w.__violations = []
    addEventListener('unhandledrejection', (e) => w.__violations.push('unhandledrejection: ' + String(e.reason)))
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`csp: ${e.violatedDirective} ${e.blockedURI}`))
  })
  return async () => [...problems, ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))]
}
