/**
 * What loads when, in real Chromium: before anyone touches the widget only loyalkit.js runs (the UI
 * and the program are fetched, not run); the first open needs loyalkit-ui.js alone; and a click is
 * never lost, whatever step of loading it meets.
 */
import type { Page, Request } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { freshEmail, launcherOf, uiMounted, useEmbedSite } from './embed-suite.ts'
import { probe } from './embed-probe.ts'

const env = useEmbedSite()

/** Answers for files matching `pattern` are held back until `release()`; `asked` counts the requests. */
async function holdBack(page: Page, pattern: string) {
  let release!: () => void
  const released = new Promise<void>((r) => (release = r))
  const held = { asked: 0, release }
  await page.route(pattern, async (route) => {
    held.asked++
    await released
    await route.continue()
  })
  return held
}

/**
 * Watches the frames from now on (a rAF callback runs just before its frame is drawn); what it returns
 * gives what the first frame with the panel open showed: busy placeholders, its buttons, its opacity.
 */
async function watchFirstOpenFrame(page: Page) {
  await page.evaluate(() => {
    ;(window as any).firstFrame = new Promise((resolve) => {
      const tick = () => {
        const d = document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog')
        if (!d?.open) return requestAnimationFrame(tick)
        resolve({
          busy: !!d.querySelector('[aria-busy="true"]'),
          buttons: [...d.querySelectorAll('button')].map((b) => b.textContent),
          opacity: Number(getComputedStyle(d).opacity),
        })
      }
      requestAnimationFrame(tick)
    })
  })
  return () => page.evaluate(() => (window as any).firstFrame) as Promise<{ busy: boolean; buttons: string[]; opacity: number }>
}

