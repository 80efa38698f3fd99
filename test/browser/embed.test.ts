/**
 * Embedding in real Chromium ("Any page" and "Tests"): the script tag on
 * pages of a separate static site (test/browser/embed-pages/, served by
 * embed-server.ts), talking cross-origin to the reference loyalty server:
 * config, the command queue, strict CSP, hostile CSS, SPAs, inline elements.
 * Loading is in embed-loading.test.ts, teardown in embed-lifecycle.test.ts.
 * Every page also checks that nothing reached the host: no uncaught error, no
 * unhandled rejection, no CSP violation.
 */
import { describe, expect, it } from 'vitest'
import { freshEmail, join, launcherOf, uiMounted, useEmbedSite, widgets } from './embed-suite.ts'
import { probe } from './embed-probe.ts'

const env = useEmbedSite()

describe('the script tag on any page (real Chromium, cross-origin API)', () => {
  it('replays calls queued through the stub in order, and every later call returns a Promise', async () => {
    const { page, probe } = await env.open('queue.html')
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
      .then(
        () => true,
        () => false,
      )
    expect.soft(tiersShown, 'panel open on Tiers after `await loyalkit("close")` then `await loyalkit.open("tiers")`').toBe(true)
    const events: string[] = await page.evaluate(() => (window as any).embedLog)
    expect
      .soft(
        events.filter((x) => !x.startsWith('ready')),
        'open/close events',
      )
      .toEqual(['open:earn', 'close:earn', 'open:rewards', 'close:rewards', 'open:tiers'])

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
    const token = await env.mintToken(`embed-token-${Date.now()}`)
    const { page, probe, api } = await env.open('customer-token.html', { TOKEN: token })
    await page.waitForFunction(() => (window as any).loyalkit?.__lk)

    // Gone from the DOM as soon as loyalkit.js has run; the rest of its config stays.
    const tag = await page.evaluate(() => {
      const s = document.querySelector<HTMLScriptElement>('script[src$="/dist/loyalkit.js"]')!
      return { has: s.hasAttribute('data-customer-token'), dataset: { ...s.dataset } }
    })
    expect(tag.has).toBe(false)
    expect(tag.dataset).toEqual({ endpoint: env.site.endpoint, program: env.site.program })
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
    const { page, probe } = await env.open('twice.html')
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
    const { page, probe } = await env.open(file)
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
    const { page, probe } = await env.open('init-twice.html')
    await launcherOf(page).waitFor()
    const result = await page.evaluate(
      async ({ endpoint, program }) => {
        const lk = (window as any).loyalkit
        const settle = (p: Promise<unknown>) =>
          p.then(
            () => ({ ok: true, code: '', message: '' }),
            (e: { code: string; message: string }) => ({ ok: false, code: e.code, message: e.message }),
          )
        const same = await settle(lk('init', { endpoint, program }))
        const different = await settle(lk('init', { endpoint, program: 'pk_another_program' }))
        return { same, different }
      },
      { endpoint: env.site.endpoint, program: env.site.program },
    )
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
    const { page, probe } = await env.open('elements.html')
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
    const { page, probe } = await env.open('csp.html')
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
      const { page, probe } = await env.open(file)
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
    await plain.page.context().close()
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
    const { page, probe } = await env.open('spa/home')
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
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    // A slow network: loyalkit-ui.js arrives only after the shopper has navigated.
    let release!: () => void
    const released = new Promise<void>((r) => (release = r))
    await page.route('**/dist/loyalkit-ui.js', async (route) => {
      await released
      await route.continue()
    })
    await page.goto(env.site.url('spa/home'))
    await launcherOf(page).waitFor()
    await page.getByRole('navigation', { name: 'Shop' }).getByRole('link', { name: 'Our loyalty tiers' }).click()
    await page.getByRole('heading', { name: 'Products' }).waitFor()
    release()
    await uiMounted(page)
    await page.getByRole('dialog', { name: 'Tiers', exact: true }).waitFor({ timeout: 5_000 })
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })

  it('adds no global but window.loyalkit (bare page, UI and views loaded)', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    await page.addInitScript(() => {
      Object.defineProperty(window, Symbol.for('embed.before'), { value: Object.getOwnPropertyNames(window) })
    })
    await page.goto(env.site.url('bare.html'))
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
