/**
 * Embedding in real Chromium ("Any page" and "Tests"): the script tag on
 * pages of a separate static site (test/browser/embed-pages/, served by
 * embed-server.ts), talking cross-origin to the reference loyalty server:
 * the command queue and the config. Loading is in embed-loading.test.ts,
 * teardown in embed-lifecycle.test.ts, strict CSP, hostile CSS and globals in
 * embed-host-page.test.ts, SPAs and inline elements in embed-spa.test.ts.
 * Every page also checks that nothing reached the host: no uncaught error, no
 * unhandled rejection, no CSP violation.
 */
import { describe, expect, it } from 'vitest'
import { launcherOf, uiMounted, useEmbedSite, widgets } from './embed-suite.ts'

const env = useEmbedSite()

/** Runs in the page once loyalkit.js has loaded: close, open('tiers') and refresh, awaited one by one. */
async function callsAfterLoad() {
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
}

describe('the command queue and the loyalkit() global', () => {
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
    const after = await page.evaluate(callsAfterLoad)
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
})

describe('the panel opened by the page', () => {
  it("gives focus back to the page's own button that opened it, not to the launcher", async () => {
    const { page, probe } = await env.open('plain.html')
    await launcherOf(page).waitFor()
    // The store's own "My rewards" button, as a header menu would have it.
    await page.evaluate(() => {
      const b = document.createElement('button')
      b.id = 'my-rewards'
      b.textContent = 'My rewards'
      b.addEventListener('click', () => (window as any).loyalkit.open('rewards'))
      document.body.prepend(b)
    })
    const own = page.getByRole('button', { name: 'My rewards' })
    await own.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Rewards', exact: true })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('my-rewards')
    expect(await probe.fatal()).toEqual([])
  })

  it('gives focus to the launcher when nothing had it before (a command, a deep link)', async () => {
    const { page, probe } = await env.open('plain.html')
    await launcherOf(page).waitFor()
    await page.evaluate(() => (window as any).loyalkit.open('rewards'))
    const dialog = page.getByRole('dialog', { name: 'Rewards', exact: true })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await expect
      .poll(() => launcherOf(page).evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement == el))
      .toBe(true)
    expect(await probe.fatal()).toEqual([])
  })
})

describe('config from the script tag and from init', () => {
  it('takes data-customer-token off its tag once read, and identifies the shopper with it', async () => {
    const token = await env.mintToken(`embed-token-${Date.now()}`)
    const { page, probe, api } = await env.open('customer-token.html', { TOKEN: token })
    await page.waitForFunction(() => (window as any).loyalkit?.__ui)

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

  // The way an app loads a script itself: the tag first, init once it has loaded (no stub, no data-*).
  it('a tag without data-* waits for init, also one called after it has loaded: no error before, the launcher after', async () => {
    const { page, probe } = await env.open('lifecycle.html')
    await page.evaluate(
      ({ src, integrity }) => {
        delete (window as { loyalkit?: unknown }).loyalkit
        document.head.append(Object.assign(document.createElement('script'), { src, integrity, crossOrigin: 'anonymous' }))
      },
      { src: env.site.origin + '/dist/loyalkit.js', integrity: env.site.integrity },
    )
    await page.waitForFunction(() => !!(window as { loyalkit?: { __ui?: unknown } }).loyalkit?.__ui)
    await page.waitForTimeout(500)
    expect(probe.consoleErrors).toEqual([])
    expect((await probe.records()).loyalkitErrors).toEqual([])
    expect(await widgets(page)).toBe(0)
    const cfg = { endpoint: env.site.endpoint, program: env.site.program }
    await page.evaluate((cfg) => (window as any).loyalkit('init', cfg), cfg)
    await launcherOf(page).click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    expect(probe.consoleErrors).toEqual([])
    expect((await probe.records()).loyalkitErrors).toEqual([])
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
})
