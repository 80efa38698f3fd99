/**
 * The npm entry in a real app, end to end: a Vite app built with `loyalkit` as a package, served on
 * its own origin, the reference server on another. Nothing of the UI is fetched until the shopper
 * reaches for the launcher; then the panel works, and destroy takes everything away.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startDemo } from '../../demo/start.ts'
import { contentType, resolveInside } from '../../server/src/http/static-files.ts'
import { buildViteApp, type ViteApp } from '../vite-app.ts'
import { probe } from './embed-probe.ts'
import { launch } from './harness.ts'

let browser: Browser
let app: ViteApp
let site: Server
let origin = ''
let api: Awaited<ReturnType<typeof startDemo>>
let dataDir = ''

beforeAll(async () => {
  site = createServer(async (req, res) => {
    const file = await resolveInside(app.outDir, new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html'))
    if (!file) return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': contentType(file) }).end(readFileSync(file))
  })
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
  dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-npm-app-'))
  api = await startDemo({ port: 0, dataDir, quiet: true, allowedOrigins: [origin] })
  app = await buildViteApp(
    "import { createLoyalty } from 'loyalkit'",
    `window.loyalty = createLoyalty({ endpoint: ${JSON.stringify(api.url + '/v1')}, program: 'pk_demo_trailpack', locale: new URLSearchParams(location.search).get('lang') ?? 'en' })`,
  )
  browser = await launch()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await api?.close()
  await new Promise((r) => site?.close(r))
  app?.remove()
  rmSync(dataDir, { recursive: true, force: true })
})

const isUi = (path: string) => /\/assets\/npm-ui-/.test(path)
const isLauncher = (path: string) => /\/assets\/npm-launcher-/.test(path)
const isLatvianPack = (path: string) => /\/assets\/lv-/.test(path)

/**
 * The app, loaded and idle, with its script requests recorded; `hold` delays the matching chunks until
 * released. `lang`: the language the app asks Loyalkit for (English by default).
 */
async function openApp(hold?: (path: string) => boolean, fail?: (path: string) => boolean, lang?: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const p = await probe(page)
  const scripts: string[] = []
  page.on('request', (r) => void (r.resourceType() == 'script' && scripts.push(new URL(r.url()).pathname)))
  let release!: () => void
  const released = new Promise<void>((r) => (release = r))
  let failures = 0
  await page.route('**/assets/*.js', async (route) => {
    const path = new URL(route.request().url()).pathname
    if (fail?.(path) && failures++ == 0) return route.abort('connectionreset')
    if (hold?.(path)) await released
    await route.continue()
  })
  await page.goto(origin + '/' + (lang ? '?lang=' + lang : ''))
  await page.waitForLoadState('networkidle')
  return { context, page, p, scripts, release }
}

