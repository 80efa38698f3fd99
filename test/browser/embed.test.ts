/**
 * Embedding in real Chromium ("Any page" and "Tests"): the script tag on
 * pages of a separate static site (test/browser/embed-pages/, served by
 * embed-server.ts), talking cross-origin to the reference loyalty server.
 * Every page also checks that nothing reached the host: no uncaught error, no
 * unhandled rejection, no CSP violation.
 */
import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, CDPSession, Locator, Page, Request } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './harness.ts'
import { countNodes, probe, type Probe } from './embed-probe.ts'
import { startEmbedSite, type EmbedSite } from './embed-server.ts'
import { shownText } from './widget.ts'

let browser: Browser
let site: EmbedSite
let context: BrowserContext | undefined

/** The strict policy of the CSP page: nonce for scripts, no 'unsafe-inline' anywhere, Trusted Types enforced. */
const strictCsp = (origin: string, api: string, nonce: string) =>
  [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${origin}`,
    `style-src ${origin}`,
    `connect-src ${api}`,
    "img-src 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types loyalkit',
  ].join('; ')

beforeAll(async () => {
  ;[browser, site] = await Promise.all([
    launch(),
    startEmbedSite({ headers: (page, { origin, api, nonce }) => (page == 'csp.html' ? { 'Content-Security-Policy': strictCsp(origin, api, nonce) } : undefined) }),
  ])
})
afterAll(async () => {
  await browser?.close()
  await site?.stop()
})
afterEach(async () => {
  await context?.close()
  context = undefined
})

/** Opens a page; `fill` replaces placeholders the site does not know (e.g. {{TOKEN}}); `api` collects the requests to the loyalty API. */
async function open(pageName: string, fill: Record<string, string> = {}): Promise<{ page: Page; probe: Probe; api: Request[] }> {
  context = await browser.newContext()
  const page = await context.newPage()
  const p = await probe(page)
  const api: Request[] = []
  page.on('request', (r) => void (r.url().startsWith(site.api) && api.push(r)))
  if (Object.keys(fill).length) {
    // A page fulfilled by a route has no address of its own, so Chromium would keep it off the loopback API.
    await context.grantPermissions(['local-network-access'], { origin: site.origin })
    await page.route(site.url(pageName), async (route) => {
      const response = await route.fetch()
      const body = (await response.text()).replace(/\{\{([A-Z]+)\}\}/g, (m, name: string) => fill[name] ?? m)
      await route.fulfill({ response, body })
    })
  }
  const response = await page.goto(site.url(pageName))
  if (pageName == 'csp.html') {
    // The policy really is in force on this response.
    expect(response?.headers()['content-security-policy']).toBe(strictCsp(site.origin, site.api, site.lastNonce.get('csp.html')!))
  }
  return { page, probe: p, api }
}

/** A customer token signed by the reference server, as a store's server would mint it. */
async function mintToken(customerId: string): Promise<string> {
  const r = await fetch(site.api + '/_demo/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ customerId, email: customerId + '@example.com' }),
  })
  expect(r.status).toBe(201)
  return ((await r.json()) as { token: string }).token
}

const launcherOf = (page: Page) => page.getByRole('button', { name: /^Rewards/ }).and(page.locator('[aria-expanded]'))
const widgets = (page: Page) => page.evaluate(() => document.querySelectorAll('loyalkit-widget').length)
/** The UI bundle has mounted: its <dialog> is in the widget's shadow root. */
const uiMounted = (page: Page, timeout = 15_000) =>
  page.waitForFunction(() => !!document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog'), null, { timeout })

let emails = 0
const freshEmail = () => `embed-${Date.now()}-${emails++}@example.com`

/** From the guest home of an open panel: join, and see the welcome and the balance. */
async function join(dialog: Locator) {
  await dialog.getByRole('button', { name: 'Join now' }).click()
  await dialog.getByLabel('Email', { exact: true }).fill(freshEmail())
  await dialog.getByRole('checkbox', { name: /I agree/ }).check()
  await dialog.getByRole('button', { name: 'Join', exact: true }).click()
  await shownText(dialog, 'Welcome! 100 points are yours.').waitFor()
  await dialog.getByText('100 points', { exact: true }).waitFor()
}

describe('the script tag on any page (real Chromium, cross-origin API)', () => {
  it('replays calls queued through the stub in order, and every later call returns a Promise', async () => {
    const { page, probe } = await open('queue.html')
    // open('earn'), close(), open('rewards') were queued before loyalkit.js arrived.
    const dialog = page.getByRole('dialog', { name: 'Rewards', exact: true })
    await dialog.waitFor()
    await dialog.getByText('Free shipping').first().waitFor()
    await expect(launcherOf(page).getAttribute('aria-expanded')).resolves.toBe('true')
    await expect.poll(() => page.evaluate(() => (window as any).embedLog as string[]), { timeout: 10_000 }).toContain('ready:guest')
    const log: string[] = await page.evaluate(() => (window as any).embedLog)
    expect(log.filter((x) => !x.startsWith('ready'))).toEqual(['open:earn', 'close:earn', 'open:rewards'])

    // After load: the global and its methods return Promises that resolve once the call has run.
    const after = await page.evaluate(async () => {
      const lk = (window as any).loyalkit
      const panel = () => document.querySelector('loyalkit-widget')!.shadowRoot!.querySelector('dialog')!
      const closing = lk('close')
      const isPromise = closing instanceof Promise
      await closing
      // "Settles when the call has really run": the panel is closed (then open) when the promise resolves.
      const openAfterClose = panel().open
      // Let a lagging close land before testing open on its own.
      for (let i = 0; i < 10 && panel().open; i++) await new Promise((r) => requestAnimationFrame(r))
      await lk.open('tiers')
      const openAfterOpen = panel().open
      const refreshed = await lk('refresh')
      return {
        isPromise,
        openAfterClose,
        openAfterOpen,
        methods: ['init', 'identify', 'logout', 'open', 'close', 'refresh', 'on', 'off', 'destroy'].filter((c) => typeof lk[c] != 'function'),
        program: refreshed?.program?.name,
      }
    })
    expect(after.isPromise).toBe(true)
    expect(after.methods).toEqual([])
    expect(after.program).toBe('Trailpack Rewards')
    expect.soft(after.openAfterClose, 'panel still open when `await loyalkit("close")` resolved').toBe(false)
    expect.soft(after.openAfterOpen, 'panel not yet open when `await loyalkit.open("tiers")` resolved').toBe(true)
    // The panel must end up open on Tiers (and stay open: no stray close after it).
    const tiersShown = await page
      .getByRole('dialog', { name: 'Tiers', exact: true })
      .waitFor({ timeout: 3_000 })
      .then(() => true, () => false)
    expect.soft(tiersShown, 'panel open on Tiers after `await loyalkit("close")` then `await loyalkit.open("tiers")`').toBe(true)
    const events: string[] = await page.evaluate(() => (window as any).embedLog)
    expect.soft(events.filter((x) => !x.startsWith('ready')), 'open/close events').toEqual(['open:earn', 'close:earn', 'open:rewards', 'close:rewards', 'open:tiers'])

    // An unknown command rejects with a clear error the page can catch…
    const caught = await page.evaluate(() =>
      (window as any).loyalkit('bogus', 1).then(
        () => ({ rejected: false, code: '', message: '' }),
        (e: { code: string; message: string }) => ({ rejected: true, code: e.code, message: e.message }),
      ),
    )
    expect(caught.rejected).toBe(true)
    expect(caught.code).toBe('unknown_command')
    expect(caught.message).toMatch(/unknown command "bogus"/)
    expect(caught.message).toMatch(/expected one of init, identify, logout, open, close, refresh, on, off, destroy/)
    // …and one the page forgets to catch still never becomes an unhandled rejection.
    await page.evaluate(() => void (window as any).loyalkit('nope'))
    await page.waitForTimeout(300)

    expect(await probe.fatal()).toEqual([])
    // Each integration mistake is also said once on the console.
    expect(probe.consoleErrors).toHaveLength(2)
    expect(probe.consoleErrors[0]).toMatch(/"bogus"/)
    expect(probe.consoleErrors[1]).toMatch(/"nope"/)
  })

  it('takes data-customer-token off its tag once read, and identifies the shopper with it', async () => {
    const token = await mintToken(`embed-token-${Date.now()}`)
    const { page, probe, api } = await open('customer-token.html', { TOKEN: token })
    await page.waitForFunction(() => (window as any).loyalkit?.__lk)

    // Gone from the DOM as soon as loyalkit.js has run; the rest of its config stays.
    const tag = await page.evaluate(() => {
      const s = document.querySelector<HTMLScriptElement>('script[src$="/dist/loyalkit.js"]')!
      return { has: s.hasAttribute('data-customer-token'), dataset: { ...s.dataset } }
    })
    expect(tag.has).toBe(false)
    expect(tag.dataset).toEqual({ endpoint: site.endpoint, program: site.program })
    expect(await page.content()).not.toContain(token)

    // …yet the widget was identified with it once the shopper reached for it: GET /members/me carried it,
    // and the server took it (204: a signed-in shopper who has not joined yet; a rejected token would be a 401).
    await launcherOf(page).hover()
    const me = () => api.find((r) => r.method() == 'GET' && new URL(r.url()).pathname == '/v1/members/me')
    await expect.poll(me, { timeout: 15_000 }).toBeTruthy()
    expect(await me()!.headerValue('authorization')).toBe('Bearer ' + token)
    expect((await me()!.response())?.status()).toBe(204)
    expect(await page.content()).not.toContain(token)
    expect(probe.consoleErrors).toEqual([])
    expect(await probe.fatal()).toEqual([])
  })

  it('included twice: one widget, one warning, no error', async () => {
    const { page, probe } = await open('twice.html')
    await launcherOf(page).hover()
    await uiMounted(page)
    await launcherOf(page).click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    await page.waitForTimeout(300)
    expect(await widgets(page)).toBe(1)
    expect(await launcherOf(page).count()).toBe(1)
    expect(probe.consoleWarnings).toHaveLength(1)
    expect(probe.consoleWarnings[0]).toMatch(/loyalkit/)
    expect(probe.consoleWarnings[0]).toMatch(/twice/)
    expect(probe.consoleErrors).toEqual([])
    expect(await probe.fatal()).toEqual([])
  })

  it.each([
    ['invalid-no-endpoint.html', 'data-endpoint'],
    ['invalid-endpoint-not-url.html', 'data-endpoint'],
    ['invalid-no-program.html', 'data-program'],
    ['invalid-launcher.html', 'data-launcher'],
    ['invalid-locale.html', 'data-locale'],
  ])('invalid config (%s): one console.error naming %s, one loyalkit:error, no exception, no launcher', async (file, attribute) => {
    const { page, probe } = await open(file)
    await expect.poll(async () => (await probe.records()).loyalkitErrors.length, { timeout: 10_000 }).toBeGreaterThan(0)
    // Give anything else (a second report, a late load) the chance to show up.
    await page.waitForTimeout(1500)
    expect(probe.consoleErrors).toHaveLength(1)
    expect(probe.consoleErrors[0]).toContain(attribute)
    expect(probe.consoleErrors[0]).toMatch(/expected/)
    const { loyalkitErrors } = await probe.records()
    expect(loyalkitErrors).toHaveLength(1)
    expect(loyalkitErrors[0]!.code).toBe('invalid_config')
    expect(loyalkitErrors[0]!.message).toContain(attribute)
    expect(await widgets(page)).toBe(0)
    expect(await page.getByRole('button').count()).toBe(0)
    expect(await page.evaluate(() => typeof (window as any).loyalkit)).toBe('function')
    expect(await probe.fatal()).toEqual([])
  })

  it('init twice: the same config is harmless (one warning), a different one is a clear error and still one widget', async () => {
    const { page, probe } = await open('init-twice.html')
    await launcherOf(page).waitFor()
    const result = await page.evaluate(async ({ endpoint, program }) => {
      const lk = (window as any).loyalkit
      const settle = (p: Promise<unknown>) =>
        p.then(
          () => ({ ok: true, code: '', message: '' }),
          (e: { code: string; message: string }) => ({ ok: false, code: e.code, message: e.message }),
        )
      const same = await settle(lk('init', { endpoint, program }))
      const different = await settle(lk('init', { endpoint, program: 'pk_another_program' }))
      return { same, different }
    }, { endpoint: site.endpoint, program: site.program })
    expect(result.same.ok).toBe(true)
    expect(result.different.ok).toBe(false)
    expect(result.different.code).toBe('invalid_config')
    expect(result.different.message).toMatch(/different config/)
    expect(probe.consoleWarnings).toHaveLength(1)
    expect(probe.consoleWarnings[0]).toMatch(/init/)
    expect(probe.consoleErrors).toHaveLength(1)
    expect(probe.consoleErrors[0]).toMatch(/different config/)
    expect(await widgets(page)).toBe(1)
    // The first config is still the one in use.
    await launcherOf(page).click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    expect(await widgets(page)).toBe(1)
    expect(await probe.fatal()).toEqual([])
  })

  it('inline elements added later render, work, and leave empty shadow roots when removed', async () => {
    const { page, probe } = await open('elements.html')
    await launcherOf(page).waitFor()
    // The SPA shows the sign-up block 2 s after the click.
    await page.getByRole('button', { name: 'Show the sign-up form' }).click()
    const signup = page.locator('loyalkit-signup')
    await signup.getByLabel('Email', { exact: true }).fill(freshEmail())
    await signup.getByRole('checkbox', { name: /I agree/ }).check()
    await signup.getByRole('button', { name: 'Join', exact: true }).click()
    // The guest form turns into the member's card.
    await signup.getByText('100 points', { exact: true }).waitFor()
    await page.getByRole('button', { name: 'Rewards, 100 points', exact: true }).waitFor()

    await page.getByRole('button', { name: 'Show my balance' }).click()
    const balanceText = () => page.evaluate(() => document.querySelector('loyalkit-balance')?.shadowRoot?.textContent ?? null)
    await expect.poll(balanceText, { timeout: 10_000 }).toBe('100')

    await page.getByRole('button', { name: 'Hide the loyalty blocks' }).click()
    const removed = await page.evaluate(() =>
      ((window as any).embedRemoved as HTMLElement[]).map((el) => ({
        tag: el.localName,
        nodes: el.shadowRoot?.childNodes.length ?? -1,
        sheets: el.shadowRoot?.adoptedStyleSheets.length ?? -1,
      })),
    )
    expect(removed).toEqual([
      { tag: 'loyalkit-balance', nodes: 0, sheets: 0 },
      { tag: 'loyalkit-signup', nodes: 0, sheets: 0 },
    ])
    expect(await page.locator('loyalkit-signup, loyalkit-balance').count()).toBe(0)

    // Added again (the route comes back), they render again.
    await page.getByRole('button', { name: 'Show my balance' }).click()
    await expect.poll(balanceText, { timeout: 5_000 }).toBe('100')
    expect(probe.consoleErrors).toEqual([])
    expect(await probe.fatal()).toEqual([])
  })

  it('strict CSP with Trusted Types: open, join, balance, with zero violations', async () => {
    const { page, probe } = await open('csp.html')
    const launcher = launcherOf(page)
    await launcher.click()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.waitFor()
    await join(dialog)
    await page.getByRole('button', { name: 'Rewards, 100 points', exact: true }).waitFor()
    // A secondary view (loyalkit-views.js, loaded through the same policy and nonce).
    await dialog.getByRole('button', { name: 'Rewards', exact: true }).click()
    await page.getByRole('dialog', { name: 'Rewards', exact: true }).getByText('Free shipping').first().waitFor()
    expect(probe.consoleErrors).toEqual([])
    expect(await probe.fatal()).toEqual([])
  })

  it('hostile page CSS: the launcher and panel look the same as on a plain page, and joining works', async () => {
    const measure = async (file: string) => {
      const { page, probe } = await open(file)
      const launcher = launcherOf(page)
      await launcher.waitFor()
      await launcher.hover()
      await uiMounted(page)
      const box = await launcher.boundingBox()
      const styles = await launcher.evaluate((b) => {
        const cs = getComputedStyle(b)
        return { fontSize: cs.fontSize, display: cs.display, opacity: cs.opacity, background: cs.backgroundColor }
      })
      await launcher.click()
      const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
      await dialog.waitFor()
      await dialog.getByRole('button', { name: 'Join now' }).waitFor()
      const panel = await dialog.boundingBox()
      const inside = await dialog.evaluate((d) => {
        const h = d.querySelector('h2')!
        const bd = d.querySelector('div')!
        return { titleSize: getComputedStyle(h).fontSize, divOpacity: getComputedStyle(bd).opacity, divColor: getComputedStyle(bd).color }
      })
      return { page, probe, dialog, box: box!, panel: panel!, styles, inside }
    }
    const plain = await measure('plain.html')
    expect(await plain.probe.fatal()).toEqual([])
    await context!.close()
    const hostile = await measure('hostile.html')

    // The hostile rules really are in force on the page itself.
    expect(await hostile.page.evaluate(() => getComputedStyle(document.querySelector('div')!).opacity)).toBe('0.1')
    expect(hostile.styles).toEqual(plain.styles)
    expect(hostile.styles.display).not.toBe('none')
    expect(hostile.styles.background).toBe('rgb(11, 92, 173)')
    expect(Math.abs(hostile.box.width - plain.box.width)).toBeLessThanOrEqual(1)
    expect(Math.abs(hostile.box.height - plain.box.height)).toBeLessThanOrEqual(1)
    expect(hostile.inside).toEqual(plain.inside)
    expect(hostile.inside.divOpacity).toBe('1')
    expect(Math.abs(hostile.panel.width - plain.panel.width)).toBeLessThanOrEqual(1)
    expect(Math.abs(hostile.panel.height - plain.panel.height)).toBeLessThanOrEqual(1)

    await join(hostile.dialog)
    await hostile.page.getByRole('button', { name: 'Rewards, 100 points', exact: true }).waitFor()
    expect(hostile.probe.consoleErrors).toEqual([])
    expect(await hostile.probe.fatal()).toEqual([])
  })

  it('SPA: pushState to ?loyalkit=tiers opens Tiers; back, forward and other routes do not break it', async () => {
    const { page, probe } = await open('spa/home')
    // The UI is not evaluated yet: the route change to the deep link is what brings it.
    await launcherOf(page).waitFor()
    const nav = page.getByRole('navigation', { name: 'Shop' })
    await nav.getByRole('link', { name: 'Products' }).click()
    await page.getByRole('heading', { name: 'Products' }).waitFor()
    expect(await page.getByRole('dialog').count()).toBe(0)

    await nav.getByRole('link', { name: 'Our loyalty tiers' }).click()
    const tiers = page.getByRole('dialog', { name: 'Tiers', exact: true })
    await tiers.waitFor()
    await tiers.getByText('Gold').first().waitFor()
    await page.keyboard.press('Escape')
    await tiers.waitFor({ state: 'hidden' })

    await page.goBack()
    expect(new URL(page.url()).search).toBe('')
    await page.getByRole('heading', { name: 'Products' }).waitFor()
    await page.goForward()
    expect(new URL(page.url()).search).toBe('?loyalkit=tiers')
    await page.waitForTimeout(300)
    if (await tiers.isVisible()) await page.keyboard.press('Escape')
    await page.goBack()
    await nav.getByRole('link', { name: 'Home' }).click()
    await page.getByRole('heading', { name: 'Home' }).waitFor()

    // Still one working widget after all the route changes.
    expect(await widgets(page)).toBe(1)
    await launcherOf(page).click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    expect(probe.consoleErrors).toEqual([])
    expect(await probe.fatal()).toEqual([])
  })

  it('SPA: a pushState to ?loyalkit=tiers while the UI is still loading still opens Tiers', async () => {
    context = await browser.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    // A slow network: loyalkit-ui.js arrives only after the shopper has navigated.
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    await page.route('**/dist/loyalkit-ui.js', async (route) => {
      await released
      await route.continue()
    })
    await page.goto(site.url('spa/home'))
    await launcherOf(page).waitFor()
    await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: 'Our loyalty tiers' }).click()
    await page.getByRole('heading', { name: 'Products' }).waitFor()
    release()
    await uiMounted(page)
    await page.getByRole('dialog', { name: 'Tiers', exact: true }).waitFor({ timeout: 5_000 })
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('before anyone touches it: the UI fetched but not run, one request to the API (the program, no CORS preflight); reaching for it runs the UI on what was fetched', async () => {
    context = await browser.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    const api: Request[] = []
    page.on('request', (r) => void (r.url().startsWith(site.api) && api.push(r)))
    // Preflights are not page requests, and answers from the cache are still requests to Playwright:
    // the DevTools protocol tells both apart.
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    const preflights: string[] = []
    const uiFetches: string[] = []
    cdp.on('Network.requestWillBeSent', (e) => void (e.request.method == 'OPTIONS' && preflights.push(e.request.url)))
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.url.endsWith('/dist/loyalkit-ui.js')) uiFetches.push(e.response.fromDiskCache || e.response.fromPrefetchCache ? 'cache' : 'network')
    })
    await page.goto(site.url('bare.html'))
    expect(new URL(site.api).origin).not.toBe(new URL(site.origin).origin)
    await launcherOf(page).waitFor()
    // Idle: the UI file and the program have been fetched…
    await expect.poll(() => api.length + uiFetches.length, { timeout: 15_000 }).toBe(2)
    await page.waitForLoadState('networkidle')
    expect(api.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([`GET /v1/programs/${site.program}`])
    expect(preflights).toEqual([])
    const program = api[0]!
    expect(new URL(program.url()).searchParams.get('locale')).toBe('en')
    expect((await program.response())?.headers()['access-control-allow-origin']).toBe('*')
    expect(uiFetches).toEqual(['network'])
    // …and nothing of it has run: it would have handed its modules over, and drawn a dialog.
    const ran = () => page.evaluate(() => !!(window as any).loyalkit.__s || !!document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog'))
    expect(await ran()).toBe(false)
    expect(await page.locator('link[rel=prefetch], link[rel=preload]').count()).toBe(0)

    // The pointer reaches the launcher: the UI runs now, from the cache, on the program already fetched.
    await launcherOf(page).hover()
    await uiMounted(page)
    expect(await ran()).toBe(true)
    await launcherOf(page).click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Join now' }).waitFor()
    expect(uiFetches).toEqual(['network', 'cache'])
    expect(api.filter((r) => r.method() == 'GET').length).toBe(1)
    expect(preflights).toEqual([])
    expect(p.consoleErrors).toEqual([])
    expect(p.consoleWarnings).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('the first open needs loyalkit-ui.js alone: with loyalkit-views.js held back, a click gives a panel to join from', async () => {
    context = await browser.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    let asked = 0
    await page.route('**/dist/loyalkit-views.js', async (route) => {
      asked++
      await released
      await route.continue()
    })
    await page.goto(site.url('bare.html'))
    await launcherOf(page).click()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.getByRole('button', { name: 'Join now' }).click()
    await dialog.getByLabel('Email', { exact: true }).fill(freshEmail())
    expect(asked).toBe(1)
    release()
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('adds no global but window.loyalkit (bare page, UI and views loaded)', async () => {
    context = await browser.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    await page.addInitScript(() => {
      Object.defineProperty(window, Symbol.for('embed.before'), { value: Object.getOwnPropertyNames(window) })
    })
    await page.goto(site.url('bare.html'))
    await launcherOf(page).hover()
    await uiMounted(page)
    // loyalkit-views.js comes right after the widget is ready: wait for it too.
    await page.waitForFunction(() => !!customElements.get('loyalkit-balance'), null, { timeout: 15_000 })
    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as Record<symbol, string[]>)[Symbol.for('embed.before')])
      return Object.getOwnPropertyNames(window).filter((k) => !before.has(k))
    })
    expect(added).toEqual(['loyalkit'])
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })
})

describe('a click on the launcher is never lost, whatever is loading', () => {
  /**
   * Holds each loading step in turn: the UI file's response, then the mount after the file has run
   * (the facade hands the mount function over and this wrapper waits for the test). The shopper
   * acts while it is held; once released the panel must be open, opened once.
   */
  async function held(step: 'fetch' | 'fetched' | 'mount', act: (page: Page) => Promise<void>, cpu = 1) {
    context = await browser.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    if (cpu > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: cpu })
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    if (step == 'fetch') {
      await page.route('**/dist/loyalkit-ui.js', async (route) => {
        await released
        await route.continue()
      })
    } else if (step == 'mount') {
      await page.exposeFunction('heldMount', () => released)
      await page.addInitScript(() => {
        let value: any
        Object.defineProperty(window, 'loyalkit', {
          configurable: true,
          get: () => value,
          set(v) {
            value = v
            const handOver = v?.__ui
            if (handOver) v.__ui = (mount: any) => handOver(async (ctx: unknown) => ((await (window as any).heldMount()), mount(ctx)))
          },
        })
      })
    }
    await page.addInitScript(() => {
      document.addEventListener('loyalkit:open', () => ((window as any).opened = ((window as any).opened ?? 0) + 1))
    })
    const prefetched = page.waitForResponse((r) => r.url().endsWith('/dist/loyalkit-ui.js'))
    await page.goto(site.url('bare.html'))
    await launcherOf(page).waitFor()
    if (step == 'fetched') {
      // The page is idle: loyalkit-ui.js has been fetched ahead, and has not run.
      await (await prefetched).finished()
      expect(await page.evaluate(() => !!(window as any).loyalkit?.__s)).toBe(false)
    }
    if (step == 'mount') {
      // The pointer on the launcher runs loyalkit-ui.js (it shares its modules through the facade); the mount is held.
      await launcherOf(page).hover()
      await page.waitForFunction(() => !!(window as any).loyalkit?.__s, null, { timeout: 15_000 })
      expect(await page.evaluate(() => !!document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog'))).toBe(false)
    }
    await act(page)
    release()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.waitFor({ timeout: 15_000 })
    // Opened once, and still open a moment later (not toggled shut by a second handler).
    await page.waitForTimeout(300)
    expect(await dialog.isVisible()).toBe(true)
    expect(await page.evaluate(() => (window as any).opened)).toBe(1)
    expect(await launcherOf(page).getAttribute('aria-expanded')).toBe('true')
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  }

  const click = (page: Page) => launcherOf(page).click()
  const key = (name: string) => async (page: Page) => {
    await launcherOf(page).focus()
    await page.keyboard.press(name)
  }

  it('a click while loyalkit-ui.js is still downloading', () => held('fetch', click))
  it('a click once loyalkit-ui.js has been fetched ahead, before it has run', () => held('fetched', click))
  it('Enter once loyalkit-ui.js has been fetched ahead, before it has run', () => held('fetched', key('Enter')))
  it('a click once loyalkit-ui.js has been fetched ahead, at 4× CPU throttling', () => held('fetched', click, 4))
  it('a click after loyalkit-ui.js has run but before it has mounted', () => held('mount', click))
  it('Enter after loyalkit-ui.js has run but before it has mounted', () => held('mount', key('Enter')))
  it('Space while loyalkit-ui.js is still downloading', () => held('fetch', key(' ')))
  it('a click before the mount, at 4× CPU throttling', () => held('mount', click, 4))
})

describe('destroy leaves nothing behind', () => {
  interface Counts {
    nodes: number
    /** CDP DOMDebugger.getEventListeners: window, document (whole tree, shadow roots pierced), window.navigation. */
    cdp: { window: number; document: number; navigation: number }
    /** Live listeners added through EventTarget.prototype.addEventListener, by target kind (removed nodes excluded). */
    tracked: Record<string, number>
    timers: { timeouts: number; intervals: number; idle: number }
    observers: number
    documentSheets: number
    widgets: number
  }

  /** Installed before any page script: counts live listeners, timers and observers. */
  const track = () => {
    type Entry = { target: EventTarget; type: string; fn: unknown; capture: boolean }
    const t = {
      listeners: new Set<Entry>(),
      timeouts: new Set<number>(),
      intervals: new Set<number>(),
      idle: new Set<number>(),
      observers: new Set<object>(),
    }
    Object.defineProperty(window, Symbol.for('embed.track'), { value: t })
    const capture = (o: unknown) => (typeof o == 'boolean' ? o : !!(o as { capture?: boolean } | undefined)?.capture)
    const add = EventTarget.prototype.addEventListener
    const remove = EventTarget.prototype.removeEventListener
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, fn: any, o?: any) {
      if (fn && ![...t.listeners].some((e) => e.target == this && e.type == type && e.fn == fn && e.capture == capture(o))) {
        const entry = { target: this, type, fn, capture: capture(o) }
        t.listeners.add(entry)
        if (o && typeof o == 'object' && o.once) {
          add.call(this, type, () => t.listeners.delete(entry), { once: true, capture: capture(o) })
        }
      }
      return add.call(this, type, fn, o)
    }
    EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, fn: any, o?: any) {
      for (const e of t.listeners) if (e.target == this && e.type == type && e.fn == fn && e.capture == capture(o)) t.listeners.delete(e)
      return remove.call(this, type, fn, o)
    }
    const w = window as any
    const st = w.setTimeout, ct = w.clearTimeout, si = w.setInterval, ci = w.clearInterval
    w.setTimeout = function (fn: any, ms?: number, ...a: unknown[]) {
      const id: number = st.call(window, function (this: unknown, ...args: unknown[]) {
        t.timeouts.delete(id)
        return typeof fn == 'function' ? fn.apply(this, args) : undefined
      }, ms, ...a)
      t.timeouts.add(id)
      return id
    }
    w.clearTimeout = (id: number) => (t.timeouts.delete(id), ct.call(window, id))
    w.setInterval = function (...a: unknown[]) {
      const id: number = si.apply(window, a)
      t.intervals.add(id)
      return id
    }
    w.clearInterval = (id: number) => (t.intervals.delete(id), ci.call(window, id))
    if (w.requestIdleCallback) {
      const ric = w.requestIdleCallback, cic = w.cancelIdleCallback
      w.requestIdleCallback = (fn: (d: unknown) => void, o?: unknown) => {
        const id: number = ric.call(window, (d: unknown) => (t.idle.delete(id), fn(d)), o)
        t.idle.add(id)
        return id
      }
      w.cancelIdleCallback = (id: number) => (t.idle.delete(id), cic.call(window, id))
    }
    for (const O of [w.MutationObserver, w.ResizeObserver, w.IntersectionObserver, w.PerformanceObserver]) {
      if (!O) continue
      const observe = O.prototype.observe, disconnect = O.prototype.disconnect
      O.prototype.observe = function (...a: unknown[]) {
        t.observers.add(this)
        return observe.apply(this, a)
      }
      O.prototype.disconnect = function () {
        t.observers.delete(this)
        return disconnect.call(this)
      }
    }
  }

  async function counts(page: Page, cdp: CDPSession): Promise<Counts> {
    const listenersOf = async (expression: string, depth: number) => {
      const { result } = await cdp.send('Runtime.evaluate', { expression })
      if (!result.objectId) return 0
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth, pierce: true })
      await cdp.send('Runtime.releaseObject', { objectId: result.objectId })
      return listeners.length
    }
    const inPage = await page.evaluate(() => {
      const t = (window as any)[Symbol.for('embed.track')]
      const tracked: Record<string, number> = {}
      for (const e of t.listeners as Set<{ target: EventTarget }>) {
        const target = e.target
        if (target instanceof Node && !target.isConnected && target != document) continue
        // Abort signals of finished requests are garbage once their request is done: not the page's.
        if (target instanceof AbortSignal) continue
        const kind = target == window ? 'window' : target == document ? 'document' : target instanceof Node ? 'node' : target.constructor.name
        tracked[kind] = (tracked[kind] ?? 0) + 1
      }
      return {
        tracked,
        timers: { timeouts: t.timeouts.size, intervals: t.intervals.size, idle: t.idle.size },
        observers: t.observers.size,
        documentSheets: document.adoptedStyleSheets.length,
        widgets: document.querySelectorAll('loyalkit-widget').length,
      }
    })
    return {
      nodes: await countNodes(page),
      cdp: {
        window: await listenersOf('window', 0),
        document: await listenersOf('document', -1),
        navigation: await listenersOf('window.navigation', 0),
      },
      ...inPage,
    }
  }

  /** Counts once pending one-shot timers (ours or the widget's) have run. */
  async function settled(page: Page, cdp: CDPSession): Promise<Counts> {
    const deadline = Date.now() + 6_000
    let c = await counts(page, cdp)
    while (c.timers.timeouts + c.timers.idle > 0 && Date.now() < deadline) {
      await page.waitForTimeout(200)
      c = await counts(page, cdp)
    }
    return c
  }

  it('destroy removes everything; 20 init/destroy and 100 open/close cycles return to the baseline', async () => {
    context = await browser.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    await page.addInitScript(track)
    await page.goto(site.url('lifecycle.html'))
    const cdp = await context.newCDPSession(page)
    const cfg = { endpoint: site.endpoint, program: site.program }

    const baseline = await settled(page, cdp)
    // The page adds the snippet itself (as a component would): the facade's own <script> is the page's node.
    await page.evaluate(({ cfg, src, integrity }) => {
      ;(window as any).loyalkit('init', cfg)
      const s = document.createElement('script')
      s.src = src
      s.integrity = integrity
      s.crossOrigin = 'anonymous'
      s.async = true
      document.head.append(s)
    }, { cfg, src: site.origin + '/dist/loyalkit.js', integrity: site.integrity })
    const expected = { ...baseline, nodes: baseline.nodes + 1 }

    // First life: a shopper opens and closes the panel.
    const launcher = launcherOf(page)
    await launcher.click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    await page.evaluate(() => (window as any).loyalkit('destroy'))
    expect(await widgets(page)).toBe(0)
    const afterFirst = await settled(page, cdp)

    // Re-init works.
    await page.evaluate((cfg) => (window as any).loyalkit('init', cfg), cfg)
    await launcher.click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    await page.keyboard.press('Escape')
    await page.evaluate(() => (window as any).loyalkit('destroy'))

    // 20 create/destroy cycles, each with data loaded and the panel opened on a secondary view.
    await page.evaluate(async (cfg) => {
      const lk = (window as any).loyalkit
      for (let i = 0; i < 20; i++) {
        await lk('init', cfg)
        await lk('refresh')
        await lk('open', 'rewards')
        await lk('close')
        await lk('destroy')
      }
    }, cfg)
    expect(await widgets(page)).toBe(0)
    const after20 = await settled(page, cdp)

    // 100 open/close cycles on one live widget.
    await page.evaluate(async (cfg) => {
      const lk = (window as any).loyalkit
      await lk('init', cfg)
      await lk('refresh')
      await lk('open', 'home')
      await lk('close')
    }, cfg)
    const alive1 = await settled(page, cdp)
    await page.evaluate(async () => {
      const lk = (window as any).loyalkit
      const views = ['home', 'earn', 'rewards', 'tiers', 'referral', 'signup']
      for (let i = 0; i < 99; i++) {
        await lk('open', views[i % views.length])
        await lk('close')
      }
      await lk('open', 'home')
      await lk('close')
    })
    const alive100 = await settled(page, cdp)
    await page.evaluate(() => (window as any).loyalkit('destroy'))
    const afterAll = await settled(page, cdp)

    const report = { baseline, afterFirst, after20, alive1, alive100, afterAll }
    console.log('[embed] lifecycle counts\n' + Object.entries(report).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n'))
    expect(alive1.widgets).toBe(1)
    expect(alive100, 'after 100 open/close cycles vs after 1').toEqual(alive1)
    expect(afterFirst, 'after the first destroy').toEqual(expected)
    expect(after20, 'after 20 init/destroy cycles').toEqual(expected)
    expect(afterAll, 'after the last destroy').toEqual(expected)
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })
})
