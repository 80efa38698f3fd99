/**
 * The npm entry's first open (npm run bench:npm-click): the Vite app `npm test` builds with `loyalkit`
 * as a package, served on an origin of its own, the reference server on another, at 4× CPU. The app
 * makes the widget, the launcher is drawn, the page rests, then the pointer arrives and clicks at once
 * (as `npm run bench` clicks the script tag's). Each run prints the ms from the click event to the first
 * frame with the panel open and its offer to join shown, in the app's language. The npm entry fetches nothing ahead while the page is idle (the script tag's facade
 * does): the click waits for the UI's chunk, the program and, in another language, its pack.
 *
 * `--latency MS` adds that much to every request, as a phone's network would (loopback has none), so
 * the round trips on the click's path show; `--lang TAG` is the app's `locale`. Uses dist/ as it is
 * (build first). Loopback only; it stops what it starts.
 *
 *   npx tsx bench/npm-click.ts [--runs N] [--latency MS] [--lang TAG]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { startDemo } from '../demo/start.ts'
import { contentType, resolveInside } from '../server/src/http/static-files.ts'
import { buildViteApp } from '../test/vite-app.ts'
import { launchBrowser, throttle } from './browser.ts'
import { medianAndWorst } from './tool-site.ts'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    latency: { type: 'string', default: '0' },
    lang: { type: 'string', default: 'en' },
  },
})
const RUNS = Number(args.runs)
const LATENCY = Number(args.latency)
const LANG = args.lang
const JOIN: string = (await import(`../src/i18n/locales/${LANG}.ts`)).default.join

/** The built app's files on a loopback origin, cacheable as a CDN would serve them. */
async function serve(dir: () => string) {
  const site = createServer(async (req, res) => {
    const file = await resolveInside(dir(), new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html'))
    if (!file) return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': contentType(file), 'Cache-Control': 'public, max-age=3600' }).end(readFileSync(file))
  })
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
  return { origin: `http://127.0.0.1:${(site.address() as AddressInfo).port}`, close: () => new Promise((r) => site.close(r)) }
}

/** Set before the click: resolves with the ms from the click event to the open panel offering to join (null after 30 s). */
const PANEL_WATCH = `window.__clickToPanel = new Promise((resolve) => {
  let at = 0
  addEventListener('click', (e) => (at ||= e.timeStamp), { capture: true })
  setTimeout(() => resolve(null), 30000)
  const tick = () => {
    const dialog = document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog')
    if (at && dialog?.open && [...dialog.querySelectorAll('button')].some((b) => b.textContent.trim() == ${JSON.stringify(JOIN)})) return resolve(performance.now() - at)
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}); undefined`

/** One load in a fresh context (an empty cache, as a first visit): the app started, idle, then the click. */
async function timeClick(browser: Browser, origin: string): Promise<number | null> {
  const context = await browser.newContext()
  context.setDefaultTimeout(20_000)
  try {
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await throttle(cdp)
    if (LATENCY) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 })
    await page.goto(origin + '/')
    await page.getByRole('button', { name: 'Start' }).click()
    const launcher = page.locator('loyalkit-widget').getByRole('button')
    await launcher.waitFor()
    await page.waitForTimeout(1500)
    await page.evaluate(PANEL_WATCH)
    const box = (await launcher.boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    return (await page.evaluate('window.__clickToPanel')) as number | null
  } finally {
    await context.close()
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-bench-npm-'))
let app: Awaited<ReturnType<typeof buildViteApp>> | undefined
const site = await serve(() => app!.outDir)
const api = await startDemo({ port: 0, dataDir, quiet: true, allowedOrigins: [site.origin], storeWebhooks: false })
let browser: Browser | undefined
try {
  const options = { endpoint: api.url + '/v1', program: 'pk_demo_trailpack', locale: LANG }
  app = await buildViteApp("import { createLoyalty } from 'loyalkit'", `window.loyalty = createLoyalty(${JSON.stringify(options)})`)
  browser = await launchBrowser()
  console.log(`npm entry, a Vite app in "${LANG}", ${LATENCY} ms added to every request, 4× CPU: the pointer arrives and clicks at once`)
  const times: number[] = []
  for (let run = 1; run <= RUNS; run++) {
    const ms = await timeClick(browser, site.origin)
    // A panel that never opens (or not in the app's language) is broken, not slow: said, and the run fails.
    if (ms == null) {
      console.log(`run ${run}: no panel saying "${JOIN}" within 30 s of the click`)
      process.exitCode = 1
      continue
    }
    times.push(ms)
    console.log(`run ${run}: ${ms.toFixed(0)} ms to the panel`)
  }
  console.log(medianAndWorst(times))
} finally {
  await browser?.close()
  await api.close()
  await site.close()
  app?.remove()
  rmSync(dataDir, { recursive: true, force: true })
}
