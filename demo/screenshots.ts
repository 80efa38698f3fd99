/**
 * `npm run screenshots` (the npm script builds first): a PNG of every view of the widget's panel (`VIEWS` in
 * src/core/events.ts), as a guest and as a member, in four variants (light, dark, 320 px wide, Arabic), taken
 * in Debian's Chromium from the Trailpack demo store, into docs/screenshots/ (names: demo/screenshot-files.ts).
 * PNGs of views or variants that no longer exist are removed; test/unit/screenshots.test.ts fails when a view
 * has none.
 *
 * The demo runs in this process on a free loopback port with a throwaway PGlite folder, and everything is
 * stopped at the end, also on failure or Ctrl-C. Re-running gives the same images while the UI is the same:
 * - one clock: the server, its tokens and PGlite (whose now() reads Date.now) run on a shifted clock, so the
 *   member (Anna, whom the store's "Sign in as Anna" signs in) joins on 2 November 2026 and the pictures are
 *   taken on 20 November 2026; the page's clock is fixed there too;
 * - the codes the server draws at random (Anna's referral code, her coupon's) are replaced by fixed ones in the
 *   database, and referral links point to the program's `storeUrl` instead of the random port;
 * - no animation (reduced motion), fixed viewports, device scale factor 1, UTC, en-US, and each image is taken
 *   again until two in a row are the same.
 * The images depend on the fonts installed (on Debian: DejaVu, which also has Arabic).
 *
 * With `--check` it writes nothing: it says which pictures no longer show the UI as it is (pixel by pixel,
 * so a PNG encoded differently is no change; nor is a picture's edge scaled a step apart on another CPU,
 * see samePixels), which are missing and which are left over, and fails if any are. `npm test` runs it (test/run.ts), so a change to how the UI looks comes with its pictures.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'
import type { Member, RedemptionResult, SignUpResult } from '../src/core/contract.ts'
import { VIEWS } from '../src/core/events.ts'
import type { RunningServer } from '../server/src/start.ts'
import { CHROMIUM, CHROMIUM_FLAGS, watch } from '../test/browser/harness.ts'
import { AUDIENCES, type Audience, parseScreenshotFile, SCREENSHOTS_DIR, screenshotFile, VARIANTS, type Variant } from './screenshot-files.ts'
import { DEMO_PROGRAM, startDemo } from './start.ts'

/** When the pictures are taken (the page's clock, and the server's from then on). */
const NOW = '2026-11-20T12:00:00.000Z'
/** The shopper the store's "Sign in as Anna" signs in (demo/store/store.js), and a friend she referred. */
const ANNA = { customerId: 'cust_anna', email: 'anna@example.com', name: 'Anna' }
const BEN = { email: 'ben@example.com', name: 'Ben' }
/** Fixed stand-ins for the codes the server draws at random (same alphabet and shape). */
const ANNA_REFERRAL_CODE = 'ANNA2026'
const ANNA_COUPON_CODE = 'TP-7KQ2-M4XD-9HVA'
/** Where referral links point (the program's `storeUrl`): the same host as the program's terms page. */
const STORE_URL = 'https://trailpack.example'

/** Which Chromium took the pictures: another one draws text a pixel apart, which is no change of the UI. */
const TAKEN_WITH = join(SCREENSHOTS_DIR, 'taken-with.txt')

const DESKTOP = { width: 1024, height: 800 }
const SETUP: Record<Variant, { viewport: { width: number; height: number }; attributes: Record<string, string>; whole: 'panel' | 'viewport' }> = {
  light: { viewport: DESKTOP, attributes: {}, whole: 'panel' },
  dark: { viewport: DESKTOP, attributes: { 'data-theme': 'dark' }, whole: 'panel' },
  // Below 480 px the panel is a full-screen sheet: the viewport is the picture.
  '320px': { viewport: { width: 320, height: 640 }, attributes: {}, whole: 'viewport' },
  // Arabic: the panel reads right to left.
  ar: { viewport: DESKTOP, attributes: { 'data-locale': 'ar' }, whole: 'panel' },
}

/**
 * This process's clock, shifted: `Date.now()` and `new Date()` give `set(at)`'s time plus the real time
 * elapsed since. The in-process server, its tokens and PGlite's now() (Emscripten reads Date.now) follow it.
 */
