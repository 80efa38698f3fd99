/**
 * The widget on a page it does not control, in real Chromium: a strict CSP with Trusted Types,
 * hostile page CSS, and the page's global scope, none of which may break it or be disturbed by it.
 */
import { describe, expect, it } from 'vitest'
import { ratio, type RGB } from '../../src/ui/contrast.ts'
import { join, launcherOf, uiMounted, useEmbedSite, widgets } from './embed-suite.ts'
import { probe } from './embed-probe.ts'

const env = useEmbedSite()

describe("the host page's rules and globals", () => {
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

  it('a strict CSP whose Trusted Types list leaves `loyalkit` out: nothing thrown into the page, and a click says why', async () => {
    const { page, probe } = await env.open('csp-other-policy.html')
    const launcher = launcherOf(page)
    await launcher.waitFor()
    // While the page is idle the UI is fetched ahead, which needs no policy: nothing refused, nothing thrown.
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/loyalkit-ui.js'))), { timeout: 15_000 })
      .toBe(true)
    await page.waitForLoadState('networkidle')
    expect(probe.pageErrors).toEqual([])
    expect(await probe.records()).toEqual({ unhandled: [], violations: [], loyalkitErrors: [] })

    // Running the UI needs the policy, and the page refuses it: one clear error, the launcher free again.
    await launcher.click()
    await expect.poll(async () => (await probe.records()).loyalkitErrors.map((e) => e.code)).toEqual(['not_ready'])
    expect(await launcher.getAttribute('aria-busy')).toBe(null)
    expect(probe.consoleErrors.filter((m) => m.startsWith('loyalkit:'))).toEqual(['loyalkit: loading loyalkit-ui.js failed (network, integrity or CSP)'])
    const records = await probe.records()
    expect(records.violations.length).toBeGreaterThan(0)
    expect(records.violations.filter((v) => !v.startsWith('trusted-types '))).toEqual([])
    expect(records.unhandled).toEqual([])
    expect(probe.pageErrors).toEqual([])
    expect(await page.getByRole('dialog').count()).toBe(0)
  })

  // A framework that hydrates the whole document (React 18 under hydrateRoot(document)) removes what it did
  // not render, the widget's host among it: an open() afterwards still opens the panel.
  it.each(['before the UI has run', 'after the UI has run', 'while the panel is open'] as const)(
    'a page that takes the widget out of the document (%s): open() puts it back and opens the panel, nothing thrown',
    async (when) => {
      const { page, probe } = await env.open('bare.html')
      const launcher = launcherOf(page)
      await launcher.waitFor()
      if (when == 'after the UI has run') {
        await launcher.hover()
        await uiMounted(page)
      }
      if (when == 'while the panel is open') {
        await launcher.click()
        await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Join now' }).waitFor()
      }
      await page.evaluate(() => document.querySelector('loyalkit-widget')!.remove())
      expect(await widgets(page)).toBe(0)
      await page.evaluate(() => void (window as unknown as { loyalkit: (c: string) => unknown }).loyalkit('open'))
      await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Join now' }).waitFor({ timeout: 15_000 })
      expect(await widgets(page)).toBe(1)
      // A modal dialog again, and still one a few frames later (a late close event of the removed one changes nothing).
      const modal = () =>
        page.evaluate(async () => {
          for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame)
          return document.querySelector('loyalkit-widget')!.shadowRoot!.querySelector('dialog')!.matches(':modal')
        })
      expect(await modal()).toBe(true)
      expect(await launcher.getAttribute('aria-expanded')).toBe('true')
      expect(probe.consoleErrors).toEqual([])
      expect(probe.pageErrors).toEqual([])
      expect(await probe.fatal()).toEqual([])
    },
  )

  // The store's brand colour kept readable, also when the views (which check it) arrive while the page has
  // the widget out of the document, where no colour can be read: checked again when open() puts it back.
  it.each(['in the document', 'taken out of the document as the views arrive'] as const)(
    'a primary colour too light for the launcher text is darkened to 4.5:1, with one warning (%s)',
    async (where) => {
      const { page, probe } = await env.open('bare.html')
      await page.addStyleTag({ content: ':root { --loyalkit-color-primary: #ffff00 }' })
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      await page.route('**/dist/loyalkit-views.js', async (route) => {
        await held
        await route.continue()
      })
      const launcher = launcherOf(page)
      await launcher.click()
      await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByRole('button', { name: 'Join now' }).waitFor()
      const primary = () => page.evaluate(() => (window as unknown as { host: HTMLElement }).host.style.getPropertyValue('--p'))
      const sheets = await page.evaluate(() => {
        const host = ((window as unknown as { host: HTMLElement }).host = document.querySelector('loyalkit-widget')!)
        return host.shadowRoot!.adoptedStyleSheets.length
      })
      if (where != 'in the document') await page.evaluate(() => (window as unknown as { host: HTMLElement }).host.remove())
      release()
      // The views have arrived once their style sheet is in the widget's shadow root.
      await page.waitForFunction((n) => (window as unknown as { host: HTMLElement }).host.shadowRoot!.adoptedStyleSheets.length > n, sheets)
      if (where != 'in the document') {
        expect(await primary()).toBe('')
        await page.evaluate(() => void (window as unknown as { loyalkit: (c: string) => unknown }).loyalkit('open'))
      }
      await expect.poll(primary).toMatch(/^#[0-9a-f]{6}$/)
      const [background, text] = await launcher.evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color])
      const rgb = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number) as RGB
      expect(ratio(rgb(background), rgb(text))).toBeGreaterThanOrEqual(4.5)
      expect(probe.consoleWarnings.filter((m) => m.includes('contrast'))).toEqual([
        `loyalkit: the primary colour #ffff00 fails 4.5:1 contrast with its text; using ${await primary()} instead.`,
      ])
      expect(probe.consoleErrors).toEqual([])
      expect(probe.pageErrors).toEqual([])
    },
  )

  it('a page that replaces window.loyalkit once the UI has run: the other views say they failed, and nothing is thrown', async () => {
    const { page, probe } = await env.open('bare.html')
    // loyalkit-views.js arrives only once the page has replaced the global the files share.
    let release!: () => void
    const replaced = new Promise<void>((r) => (release = r))
    await page.route('**/dist/loyalkit-views.js', async (route) => {
      await replaced
      await route.continue()
    })
    const launcher = launcherOf(page)
    await launcher.hover()
    await uiMounted(page)
    await page.evaluate(() => void ((window as unknown as { loyalkit: unknown }).loyalkit = () => {}))
    release()
    await launcher.click()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.getByRole('button', { name: 'Join now' }).click()
    await dialog.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 15_000 })
    expect(probe.pageErrors).toEqual([])
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

  it("run while the page is still arriving, it draws the launcher at once and leaves the page's elements together", async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    // The server holds the page after its header (embed-server.ts) while loyalkit.js, async, loads and runs.
    await page.goto(env.site.url('parsing.html'), { waitUntil: 'commit' })
    await launcherOf(page).waitFor()
    expect(await page.evaluate(() => document.readyState)).toBe('loading')
    // A command made meanwhile runs.
    await page.evaluate(() => void (window as any).loyalkit('open'))
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()

    env.site.release()
    await page.waitForFunction(() => document.readyState == 'complete')
    // Appended to <body> mid-parse, the host would sit between the header and main, breaking `header + main`
    // rules: it is <html>'s last child, after <body>.
    expect(await page.evaluate(() => [...document.body.children].map((e) => e.localName))).toEqual(['header', 'main', 'footer'])
    expect(await page.evaluate(() => [...document.documentElement.children].map((e) => e.localName))).toEqual(['head', 'body', 'loyalkit-widget'])
    expect(await page.evaluate(() => document.querySelector('header + main')?.id)).toBe('main')
    await expect.poll(() => page.getByRole('dialog', { name: 'Trailpack Rewards' }).isVisible()).toBe(true)
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
