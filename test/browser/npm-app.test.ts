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
import type { Browser } from 'playwright-core'
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
    `window.loyalty = createLoyalty({ endpoint: ${JSON.stringify(api.url + '/v1')}, program: 'pk_demo_trailpack', locale: 'en' })`,
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

it('draws the launcher at once, loads the UI only on intent, opens a working panel, and destroy removes it all', async () => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const p = await probe(page)
  const scripts: string[] = []
  page.on('request', (r) => void (r.resourceType() == 'script' && scripts.push(new URL(r.url()).pathname)))
  await page.goto(origin + '/')
  await page.waitForLoadState('networkidle')
  const atLoad = scripts.length
  await page.getByRole('button', { name: 'Start' }).click()
  const launcher = page.getByRole('button', { name: 'Rewards', exact: true })
  await launcher.waitFor()
  await page.waitForTimeout(500)
  // Only the app's own chunk so far: the UI waits for the shopper.
  expect(scripts.length).toBe(atLoad)
  await launcher.click()
  const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
  await dialog.getByRole('button', { name: 'Join now' }).waitFor()
  expect(scripts.length).toBeGreaterThan(atLoad)
  // The pinned `state` signals are the ones the UI fills.
  expect(await page.evaluate(() => (window as any).loyalty.state.program.value?.key)).toBe('pk_demo_trailpack')
  expect(await page.evaluate(async () => (await (window as any).loyalty.ready).program.key)).toBe('pk_demo_trailpack')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })
  await page.evaluate(() => (window as any).loyalty.destroy())
  expect(await page.locator('loyalkit-widget').count()).toBe(0)
  expect(p.consoleErrors).toEqual([])
  expect(await p.fatal()).toEqual([])
  await context.close()
})