function shiftClock(): { set(at: string): void } {
  const Real = Date
  let offset = 0
  const now = () => Real.now() + offset
  globalThis.Date = new Proxy(Real, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget),
    apply: (target, self, args) => (args.length ? Reflect.apply(target, self, args) : new Real(now()).toString()),
    get: (target, key, receiver) => (key == 'now' ? now : Reflect.get(target, key, receiver)),
  })
  return {
    set(at) {
      offset = Real.parse(at) - Real.now()
    },
  }
}

interface Call {
  body?: unknown
  token?: string
}

/** The loyalty API (or a /_demo route) as the store's server or the shopper's browser calls it. */
async function call<T>(server: RunningServer, path: string, o: Call = {}): Promise<T> {
  const method = o.body === undefined ? 'GET' : 'POST'
  const response = await fetch(server.url + path, {
    method,
    headers: {
      'X-Loyalkit-Program': server.deps.def.key,
      'Accept-Language': 'en',
      ...(o.token && { Authorization: 'Bearer ' + o.token }),
      ...(o.body !== undefined && { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() }),
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return (text ? JSON.parse(text) : null) as T
}

/**
 * Anna's three weeks as a member, through the demo's routes and the real API: she joins (her token from
 * /_demo/token, as the store's sign-in gets it), buys through the store's order API, subscribes to the
 * newsletter, refers Ben (who joins and buys), redeems free shipping, and buys again as a Silver member.
 */
async function seed(server: RunningServer, clock: { set(at: string): void }): Promise<Member> {
  const annaToken = async () => (await call<{ token: string }>(server, '/_demo/token', { body: ANNA })).token
  const order = (id: string, customer: { id?: string; email: string }, amount: number) =>
    call(server, '/v1/orders', { token: server.deps.config.apiKey, body: { id, customer, amount, currency: server.deps.def.currency } })
  const pin = async (sql: string, params: unknown[]) => {
    if ((await server.db.query(sql + ' RETURNING 1', params)).length != 1) throw new Error(`screenshots: could not pin a code (${sql})`)
  }

  clock.set('2026-11-02T09:30:00Z')
  const joined = await call<SignUpResult>(server, '/v1/members', {
    token: await annaToken(),
    body: { email: ANNA.email, name: ANNA.name, consent: { terms: true, marketing: true } },
  })
  await pin('UPDATE members SET referral_code = $2 WHERE id = $1', [joined.member.id, ANNA_REFERRAL_CODE])
  clock.set('2026-11-05T18:12:00Z')
  await order('TP-10482', { id: ANNA.customerId, email: ANNA.email }, 249)
  clock.set('2026-11-08T08:05:00Z')
  await call(server, '/v1/members/me/claims', { token: await annaToken(), body: { ruleId: 'newsletter' } })
  clock.set('2026-11-10T20:41:00Z')
  await call(server, '/v1/members', {
    body: { email: BEN.email, name: BEN.name, consent: { terms: true, marketing: false }, referralCode: ANNA_REFERRAL_CODE },
  })
  clock.set('2026-11-11T12:20:00Z')
  await order('TP-10517', { email: BEN.email }, 89)
  clock.set('2026-11-14T19:02:00Z')
  const redeemed = await call<RedemptionResult>(server, '/v1/members/me/redemptions', { token: await annaToken(), body: { rewardId: 'free-shipping' } })
  await pin('UPDATE redemptions SET code = $2 WHERE id = $1', [redeemed.redemption.id, ANNA_COUPON_CODE])
  clock.set('2026-11-17T10:48:00Z')
  await order('TP-10563', { id: ANNA.customerId, email: ANNA.email }, 119)
  clock.set(NOW)

  const anna = await call<Member>(server, '/v1/members/me', { token: await annaToken() })
  // The pictures are only repeatable if the clock held: PGlite's dates must be the shifted ones.
  if (!anna.createdAt.startsWith('2026-11-02')) throw new Error(`screenshots: the demo's clock did not hold (Anna joined at ${anna.createdAt})`)
  if (anna.referral.url != `${STORE_URL}/?ref=${ANNA_REFERRAL_CODE}`) throw new Error(`screenshots: unexpected referral link ${anna.referral.url}`)
  return anna
}

type PageWindow = { loyalkit(command: string, ...args: unknown[]): Promise<unknown>; __member?: Promise<number | null> }

/** Loaded: the panel's title, something in its body, and no skeleton left (activity fetches after it opens). */
async function drawn(page: Page, dialog: Locator): Promise<void> {
  // Let Preact draw the view the command chose before looking (it renders on the next tick).
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
  await dialog.getByRole('heading', { level: 2 }).waitFor()
  await dialog.locator('.bd:has(> *):not(:has([aria-busy=true]))').waitFor()
  // The program's pictures are lazy and decoded off the main thread: each one loaded (or failed) and
  // decoded before the picture is taken, so that two runs draw the same thing. (`complete` alone is not
  // enough: two frames in a row can still be drawn before an image is, and match.)
  await page.waitForFunction(() => [...(document.querySelector('loyalkit-widget')?.shadowRoot?.querySelectorAll('img') ?? [])].every((i) => i.complete))
  await page.evaluate(() =>
    Promise.all([...(document.querySelector('loyalkit-widget')?.shadowRoot?.querySelectorAll('img') ?? [])].map((i) => i.decode().catch(() => {}))),
  )
}

/** A picture of the panel (or the viewport), taken again until two in a row are the same. */
async function steadyShot(page: Page, dialog: Locator, whole: 'panel' | 'viewport'): Promise<Buffer> {
  const options = { animations: 'disabled', caret: 'hide' } as const
  const take = () => (whole == 'panel' ? dialog.screenshot(options) : page.screenshot(options))
  let last = await take()
  for (let i = 0; i < 20; i++) {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
    const next = await take()
    if (next.equals(last)) return next
    last = next
  }
  throw new Error('screenshots: the panel kept changing')
}

/** Open the panel on `view` from closed, wait until drawn, and take it. */
async function shoot(page: Page, view: string, whole: 'panel' | 'viewport'): Promise<Buffer> {
  const dialog = page.getByRole('dialog')
  await page.evaluate(() => (window as unknown as PageWindow).loyalkit('close'))
  await dialog.waitFor({ state: 'hidden' })
  await page.evaluate((v) => (window as unknown as PageWindow).loyalkit('open', v), view)
  await drawn(page, dialog)
  return steadyShot(page, dialog, whole)
}

/** One variant: a fresh browser context on the store, every view as a guest, then signed in as Anna. */
async function shootVariant(browser: Browser, server: RunningServer, variant: Variant): Promise<Map<string, Buffer>> {
  const setup = SETUP[variant]
  const context: BrowserContext = await browser.newContext({
    viewport: setup.viewport,
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  })
  try {
    await context.clock.setFixedTime(NOW)
    const attributes = Object.entries(setup.attributes)
    if (attributes.length) {
      // The widget's script tag as an integrator would write it for this variant.
      await context.route(
        (url) => url.href == server.url + '/',
        async (route) => {
          const response = await route.fetch()
          const html = await response.text()
          // Beside its data-program (checked below: a page without one is served as it is).
          const at = html.indexOf(' data-program=')
          const added = attributes.map(([name, value]) => ` ${name}="${value}"`).join('')
          await route.fulfill({ response, body: at < 0 ? html : html.slice(0, at) + added + html.slice(at) })
        },
      )
    }
    const page = await context.newPage()
    const problems = await watch(page)
    await page.goto(server.url + '/')
    for (const [name, value] of attributes) {
      const tag = page.locator(`script[data-program][${name}="${value}"]`)
      if ((await tag.count()) != 1) throw new Error(`screenshots: the store page's widget tag did not get ${name}="${value}"`)
    }
    await page.locator('loyalkit-widget button[aria-expanded]').waitFor()
    // The store page is not drawn: around the panel's rounded corners there is only its backdrop.
    // (Through the CSSOM: the store's CSP refuses style elements and attributes.)
    await page.evaluate(() => {
      for (const e of document.body.children) if (e.localName != 'loyalkit-widget') (e as HTMLElement).style.visibility = 'hidden'
    })

    const shots = new Map<string, Buffer>()
    const taken: Record<Audience, Map<string, Buffer>> = { guest: new Map(), member: new Map() }
    for (const view of VIEWS) taken.guest.set(view, await shoot(page, view, setup.whole))

    const shown = await page.locator('loyalkit-widget').getAttribute('lang')
    if (setup.attributes['data-locale'] && shown != setup.attributes['data-locale']) {
      console.log(`${variant}: the widget shows "${shown}" (no "${setup.attributes['data-locale']}" pack yet); the pictures follow once one ships`)
    }

    // The store's own sign-in (its button, hidden now, clicked without moving the pointer over the panel).
    await page.evaluate(() => {
      const w = window as unknown as PageWindow
      w.__member = new Promise((done) =>
        document.addEventListener('loyalkit:identify', (e) => done((e as CustomEvent<{ member: Member | null }>).detail.member?.balance ?? null), {
          once: true,
        }),
      )
    })
    await page.locator('#sign-in').dispatchEvent('click')
    const signedIn = page.evaluate(() =>
      Promise.race([(window as unknown as PageWindow).__member, new Promise<null>((done) => setTimeout(() => done(null), 30_000))]),
    )
    if ((await signedIn) == null) throw new Error('screenshots: Anna was not signed in as a member within 30 s')
    for (const view of VIEWS) taken.member.set(view, await shoot(page, view, setup.whole))

    const found = await problems()
    if (found.length) throw new Error(`screenshots: the page reported problems in the ${variant} variant:\n  ${found.join('\n  ')}`)

    for (const view of VIEWS) {
      for (const audience of AUDIENCES) {
        const png = taken[audience].get(view)!
        // Only where the view differs: a member's picture the same as the guest's is not kept.
        if (audience == 'member' && png.equals(taken.guest.get(view)!)) continue
        shots.set(screenshotFile(view, audience, variant), png)
      }
    }
    return shots
  } finally {
    await context.close()
  }
}

/**
 * Write what changed, say so per file, and remove PNGs of views or variants that are gone. A picture that
 * shows the same pixels as the one there (as `--check` judges them) is left alone: no churn in the history
 * from a machine that scales an image a step apart.
 */
async function save(browser: Browser, shots: Map<string, Buffer>): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true })
  await writeFile(TAKEN_WITH, browser.version() + '\n')
  let bytes = 0
  for (const [name, png] of shots) {
    const path = join(SCREENSHOTS_DIR, name)
    const before = await readFile(path).catch(() => null)
    const same = !!before && (before.equals(png) || (await samePixels(browser, before, png)))
    if (!same) await writeFile(path, png)
    bytes += png.length
    console.log(`${same ? 'unchanged' : 'wrote    '} ${relative(process.cwd(), path)} (${(png.length / 1024).toFixed(1)} KB)`)
  }
  for (const name of await readdir(SCREENSHOTS_DIR)) {
    if (name.endsWith('.png') && !shots.has(name)) {
      await rm(join(SCREENSHOTS_DIR, name))
      console.log(`removed   ${relative(process.cwd(), join(SCREENSHOTS_DIR, name))}${parseScreenshotFile(name) ? '' : ' (not a name of ours)'}`)
    }
  }
  console.log(`${shots.size} screenshots, ${(bytes / 1024).toFixed(0)} KB in ${relative(process.cwd(), SCREENSHOTS_DIR) || '.'}`)
}