describe('loading on intent', () => {
  it('before anyone touches it: the UI fetched but not run, one request to the API (the program, no CORS preflight); reaching for it runs the UI on what was fetched', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    const api: Request[] = []
    page.on('request', (r) => void (r.url().startsWith(env.site.api) && api.push(r)))
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
    await page.goto(env.site.url('bare.html'))
    expect(new URL(env.site.api).origin).not.toBe(new URL(env.site.origin).origin)
    await launcherOf(page).waitFor()
    // Idle: the UI file and the program have been fetched…
    await expect.poll(() => api.length + uiFetches.length, { timeout: 15_000 }).toBe(2)
    await page.waitForLoadState('networkidle')
    expect(api.map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([`GET /v1/programs/${env.site.program}`])
    expect(preflights).toEqual([])
    const program = api[0]!
    expect(new URL(program.url()).searchParams.get('locale')).toBe('en')
    expect((await program.response())?.headers()['access-control-allow-origin']).toBe('*')
    expect(uiFetches).toEqual(['network'])
    // …and nothing of it has run: it would have handed its modules over, and drawn a dialog.
    const ran = () => page.evaluate(() => !!(window as any).loyalkit.__s || !!document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog'))
    expect(await ran()).toBe(false)
    expect(await page.locator('link[rel=modulepreload], link[rel=prefetch], link[rel=preload]').count()).toBe(0)

    // The pointer reaches the launcher: the UI runs now, from what was preloaded (no second request for it), on
    // the program already fetched.
    await launcherOf(page).hover()
    await uiMounted(page)
    expect(await ran()).toBe(true)
    await launcherOf(page).click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Join now' }).waitFor()
    expect(uiFetches).toEqual(['network'])
    expect(api.filter((r) => r.method() == 'GET').length).toBe(1)
    expect(preflights).toEqual([])
    expect(p.consoleErrors).toEqual([])
    expect(p.consoleWarnings).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it("a click on the idle page shows the program in the panel's first frame, visibly: its JSON was fetched and read ahead", async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    const gets: string[] = []
    page.on('request', (r) => void (r.url().startsWith(env.site.api) && r.method() == 'GET' && gets.push(r.url())))
    const fetched = page.waitForResponse((r) => r.url().includes('/programs/'), { timeout: 15_000 })
    await page.goto(env.site.url('bare.html'))
    await launcherOf(page).waitFor()
    await (await fetched).finished()
    await page.emulateMedia({ reducedMotion: 'no-preference' })
    const firstFrame = await watchFirstOpenFrame(page)
    // A click with no pointer arriving first: no intent ahead of it, so the click itself pays for the UI.
    await launcherOf(page).dispatchEvent('click')
    const first = await firstFrame()
    expect(first.busy).toBe(false)
    // Not transparent in that frame either: the entrance starts half-visible, not from nothing (a composited
    // fade from 0 reads as 0 until the compositor has started it, several frames later on a busy phone).
    expect(first.opacity).toBeGreaterThan(0)
    expect(first.buttons).toContain('Join now')
    expect(gets).toHaveLength(1)
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('a click before the page was idle asks for the program beside loyalkit-ui.js, not after it has run: one round trip, and the panel uses it', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    // A page busy until the click: its idle time never comes, so nothing was fetched ahead.
    await page.addInitScript(() => (window.requestIdleCallback = () => 0))
    const gets: string[] = []
    page.on('request', (r) => void (r.url().startsWith(env.site.api) && r.method() == 'GET' && gets.push(new URL(r.url()).pathname)))
    const held = await holdBack(page, '**/dist/loyalkit-ui.js*')
    await page.goto(env.site.url('bare.html'))
    await launcherOf(page).waitFor()
    await page.waitForTimeout(300)
    expect(held.asked).toBe(0)
    expect(gets).toEqual([])
    await launcherOf(page).click()
    // While the UI's file is still on its way, the program has been asked for already.
    await expect.poll(() => held.asked).toBe(1)
    await expect.poll(() => gets).toEqual([`/v1/programs/${env.site.program}`])
    held.release()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Join now' }).waitFor()
    // The UI did not ask again.
    await page.waitForTimeout(300)
    expect(gets).toEqual([`/v1/programs/${env.site.program}`])
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it("a page in another language: a click waits for that language's strings, and the panel's first frame is in it, never English", async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    const held = await holdBack(page, '**/dist/locales/lv.js*')
    await page.goto(env.site.url('latvian.html'))
    // The launcher's label is in the page's language from the start (the facade draws it).
    const launcher = page.getByRole('button', { name: 'Atlīdzības', exact: true }).and(page.locator('[aria-expanded]'))
    await launcher.waitFor()
    const firstFrame = await watchFirstOpenFrame(page)
    // Clicked at once: the Latvian strings are asked for beside the UI's file (fetched, not run), and the UI,
    // once it runs, asks for them again to run them, SRI-checked (a routed page has no HTTP cache to answer
    // it); both are held back.
    await launcher.dispatchEvent('click')
    await expect.poll(() => held.asked).toBe(2)
    await page.waitForTimeout(300)
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect(await launcher.getAttribute('aria-expanded')).toBe('false')
    // Meanwhile the launcher says it is at work, to a screen reader and to the pointer.
    expect(await launcher.getAttribute('aria-busy')).toBe('true')
    expect(await launcher.evaluate((b) => getComputedStyle(b).cursor)).toBe('progress')
    held.release()
    // Opened once they came, in Latvian from its first frame.
    const { buttons } = await firstFrame()
    expect(buttons).toContain('Pievienoties')
    expect(buttons).not.toContain('Join now')
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.getByRole('button', { name: 'Aizvērt' }).waitFor()
    expect(await launcher.getAttribute('aria-expanded')).toBe('true')
    expect(await launcher.getAttribute('aria-busy')).toBe(null)
    expect(held.asked).toBe(2)
    expect(p.consoleErrors).toEqual([])
    expect(p.consoleWarnings).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('a page in another language: its first strings are fetched while the page is idle, and a click takes them from the cache, with no round trip', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    const packs: string[] = []
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.url.endsWith('/dist/locales/lv.js')) packs.push(e.response.fromDiskCache || e.response.fromPrefetchCache ? 'cache' : 'network')
    })
    cdp.on('Network.requestServedFromCache', () => void packs.push('cache'))
    await page.goto(env.site.url('latvian.html'))
    // Idle: asked for once, from the network; nothing has run (the UI, which takes the strings, is not there).
    await expect.poll(() => packs, { timeout: 15_000 }).toEqual(['network'])
    await page.waitForLoadState('networkidle')
    expect(await page.evaluate(() => !!(window as any).loyalkit.__locale)).toBe(false)
    const launcher = page.getByRole('button', { name: 'Atlīdzības', exact: true }).and(page.locator('[aria-expanded]'))
    await launcher.click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Pievienoties' }).waitFor()
    // The UI's own load of them, SRI-checked, was answered by the cache.
    expect(packs[0]).toBe('network')
    expect(packs.slice(1)).toContain('cache')
    expect(packs.filter((x) => x == 'network')).toHaveLength(1)
    expect(p.consoleErrors).toEqual([])
    expect(p.consoleWarnings).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it("strings fetched ahead are never run unchecked: a pack altered on its way is fetched, and the UI's SRI-checked load refuses it", async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    let served = 0
    await page.route('**/dist/locales/lv.js*', async (route) => {
      served++
      const response = await route.fetch()
      await route.fulfill({ response, body: (await response.text()).replaceAll('Pievienoties', 'ALTERED') })
    })
    await page.goto(env.site.url('latvian.html'))
    // Fetched ahead while the page is idle, without a hash…
    await expect.poll(() => served, { timeout: 15_000 }).toBe(1)
    const launcher = page.getByRole('button', { name: 'Atlīdzības', exact: true }).and(page.locator('[aria-expanded]'))
    await launcher.click()
    // …then asked for again by the UI, with its hash: refused, so the panel speaks English, said once.
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.getByRole('button', { name: 'Join now' }).waitFor()
    expect(served).toBe(2)
    expect(await dialog.getByText('ALTERED').count()).toBe(0)
    expect(p.consoleWarnings.filter((w) => w.includes('"lv" locale pack'))).toHaveLength(1)
    expect(p.consoleErrors.filter((m) => !/integrity|Failed to load resource/.test(m))).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('a page in another language whose strings fail to load: the click still opens the panel, in English, with one warning', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    await page.route('**/dist/locales/lv.js*', (route) => route.abort())
    await page.goto(env.site.url('latvian.html'))
    const launcher = page.getByRole('button', { name: 'Atlīdzības', exact: true }).and(page.locator('[aria-expanded]'))
    await launcher.click()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.getByRole('button', { name: 'Join now' }).waitFor()
    expect(await launcher.getAttribute('aria-expanded')).toBe('true')
    expect(p.consoleWarnings.filter((w) => w.includes('"lv" locale pack'))).toHaveLength(1)
    expect(p.consoleErrors.filter((m) => !/Failed to load resource|net::ERR_FAILED/.test(m))).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it("an inline element on a page in another language is drawn once its views' strings have come, in that language, never English first", async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    const held = await holdBack(page, '**/dist/locales/lv.views.js*')
    // Not waiting for the load event: a script held back while the page loads would hold it too.
    await page.goto(env.site.url('latvian-signup.html'), { waitUntil: 'domcontentloaded' })
    const block = page.getByRole('region', { name: 'Lojalitātes programma' })
    // The element asks for the UI at once; the views come, then ask for their Latvian half, held back.
    await expect.poll(() => held.asked, { timeout: 15_000 }).toBe(1)
    await page.waitForTimeout(300)
    expect(await block.getByRole('textbox').count()).toBe(0)
    expect(await block.getByText('Email').count()).toBe(0)
    held.release()
    await block.getByRole('textbox', { name: 'E-pasts' }).waitFor()
    expect(await block.getByText('Email', { exact: true }).count()).toBe(0)
    expect(p.consoleErrors).toEqual([])
    expect(p.consoleWarnings).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('the first open needs loyalkit-ui.js alone: with loyalkit-views.js held back, a click gives a usable panel', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    const held = await holdBack(page, '**/dist/loyalkit-views.js')
    await page.goto(env.site.url('bare.html'))
    await launcherOf(page).click()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    // Home is whole without the views: the offer to join, the ways around, the close button.
    await expect.poll(() => dialog.getByText(/when you join/).count()).toBe(1)
    await dialog.getByRole('button', { name: 'Ways to earn' }).focus()
    // Sign-up is the guest's second screen: it comes with the views, and says it is on its way.
    await dialog.getByRole('button', { name: 'Join now' }).click()
    await expect.poll(() => dialog.locator('[aria-busy="true"]').getByText('Loading…').count()).toBe(1)
    // Placeholders in a view's shape (rows: an icon, then text), not home's.
    expect(await dialog.locator('[aria-busy="true"] .sk.r').count()).toBe(4)
    expect(held.asked).toBe(1)
    held.release()
    await dialog.getByLabel('Email', { exact: true }).fill(freshEmail())
    expect(await dialog.locator('[aria-busy="true"]').count()).toBe(0)
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })
})

describe('a file that failed to load is asked for again', () => {
  // A module that failed stays failed in the page's module map: these fail on a loader that asks for the
  // same address again.
  it('loyalkit-ui.js failing (its preload and the first click): one clear error, and the next click opens the panel', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    let failing = 2
    const asked: string[] = []
    await page.route('**/dist/loyalkit-ui.js', (route) => {
      asked.push(route.request().url())
      return failing-- > 0 ? route.abort() : route.continue()
    })
    const errors: string[] = []
    await page.exposeFunction('sawError', (code: string) => errors.push(code))
    await page.addInitScript(() => document.addEventListener('loyalkit:error', (e) => (window as any).sawError((e as CustomEvent).detail.code)))
    await page.goto(env.site.url('bare.html'))
    await launcherOf(page).waitFor()
    await expect.poll(() => asked.length, { timeout: 15_000 }).toBe(1)
    await launcherOf(page).click()
    await expect.poll(() => errors).toEqual(['not_ready'])
    // The launcher no longer says it is at work: the failure ended the wait.
    expect(await launcherOf(page).getAttribute('aria-busy')).toBe(null)
    await launcherOf(page).click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Join now' }).waitFor({ timeout: 15_000 })
    expect(asked).toHaveLength(3)
    expect(p.consoleErrors.filter((m) => !/Failed to load resource|net::ERR_FAILED/.test(m))).toEqual([
      'loyalkit: loading loyalkit-ui.js failed (network, integrity or CSP)',
    ])
    expect(await p.fatal()).toEqual([])
  })

  it('loyalkit-views.js failing once: the next view asked for brings it (or its retry, if it is still failed)', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    let failing = 1
    let asked = 0
    await page.route('**/dist/loyalkit-views.js', (route) => (asked++, failing-- > 0 ? route.abort() : route.continue()))
    await page.goto(env.site.url('bare.html'))
    await launcherOf(page).click()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.getByRole('button', { name: 'Join now' }).waitFor()
    await expect.poll(() => asked, { timeout: 15_000 }).toBe(1)
    await dialog.getByRole('button', { name: 'Join now' }).click()
    const email = dialog.getByLabel('Email', { exact: true })
    const retry = dialog.getByRole('button', { name: 'Try again' })
    await email.or(retry).first().waitFor({ timeout: 15_000 })
    if (await retry.isVisible()) await retry.click()
    await email.waitFor({ timeout: 15_000 })
    expect(asked).toBe(2)
    expect(await p.fatal()).toEqual([])
  })
})

describe('a click on the launcher is never lost, whatever is loading', () => {
  /** Each moment of loading, as the shopper may catch it. */
  type Step = 'idle' | 'fetch' | 'fetched' | 'mount' | 'views'
  const MOMENTS: Record<Step, string> = {
    idle: 'with only the facade there (the page not idle yet: nothing fetched ahead)',
    fetch: 'while loyalkit-ui.js is still downloading',
    fetched: 'once loyalkit-ui.js has been fetched ahead, before it has run',
    mount: 'after loyalkit-ui.js has run but before it has mounted',
    views: 'once mounted, while loyalkit-views.js (the other views) is still downloading',
  }

  /** Holds `step` until released: the shopper acts while it is held. */
  async function hold(page: Page, step: Step, released: Promise<void>) {
    if (step == 'idle') {
      // The facade fetches ahead when the page is idle: that moment is held back.
      await page.exposeFunction('heldIdle', () => released)
      await page.addInitScript(() => {
        window.requestIdleCallback = (f) => (void (window as any).heldIdle().then(() => f({ didTimeout: false, timeRemaining: () => 50 })), 0)
      })
    } else if (step == 'fetch' || step == 'views') {
      await page.route(`**/dist/${step == 'fetch' ? 'loyalkit-ui.js' : 'loyalkit-views.js'}`, async (route) => {
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
            if (handOver) v.__ui = (mount: any) => handOver(async (ctx: unknown) => (await (window as any).heldMount(), mount(ctx)))
          },
        })
      })
    }
  }

  /** The page brought to `step`, held there. */
  async function reach(page: Page, step: Step) {
    const uiAsked: string[] = []
    page.on('request', (r) => r.url().includes('/dist/loyalkit-ui.js') && uiAsked.push(r.url()))
    const prefetched = step == 'fetched' ? page.waitForResponse((r) => r.url().includes('/dist/loyalkit-ui.js')) : null
    const viewsAsked = step == 'views' ? page.waitForRequest((r) => r.url().includes('/dist/loyalkit-views.js')) : null
    await page.goto(env.site.url('bare.html'))
    await launcherOf(page).waitFor()
    const ran = () => page.evaluate(() => !!(window as any).loyalkit?.__s)
    if (step == 'idle') {
      await page.waitForTimeout(300)
      expect(uiAsked).toEqual([])
    }
    if (step == 'fetched') {
      // The page is idle: loyalkit-ui.js has been fetched ahead, and has not run.
      await (await prefetched!).finished()
      expect(await ran()).toBe(false)
    }
    if (step == 'mount' || step == 'views') {
      // The pointer on the launcher runs loyalkit-ui.js (it shares its modules through the facade).
      await launcherOf(page).hover()
      await page.waitForFunction(() => !!(window as any).loyalkit?.__s, null, { timeout: 15_000 })
      if (step == 'views') await viewsAsked
      else expect(await page.evaluate(() => !!document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog'))).toBe(false)
    }
  }

  async function held(step: Step, act: (page: Page) => Promise<void>, o: { cpu?: number; touch?: boolean } = {}) {
    const context = await env.newContext(o.touch ? { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } } : undefined)
    const page = await context.newPage()
    const p = await probe(page)
    if (o.cpu) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: o.cpu })
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    await hold(page, step, released)
    await page.addInitScript(() => {
      document.addEventListener('loyalkit:open', () => ((window as any).opened = ((window as any).opened ?? 0) + 1))
    })
    await reach(page, step)
    await act(page)
    const launcher = launcherOf(page)
    if (step == 'fetch' || step == 'mount') {
      // Held while the click waits for it: the launcher says it is at work, to a screen reader and to the pointer.
      await expect.poll(() => launcher.getAttribute('aria-busy')).toBe('true')
      expect(await launcher.evaluate((b) => getComputedStyle(b).cursor)).toBe('progress')
    }
    release()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.waitFor({ timeout: 15_000 })
    // Opened once, and still open a moment later (not toggled shut by a second handler).
    await page.waitForTimeout(300)
    expect(await dialog.isVisible()).toBe(true)
    expect(await page.evaluate(() => (window as any).opened)).toBe(1)
    expect(await launcher.getAttribute('aria-expanded')).toBe('true')
    expect(await launcher.getAttribute('aria-busy')).toBe(null)
    expect(await launcher.evaluate((b) => getComputedStyle(b).cursor)).toBe('pointer')
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  }

  const ACTS: Record<string, (page: Page) => Promise<void>> = {
    'a click': (page) => launcherOf(page).click(),
    Enter: async (page) => {
      await launcherOf(page).focus()
      await page.keyboard.press('Enter')
    },
    Space: async (page) => {
      await launcherOf(page).focus()
      await page.keyboard.press(' ')
    },
  }
  const steps = Object.keys(MOMENTS) as Step[]

  describe.each(steps)('%s', (step) => {
    it.each(Object.keys(ACTS))(`%s ${MOMENTS[step]}`, (act) => held(step, ACTS[act]!))
    it(`a click ${MOMENTS[step]}, at 4× CPU throttling`, () => held(step, ACTS['a click']!, { cpu: 4 }))
  })
  it.each(['idle', 'fetched'] as const)('a tap on a touch screen, %s', (step) => held(step, (page) => launcherOf(page).tap(), { touch: true }))
})