const launcherOf = (page: Page) => page.getByRole('button', { name: 'Rewards', exact: true })
const latvianLauncherOf = (page: Page) => page.getByRole('button', { name: 'Atlīdzības', exact: true })
/** The program's GETs to the API, recorded from now on (their addresses). */
function programRequests(page: Page): string[] {
  const programs: string[] = []
  page.on('request', (r) => void (r.url().startsWith(api.url) && r.method() == 'GET' && /\/programs\//.test(r.url()) && programs.push(r.url())))
  return programs
}
const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Trailpack Rewards' })
const loyalty = (page: Page, call: string) => page.evaluate(`window.loyalty.${call}`)

it('draws the launcher from one small chunk at once, loads the UI only on intent, opens a working panel, and destroy removes it all', async () => {
  const { context, page, p, scripts } = await openApp()
  const atLoad = scripts.length
  await page.getByRole('button', { name: 'Start' }).click()
  const launcher = launcherOf(page)
  await launcher.waitFor()
  await page.waitForTimeout(500)
  // The app's own chunk, then only the launcher's: the UI waits for the shopper.
  expect(scripts.slice(atLoad)).toEqual([expect.stringMatching(/\/assets\/npm-launcher-/)])
  await launcher.click()
  const dialog = dialogOf(page)
  await dialog.getByRole('button', { name: 'Join now' }).waitFor()
  expect(scripts.some(isUi)).toBe(true)
  // The pinned `state` signals are the ones the UI fills.
  expect(await page.evaluate(() => (window as any).loyalty.state.program.value?.key)).toBe('pk_demo_trailpack')
  expect(await page.evaluate(async () => (await (window as any).loyalty.ready).program.key)).toBe('pk_demo_trailpack')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })
  await loyalty(page, 'destroy()')
  expect(await page.locator('loyalkit-widget').count()).toBe(0)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

// As with the script tag: a deep link or an inline element brings the UI without a touch.
it.each(['in the address as the widget comes up', 'reached by an SPA route change before the UI has run'] as const)(
  'a deep link (?loyalkit=tiers) %s opens the panel on that view',
  async (when) => {
    const { context, page, p, scripts } = await openApp()
    if (when == 'in the address as the widget comes up') await page.goto(origin + '/?loyalkit=tiers')
    await page.getByRole('button', { name: 'Start' }).click()
    await launcherOf(page).waitFor()
    if (when != 'in the address as the widget comes up') {
      await page.waitForTimeout(300)
      expect(scripts.some(isUi)).toBe(false)
      await page.evaluate(() => history.pushState(null, '', '/?loyalkit=tiers'))
    }
    await page.getByRole('dialog', { name: 'Tiers', exact: true }).waitFor({ timeout: 15_000 })
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
    await context.close()
  },
)

it('an inline element on the page when the widget is created brings the UI, and is drawn', async () => {
  const { context, page, p, scripts } = await openApp()
  await page.evaluate(() => document.querySelector('main')!.append(document.createElement('loyalkit-points')))
  await page.getByRole('button', { name: 'Start' }).click()
  const join = page.locator('loyalkit-points').getByRole('button', { name: 'Join now' })
  await join.waitFor({ timeout: 15_000 })
  expect(scripts.some(isUi)).toBe(true)
  await join.click()
  await dialogOf(page).getByLabel('Email', { exact: true }).waitFor()
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it('open() before the launcher is drawn fetches the UI beside it, and opens the panel, once, when both arrive', async () => {
  const { context, page, p, scripts, release } = await openApp(isLauncher)
  await page.evaluate(() => document.addEventListener('loyalkit:open', () => ((window as any).opens = ((window as any).opens ?? 0) + 1)))
  await page.getByRole('button', { name: 'Start' }).click()
  await loyalty(page, "open('home')")
  await page.waitForTimeout(300)
  expect(await page.locator('loyalkit-widget').count()).toBe(0)
  // The UI is on its way beside the launcher, not after it.
  expect(scripts.some(isUi)).toBe(true)
  release()
  await dialogOf(page).getByRole('button', { name: 'Join now' }).waitFor()
  await page.getByRole('button', { name: 'Rewards', exact: true, expanded: true }).waitFor()
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as any).opens)).toBe(1)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it('destroy() before the launcher is drawn: it is never drawn, and nothing more loads', async () => {
  const { context, page, p, scripts, release } = await openApp(isLauncher)
  // Whether the host ever joins the page, however briefly.
  await page.evaluate(() => {
    new MutationObserver((records) => {
      if (records.some((r) => [...r.addedNodes].some((n) => n.nodeName == 'LOYALKIT-WIDGET'))) (window as any).drawn = true
    }).observe(document.documentElement, { childList: true, subtree: true })
  })
  await page.getByRole('button', { name: 'Start' }).click()
  await loyalty(page, 'destroy()')
  const arrived = page.waitForEvent('requestfinished', (r) => isLauncher(new URL(r.url()).pathname))
  release()
  await arrived
  // The chunk has arrived; its module runs in a task or two.
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as any).drawn ?? false)).toBe(false)
  expect(await page.locator('loyalkit-widget').count()).toBe(0)
  expect(scripts.some(isUi)).toBe(false)
  // A command after destroy is refused, clearly.
  expect(await page.evaluate(() => (window as any).loyalty.refresh().catch((e: Error) => e.message))).toMatch(/destroyed/)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it('destroy() once the launcher is drawn takes it away at once', async () => {
  const { context, page, p } = await openApp()
  await page.getByRole('button', { name: 'Start' }).click()
  await launcherOf(page).waitFor()
  expect(await page.evaluate(() => ((window as any).loyalty.destroy(), document.querySelectorAll('loyalkit-widget').length))).toBe(0)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it.each(['a click', 'Enter', 'Space'])('%s while the UI is still loading opens the panel, once, when it arrives', async (act) => {
  const { context, page, p, release } = await openApp(isUi)
  await page.evaluate(() => document.addEventListener('loyalkit:open', () => ((window as any).opened = ((window as any).opened ?? 0) + 1)))
  await page.getByRole('button', { name: 'Start' }).click()
  if (act == 'a click') await launcherOf(page).click()
  else {
    await launcherOf(page).focus()
    await page.keyboard.press(act == 'Enter' ? 'Enter' : ' ')
  }
  await page.waitForTimeout(300)
  expect(await dialogOf(page).count()).toBe(0)
  // Meanwhile the launcher says it is at work, to a screen reader and to the pointer.
  const launcher = launcherOf(page)
  expect(await launcher.getAttribute('aria-busy')).toBe('true')
  expect(await launcher.evaluate((b) => getComputedStyle(b).cursor)).toBe('progress')
  release()
  await dialogOf(page).getByRole('button', { name: 'Join now' }).waitFor()
  await page.getByRole('button', { name: 'Rewards', exact: true, expanded: true }).waitFor()
  // Opened once, and still open a moment later (not toggled shut by a second handler); no longer at work.
  await page.waitForTimeout(300)
  expect(await dialogOf(page).isVisible()).toBe(true)
  expect(await page.evaluate(() => (window as any).opened)).toBe(1)
  const opened = page.getByRole('button', { name: 'Rewards', exact: true, expanded: true })
  expect(await opened.getAttribute('aria-busy')).toBe(null)
  expect(await opened.evaluate((b) => getComputedStyle(b).cursor)).toBe('pointer')
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it("a click asks for the program beside the UI's chunk, not once the UI has run: one round trip, and the UI uses it", async () => {
  const { context, page, p, release } = await openApp(isUi)
  const programs = programRequests(page)
  await page.getByRole('button', { name: 'Start' }).click()
  await launcherOf(page).waitFor()
  await page.waitForTimeout(300)
  // Nothing is asked for before the shopper reaches for the launcher…
  expect(programs).toEqual([])
  await launcherOf(page).click()
  // …then the program, while the UI's chunk is still held back.
  await expect.poll(() => programs.length).toBe(1)
  expect(new URL(programs[0]!).searchParams.get('locale')).toBe('en')
  release()
  await dialogOf(page).getByRole('button', { name: 'Join now' }).waitFor()
  // The UI took it: it did not ask again.
  await page.waitForTimeout(300)
  expect(programs).toHaveLength(1)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it("in another language, a click asks for that language's pack beside the UI's chunk, not once the UI has run", async () => {
  const { context, page, p, scripts, release } = await openApp(isUi, undefined, 'lv')
  await page.getByRole('button', { name: 'Start' }).click()
  const launcher = latvianLauncherOf(page)
  await launcher.waitFor()
  await page.waitForTimeout(300)
  // Nothing of the language is asked for before the shopper reaches for the launcher…
  expect(scripts.filter(isLatvianPack)).toEqual([])
  await launcher.click()
  // …then its pack, while the UI's chunk is still held back.
  await expect.poll(() => scripts.filter(isLatvianPack).length).toBe(1)
  release()
  await page.getByRole('dialog').getByRole('button', { name: 'Pievienoties' }).waitFor()
  // One request for the pack in all.
  expect(scripts.filter(isLatvianPack)).toHaveLength(1)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it('a command before the launcher is drawn: the program and the pack are still asked for beside the UI chunk, once the language is chosen', async () => {
  const { context, page, p, scripts, release } = await openApp(isLauncher, undefined, 'lv')
  let releaseUi!: () => void
  const uiHeld = new Promise<void>((r) => (releaseUi = r))
  await page.route('**/assets/npm-ui-*.js', async (route) => {
    await uiHeld
    await route.fallback()
  })
  const programs = programRequests(page)
  await page.getByRole('button', { name: 'Start' }).click()
  // The app reads `state` at once, as a framework's bindings do: the UI is asked for before the launcher is drawn.
  await page.evaluate('void window.loyalty.state')
  await expect.poll(() => scripts.some(isUi)).toBe(true)
  expect(programs).toEqual([])
  release()
  await latvianLauncherOf(page).waitFor()
  // The language chosen, its pack and the program come while the UI's chunk is still held back.
  await expect.poll(() => scripts.filter(isLatvianPack).length).toBe(1)
  await expect.poll(() => programs.length).toBe(1)
  expect(new URL(programs[0]!).searchParams.get('locale')).toBe('lv')
  releaseUi()
  await loyalty(page, "open('home')")
  await page.getByRole('dialog').getByRole('button', { name: 'Pievienoties' }).waitFor()
  expect(programs).toHaveLength(1)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it("the language's pack failing to load: said once (Vite's event for the app, the widget's warning), and the panel opens in English", async () => {
  const { context, page, p, scripts } = await openApp(undefined, isLatvianPack, 'lv')
  await page.evaluate(() => addEventListener('vite:preloadError', () => ((window as any).preloadErrors = ((window as any).preloadErrors ?? 0) + 1)))
  await page.getByRole('button', { name: 'Start' }).click()
  const launcher = latvianLauncherOf(page)
  await launcher.click()
  // Nothing is lost: the panel opens, in English, the language it has.
  await page.getByRole('dialog').getByRole('button', { name: 'Join now' }).waitFor()
  expect(scripts.filter(isLatvianPack)).toHaveLength(1)
  expect(await page.evaluate(() => (window as any).preloadErrors)).toBe(1)
  expect(p.consoleWarnings).toEqual(['loyalkit: could not load the "lv" locale pack; showing English'])
  expect(p.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it("the launcher chunk failing to load: one clear error, Vite's own event for the app, and each later command refused with it", async () => {
  const { context, page, p, scripts } = await openApp(undefined, isLauncher)
  await page.evaluate(() => addEventListener('vite:preloadError', () => ((window as any).preloadErrors = ((window as any).preloadErrors ?? 0) + 1)))
  await page.getByRole('button', { name: 'Start' }).click()
  // The browser reports the failed request itself; the widget says it once, in its own words.
  const message = 'loyalkit: loading the widget failed (network); reload the page to try again'
  const ours = () => p.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))
  await expect.poll(ours).toEqual([message])
  expect((await p.records()).loyalkitErrors).toEqual([{ code: 'not_ready', message, operation: 'init' }])
  // An app that reloads on Vite's event (as Vite advises for chunks gone after a deploy) recovers.
  expect(await page.evaluate(() => (window as any).preloadErrors)).toBe(1)
  expect(await page.locator('loyalkit-widget').count()).toBe(0)
  // The browser keeps the failed module: a command is refused with the same clear error, nothing hangs,
  // and the UI is not fetched for a widget that cannot show.
  expect(await page.evaluate(() => (window as any).loyalty.refresh().catch((e: Error) => e.message))).toBe(message)
  await loyalty(page, "open('home')")
  await expect.poll(ours).toEqual([message, message])
  // A request would be seen within this (it is, when the UI is imported beside the launcher).
  await page.waitForTimeout(1000)
  expect(scripts.some(isUi)).toBe(false)
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it('the UI chunk failing to load: a click says so once (not the pointer that came before it), and the launcher is no longer at work', async () => {
  const { context, page, p } = await openApp(undefined, isUi)
  await page.getByRole('button', { name: 'Start' }).click()
  const launcher = launcherOf(page)
  // The pointer reaching the launcher asks for the UI too; the click that follows is what fails aloud.
  await launcher.hover()
  await page.waitForTimeout(300)
  await launcher.click()
  const message = 'loyalkit: loading the widget failed (network); reload the page to try again'
  const ours = () => p.consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))
  await expect.poll(ours).toEqual([message])
  expect((await p.records()).loyalkitErrors).toEqual([{ code: 'not_ready', message, operation: 'init' }])
  expect(await launcher.getAttribute('aria-busy')).toBe(null)
  expect(await launcher.evaluate((b) => getComputedStyle(b).cursor)).toBe('pointer')
  expect(await page.getByRole('dialog').count()).toBe(0)
  expect(await p.fatal()).toEqual([])
  await context.close()
})

it('drawing failing (a browser without constructable stylesheets): said once as itself, not as the network', async () => {
  const { context, page, p } = await openApp()
  // Such a browser (before Safari 16.4 and Firefox 101) cannot draw the launcher.
  await page.evaluate(() => Object.defineProperty(window, 'CSSStyleSheet', { value: undefined }))
  await page.getByRole('button', { name: 'Start' }).click()
  await expect.poll(() => p.consoleErrors).toEqual([expect.stringMatching(/CSSStyleSheet is not a constructor/)])
  expect((await p.records()).loyalkitErrors).toEqual([])
  expect(await page.locator('loyalkit-widget').count()).toBe(0)
  // A command gets the same error, not "the network failed".
  expect(await page.evaluate(() => (window as any).loyalty.refresh().catch((e: Error) => e.message))).toMatch(/CSSStyleSheet is not a constructor/)
  expect(await p.fatal()).toEqual([])
  await context.close()
})