/**
 * Whether two PNGs show the same pixels, decoded by the browser that took them. The same Chromium scales
 * the program's pictures through code paths of its CPU: on another machine a few pixels at an image's
 * edge come out one step apart (seen: 4 pixels, by 1 of 255). That is no change of the UI, so a channel
 * may differ by at most 2 in at most one pixel in a thousand; any change one could see (a color, a
 * border, a line of text moved) differs by more, or in more pixels.
 */
async function samePixels(browser: Browser, a: Buffer, b: Buffer): Promise<boolean> {
  const page = await browser.newPage()
  try {
    return await page.evaluate(
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      async (both) => {
        const [p, q] = await Promise.all(
          both.map(async (b64) => {
            const bitmap = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob())
            const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!
            context.drawImage(bitmap, 0, 0)
            return { w: bitmap.width, h: bitmap.height, data: context.getImageData(0, 0, bitmap.width, bitmap.height).data }
          }),
        )
        if (p!.w != q!.w || p!.h != q!.h) return false
        let apart = 0
        for (let i = 0; i < p!.data.length; i += 4) {
          const most = Math.max(...[0, 1, 2, 3].map((k) => Math.abs(p!.data[i + k]! - q!.data[i + k]!)))
          if (most > 2) return false
          if (most) apart++
        }
        return apart <= (p!.w * p!.h) / 1000
      },
      [a.toString('base64'), b.toString('base64')],
    )
  } finally {
    await page.close()
  }
}

/**
 * `--check`: what in docs/screenshots/ no longer shows the UI as it is; nothing written. Pictures taken by
 * another Chromium are not compared (said so), only counted.
 */
async function check(browser: Browser, shots: Map<string, Buffer>): Promise<{ stale: string[]; compared: boolean }> {
  const stale: string[] = []
  const takenWith = (await readFile(TAKEN_WITH, 'utf8').catch(() => '')).trim()
  const compare = takenWith == browser.version()
  if (!compare) console.log(`screenshots: taken with Chromium ${takenWith || '(unknown)'}, this is ${browser.version()}: not compared pixel by pixel`)
  for (const [name, png] of shots) {
    const before = await readFile(join(SCREENSHOTS_DIR, name)).catch(() => null)
    if (!before) stale.push(`${name}: missing`)
    else if (compare && !before.equals(png) && !(await samePixels(browser, before, png))) stale.push(`${name}: the UI looks different now`)
  }
  for (const name of await readdir(SCREENSHOTS_DIR).catch(() => [])) {
    if (name.endsWith('.png') && !shots.has(name)) stale.push(`${name}: no such view or variant any more`)
  }
  return { stale, compared: compare }
}

let interrupted = false

async function main(): Promise<void> {
  const clock = shiftClock()
  clock.set('2026-11-01T08:00:00Z')
  const folder = await mkdtemp(join(tmpdir(), 'loyalkit-screenshots-'))
  let server: RunningServer | undefined
  let browser: Browser | undefined
  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      await browser?.close().catch(() => {})
      await server?.close().catch(() => {})
      await rm(folder, { recursive: true, force: true })
    })())
  // Ctrl-C or a CI timeout must not leave the browser, the server or the folder behind.
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true
    console.error(`\n${signal}: stopping the browser and the demo`)
    void stop().finally(() => process.exit(signal == 'SIGINT' ? 130 : 143))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  // A run takes about a minute: one that hangs (a page that never draws) stops, with what it started.
  const watchdog = setTimeout(() => {
    console.error('screenshots: still running after 5 minutes; stopping')
    void stop().finally(() => process.exit(1))
  }, 5 * 60_000)
  try {
    const program = { ...JSON.parse(await readFile(DEMO_PROGRAM, 'utf8')), storeUrl: STORE_URL }
    const programPath = join(folder, 'program.json')
    await writeFile(programPath, JSON.stringify(program))
    server = await startDemo({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(folder, 'data'),
      programPath,
      quiet: true,
      storeWebhooks: false,
      signupLimit: 1000,
      rateLimits: 'claim=10000,redeem=10000,referral=10000',
    })
    const anna = await seed(server, clock)
    console.log(`demo on ${server.url}; Anna: ${anna.balance} points, ${anna.tier.name}; views: ${VIEWS.join(', ')}`)
    // The browser tests' Chromium and flags; signals are handled here, so that the demo and its folder go too.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false })
    const shots = new Map<string, Buffer>()
    for (const variant of VARIANTS) {
      for (const [name, png] of await shootVariant(browser, server, variant)) shots.set(name, png)
    }
    if (!process.argv.includes('--check')) await save(browser, shots)
    else {
      const { stale, compared } = await check(browser, shots)
      if (stale.length) {
        console.error(`docs/screenshots/ is out of date; remake it with \`npm run screenshots\`:\n  ${stale.join('\n  ')}`)
        process.exitCode = 1
      } else console.log(`${shots.size} screenshots, ${compared ? 'all showing the UI as it is' : 'all there (not compared)'}`)
    }
  } finally {
    clearTimeout(watchdog)
    await stop()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

main().catch((error) => {
  // Interrupted: what failed was the work being stopped.
  if (!interrupted) console.error(error)
  process.exitCode = 1
})
