/**
 * The merchant console (/admin) in real Chromium against the reference server, as a
 * store owner uses it: sign in with the demo password, read the Overview, find a
 * member by email and adjust their points, erase one through the confirmation
 * dialog, create and revoke an API key, add and delete a webhook endpoint, read the
 * audit log, switch to Latvian; then axe (WCAG 2.0–2.2 A/AA) and reflow on every
 * page in light, dark (toggle and prefers-color-scheme), 320 px and Latvian; and the
 * sign-in lock-out after five wrong passwords. The console is built first
 * (server/admin/dist, what the server serves).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PACKS, type Lang, type Messages } from '../../server/admin/src/i18n.ts'
import { DEV_ADMIN_PASSWORD } from '../../server/src/config.ts'
import { launch, startDemo, watch, type Demo } from './harness.ts'
import { launcherOf } from './widget.ts'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const PROGRAM_KEY = (JSON.parse(readFileSync(new URL('../../demo/programs/trailpack.json', import.meta.url), 'utf8')) as { key: string }).key
const en = PACKS.en

let browser: Browser
let demo: Demo

interface Joined {
  id: string
  email: string
  name: string
  balance: number
}

/** A member made through the store API, as the widget would. */
async function join(name: string): Promise<Joined> {
  const email = `console-${randomUUID().slice(0, 8)}@example.com`
  const r = await fetch(demo.server.url + '/v1/members', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Loyalkit-Program': PROGRAM_KEY, 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ email, name, consent: { terms: true, marketing: false } }),
  })
  expect(r.status).toBe(201)
  const { member } = (await r.json()) as { member: { id: string; balance: number } }
  return { id: member.id, email, name, balance: member.balance }
}

beforeAll(async () => {
  // The console as npm run build made it (npm test builds first), served by the server at /admin.
  ;[browser, demo] = await Promise.all([launch(), startDemo()])
})
afterAll(async () => {
  await browser?.close()
  await demo?.stop()
})

/** The API's refusals the tests ask for (401 before signing in, 409 a stale save, 422 for too large a debit, 429 locked) are not the page's faults. */
const EXPECTED = /Failed to load resource: the server responded with a status of (401|409|422|429)/

/** Reward pictures a test sets are served here, not fetched from the internet. */
const PICTURES = 'https://images.trailpack.test/'
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const servePictures = (context: BrowserContext) => context.route(PICTURES + '**', (route) => route.fulfill({ contentType: 'image/png', body: PNG }))
const unexpected = async (problems: () => Promise<string[]>) => (await problems()).filter((p) => !EXPECTED.test(p))

/** Nothing loading any more. */
async function settled(page: Page) {
  await page.locator('main h1').waitFor()
  await expect.poll(() => page.locator('main .loading, main [aria-busy=true]').count(), { timeout: 10_000 }).toBe(0)
}

/** Sign in on the sign-in page; the page of the address shows (the Overview at /admin/). */
async function signIn(page: Page, m: Messages = en, landing = m.overviewTitle) {
  await page.getByLabel(m.password, { exact: true }).fill(DEV_ADMIN_PASSWORD)
  await page.getByRole('button', { name: m.signIn, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: landing }).waitFor()
  await settled(page)
}

const nav = (page: Page, m: Messages, key: 'navOverview' | 'navMembers' | 'navProgram' | 'navWidget' | 'navIntegrations' | 'navAudit') =>
  page.getByRole('navigation', { name: m.mainNav }).getByRole('link', { name: m[key], exact: true })

/** A figure card of the Overview by its heading. */
const card = (page: Page, title: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) })

/** The element with focus, described. */
const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement
    return a ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''} "${(a.getAttribute('aria-label') || a.textContent || '').trim().slice(0, 60)}"` : 'none'
  })

describe('the console, used by the store owner', () => {
  let context: BrowserContext
  let page: Page
  let problems: () => Promise<string[]>
  let anna: Joined

  beforeAll(async () => {
    anna = await join('Anna Kalniņa')
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })
    page = await context.newPage()
    problems = await watch(page)
  })
  afterAll(async () => {
    expect(await unexpected(problems)).toEqual([])
    await context?.close()
  })

  it('asks for the password, then shows the Overview figures with their definitions', async () => {
    await page.goto(demo.server.url + '/admin/')
    await page.getByRole('heading', { level: 1, name: en.signInTitle }).waitFor()
    // Nothing but the sign-in before a session: no navigation, no figures.
    expect(await page.getByRole('navigation').count()).toBe(0)
    await page.getByRole('button', { name: en.signIn, exact: true }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(en.errPasswordRequired)
    await signIn(page)

    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Trailpack')
    expect(await nav(page, en, 'navOverview').getAttribute('aria-current')).toBe('page')
    // At least Anna: the figure is a whole number, formatted.
    const members = async () => Number((await card(page, en.figMembers).locator('.figure').textContent())!.replace(/\D/g, ''))
    expect(await members()).toBeGreaterThanOrEqual(1)
    await page.getByText(/^Figures as of /).waitFor()
    // The server answers from a computation up to 5 minutes old; Refresh computes now.
    const before = await members()
    const opens = async () => Number((await card(page, en.figOpens).locator('.figure').textContent())!.replace(/\D/g, ''))
    const opensBefore = await opens()
    await join('Cilda Liepa')
    // A guest opens the widget on the store page, closes it and opens it again: one open of this page view.
    const guest = await browser.newContext()
    const shop = await guest.newPage()
    await shop.goto(demo.server.url + '/')
    await launcherOf(shop).click()
    await shop.getByRole('dialog').waitFor()
    await shop.keyboard.press('Escape')
    await shop.getByRole('dialog').waitFor({ state: 'hidden' })
    await launcherOf(shop).click()
    await shop.getByRole('dialog').waitFor()
    const counted = async () =>
      ((await (await page.request.get(demo.server.url + '/admin/api/overview?days=30&fresh=1')).json()) as { figures: { widgetOpens: number } }).figures
        .widgetOpens
    await expect.poll(counted).toBe(opensBefore + 1)
    await guest.close()
    await page.getByRole('button', { name: en.refresh }).click()
    await page.getByRole('status').filter({ hasText: en.refreshed }).waitFor()
    expect(await members()).toBe(before + 1)
    expect(await opens()).toBe(opensBefore + 1)
    expect(await card(page, en.figConversion).locator('.figure').textContent()).toMatch(/%$/)
    expect(await card(page, en.figPointsIssued).locator('.figure').textContent()).toMatch(/^[\d,]+$/)
    // The definition is one click away.
    const outstanding = card(page, en.figOutstanding)
    expect(await outstanding.getByText(en.defOutstanding).isVisible()).toBe(false)
    await outstanding.getByText(en.definition).click()
    expect(await outstanding.getByText(en.defOutstanding).isVisible()).toBe(true)
    // No orders yet: the average order is "—" and says why.
    expect(await card(page, en.figAverageOrder).textContent()).toContain(`No value: ${en.whyNoOrders}`)

    // A shorter period: the day-by-day table follows (seven days, today included, and the header row).
    await page.getByLabel(en.period).selectOption('7')
    await expect.poll(() => page.getByRole('region', { name: en.dailyTitle }).getByRole('row').count()).toBe(8)
    // The charts (points, sign-ups) are drawn on canvases hidden from screen readers, which read the table.
    const charts = page.locator('.chart-box')
    expect(await charts.count()).toBe(2)
    for (const chart of await charts.all()) {
      expect(await chart.getAttribute('aria-hidden')).toBe('true')
      await expect
        .poll(() =>
          chart.locator('canvas').evaluate((c: HTMLCanvasElement) => {
            const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
            let painted = 0
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++
            return painted
          }),
        )
        .toBeGreaterThan(500)
    }
    expect(await charts.first().locator('.u-legend').textContent()).toContain(en.pointsIssued)
    expect(await page.getByRole('table', { name: en.tiersTitle }).getByRole('rowheader').allTextContents()).toEqual(['Bronze', 'Silver', 'Gold'])
  })

  it('finds a member by email, opens them and adjusts their points with a reason', async () => {
    await nav(page, en, 'navMembers').click()
    await page.getByRole('heading', { level: 1, name: en.membersTitle }).waitFor()
    // A navigation moves focus to the new page's heading.
    await expect.poll(() => focusedElement(page)).toBe(`h1 "${en.membersTitle}"`)
    await page.getByRole('search').getByLabel(en.searchLabel).fill(anna.email)
    await page.getByRole('button', { name: en.search, exact: true }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `1 member matches “${anna.email}”.` })
      .waitFor()
    expect(page.url()).toContain('/admin/members?q=')
    await page.getByRole('table', { name: en.searchResults }).getByRole('link', { name: anna.email }).click()

    await page.getByRole('heading', { level: 1, name: anna.name }).waitFor()
    await settled(page)
    const balance = page
      .locator('.facts > div')
      .filter({ has: page.getByRole('term').filter({ hasText: /^Balance$/ }) })
      .getByRole('definition')
    expect(await balance.textContent()).toBe(`${anna.balance} points`)

    const points = page.getByLabel(en.adjustPoints, { exact: true })
    const reason = page.getByLabel(en.adjustReason, { exact: true })
    const adjust = page.getByRole('button', { name: en.adjust, exact: true })
    // No reason: the error is by the field, focus goes there, and the points stay typed.
    await points.fill('50')
    await adjust.click()
    await page.getByText(en.errReasonRequired).waitFor()
    expect(await reason.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => focusedElement(page)).toBe('input#adjust-reason ""')
    expect(await points.inputValue()).toBe('50')

    await reason.fill('Goodwill for a late parcel')
    await adjust.click()
    await page
      .getByRole('status')
      .filter({ hasText: `Done: +50 points. New balance: ${anna.balance + 50} points.` })
      .waitFor()
    await expect.poll(() => balance.textContent()).toBe(`${anna.balance + 50} points`)
    expect(await points.inputValue()).toBe('')
    const entry = page.getByRole('table', { name: en.ledgerCaption }).getByRole('row').filter({ hasText: 'Goodwill for a late parcel' })
    await expect.poll(() => entry.textContent()).toContain('+50 points')
    expect(await entry.textContent()).toContain('Adjustment')

    // The server agrees.
    const record = (await (
      await fetch(`${demo.server.url}/v1/members/${anna.id}`, {
        headers: { 'X-Loyalkit-Program': PROGRAM_KEY, Authorization: `Bearer ${demo.server.deps.config.apiKey}` },
      })
    ).json()) as { balance: number }
    expect(record.balance).toBe(anna.balance + 50)

    // Taking more than the balance is refused by the server: said by the field, input kept.
    await points.fill('-99999')
    await reason.fill('Too much')
    await adjust.click()
    await page.getByText(`The balance cannot go below zero: it is ${anna.balance + 50} points.`).waitFor()
    expect(await points.inputValue()).toBe('-99999')
  })

  it('offers the member’s data as a download', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en.exportData }).click()])
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { member: { email: string } }
    expect(data.member.email).toBe(anna.email)
  })

  it('erases a member only after a confirmation that names them, with focus kept in and given back', async () => {
    const bo = await join('Bo Ozols')
    await page.goto(`${demo.server.url}/admin/members?q=${encodeURIComponent(bo.email)}`)
    await page.getByRole('link', { name: bo.email }).click()
    await page.getByRole('heading', { level: 1, name: bo.name }).waitFor()
    await settled(page)

    const erase = page.getByRole('button', { name: en.erase, exact: true })
    await erase.click()
    const dialog = page.getByRole('dialog', { name: `Erase ${bo.name} (${bo.email})?` })
    await dialog.waitFor()
    const word = dialog.getByLabel(`Type ${en.eraseWord} to confirm`)
    await expect.poll(() => word.evaluate((el) => el == document.activeElement)).toBe(true)
    // Escape closes it and focus returns to the button that opened it.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => erase.evaluate((el) => el == document.activeElement)).toBe(true)

    await page.keyboard.press('Enter')
    await dialog.waitFor()
    await word.fill('erase it')
    await dialog.getByRole('button', { name: en.eraseConfirm }).click()
    await dialog.getByText(`Type ${en.eraseWord} exactly to confirm.`).waitFor()
    expect(await dialog.isVisible()).toBe(true)
    await word.fill(en.eraseWord)
    await dialog.getByRole('button', { name: en.eraseConfirm }).click()

    await page.getByRole('heading', { level: 1, name: en.membersTitle }).waitFor()
    await page
      .getByRole('status')
      .filter({ hasText: `${bo.name} (${bo.email}) was erased.` })
      .waitFor()
    const gone = await fetch(`${demo.server.url}/v1/members/${bo.id}`, {
      headers: { 'X-Loyalkit-Program': PROGRAM_KEY, Authorization: `Bearer ${demo.server.deps.config.apiKey}` },
    })
    expect(gone.status).toBe(404)
  })

  it('creates an API key, shows its secret once, and revokes it after confirmation', async () => {
    await nav(page, en, 'navIntegrations').click()
    await page.getByRole('heading', { level: 1, name: en.integrationsTitle }).waitFor()
    await settled(page)
    await page.getByLabel(en.keyName, { exact: true }).fill('Shop backend')
    await page.getByRole('button', { name: en.createKey }).click()
    const panel = page.getByRole('region', { name: en.secretTitle })
    await panel.waitFor()
    await panel.getByText(en.secretWarning).waitFor()
    await expect.poll(() => focusedElement(page)).toMatch(new RegExp(`^h3#\\S+ "${en.secretTitle}"$`))
    const secret = await panel.getByLabel('Secret of the key Shop backend').inputValue()
    expect(secret).toMatch(/^lk_sk_/)
    await panel.getByRole('button', { name: en.copy, exact: true }).click()
    await panel
      .getByRole('status')
      .filter({ hasText: /Copied|Could not copy/ })
      .waitFor()

    // The new key works on the store API.
    const probe = () =>
      fetch(`${demo.server.url}/v1/orders/no-such-order`, { headers: { 'X-Loyalkit-Program': PROGRAM_KEY, Authorization: `Bearer ${secret}` } })
    expect((await probe()).status).toBe(404)

    await panel.getByRole('button', { name: en.done }).click()
    await panel.waitFor({ state: 'detached' })
    expect(await page.getByText(secret).count()).toBe(0)

    const keys = page.getByRole('table', { name: en.keysTitle })
    await keys
      .getByRole('row', { name: /Shop backend/ })
      .getByText(en.active)
      .waitFor()
    await keys.getByRole('button', { name: 'Revoke key Shop backend' }).click()
    const dialog = page.getByRole('dialog', { name: 'Revoke the key Shop backend?' })
    await dialog.waitFor()
    // A destructive confirmation starts on Cancel.
    await expect.poll(() => focusedElement(page)).toBe(`button "${en.cancel}"`)
    await dialog.getByRole('button', { name: en.revoke, exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('status').filter({ hasText: 'The key Shop backend was revoked.' }).waitFor()
    // Its Revoke button is gone with it: focus goes to the keys' heading, not to the top of the page.
    await expect.poll(() => focusedElement(page)).toBe(`h2#keys-title "${en.keysTitle}"`)
    await keys
      .getByRole('row', { name: /Shop backend/ })
      .getByText(/^Revoked /)
      .waitFor()
    expect((await probe()).status).toBe(401)
  })

  it('adds a webhook endpoint with its signing secret shown once, and deletes it', async () => {
    const url = 'http://127.0.0.1:9/console-test'
    await page.getByLabel(en.endpointUrl, { exact: true }).fill('ftp://nope')
    await page.getByRole('button', { name: en.addEndpoint }).click()
    await page.getByText(en.errUrl).waitFor()
    await page.getByLabel(en.endpointUrl, { exact: true }).fill(url)
    await page.getByRole('button', { name: en.addEndpoint }).click()
    const panel = page.getByRole('region', { name: en.secretTitle })
    expect(await panel.getByLabel(`Signing secret of ${url}`).inputValue()).toMatch(/^whsec_/)
    await panel.getByRole('button', { name: en.done }).click()

    const endpoints = page.getByRole('table', { name: en.endpointsTitle })
    await endpoints.getByRole('row', { name: new RegExp(url) }).waitFor()

    // A new secret, after a confirmation, shown once like the first.
    const first = await panel.count()
    expect(first).toBe(0)
    await endpoints.getByRole('button', { name: `Rotate the secret of ${url}` }).click()
    await page
      .getByRole('dialog', { name: `Rotate the secret of ${url}?` })
      .getByRole('button', { name: en.rotate, exact: true })
      .click()
    await page
      .getByRole('status')
      .filter({ hasText: `New secret made for ${url}.` })
      .waitFor()
    expect(await panel.getByLabel(`Signing secret of ${url}`).inputValue()).toMatch(/^whsec_/)
    await panel.getByRole('button', { name: en.done }).click()

    await endpoints.getByRole('button', { name: `Delete endpoint ${url}` }).click()
    const dialog = page.getByRole('dialog', { name: `Delete the endpoint ${url}?` })
    await dialog.getByRole('button', { name: en.remove, exact: true }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `The endpoint ${url} was deleted.` })
      .waitFor()
    await endpoints
      .getByRole('row', { name: new RegExp(url) })
      .getByText(/^Disabled /)
      .waitFor()
    // The demo store's own endpoint (from the server's settings) has had deliveries.
    await expect.poll(() => page.getByRole('table', { name: en.deliveriesTitle }).getByRole('row').count()).toBeGreaterThan(1)
  })

  it('lists every change in the audit log', async () => {
    await nav(page, en, 'navAudit').click()
    await page.getByRole('heading', { level: 1, name: en.auditTitle }).waitFor()
    await settled(page)
    const log = page.getByRole('table', { name: en.auditTitle })
    for (const action of ['sign_in', 'points_adjusted', 'member_erased', 'api_key_created', 'api_key_revoked', 'webhook_added', 'webhook_removed']) {
      expect(await log.getByRole('cell', { name: action, exact: true }).count(), action).toBeGreaterThan(0)
    }
    expect(await log.getByRole('row').filter({ hasText: 'points_adjusted' }).first().textContent()).toContain('Goodwill for a late parcel')
  })

  it('speaks Latvian when asked, numbers and dates too, and remembers it', async () => {
    const lv = PACKS.lv
    await page.getByLabel(en.language).selectOption('lv')
    await page.getByRole('heading', { level: 1, name: lv.auditTitle }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('lv')
    await nav(page, lv, 'navOverview').click()
    await settled(page)
    await page.getByRole('heading', { level: 2, name: lv.keyFigures }).waitFor()
    // Latvian dates ("2026. gada 29. nov.") and money ("5,72 €").
    expect(await page.locator('.period-range').textContent()).toMatch(/^No \d{4}\. gada/)
    expect(await card(page, lv.figLiability).locator('.figure').textContent()).toMatch(/^[\d\s]+,\d{2}\s€$/)
    // The program's own words come in Latvian too.
    await expect.poll(() => page.getByRole('table', { name: lv.tiersTitle }).getByRole('rowheader').allTextContents()).toEqual(['Bronza', 'Sudrabs', 'Zelts'])
    await page.reload()
    await page.getByRole('heading', { level: 1, name: lv.overviewTitle }).waitFor()
    await page.getByLabel(lv.language).selectOption('en')
    await page.getByRole('heading', { level: 1, name: en.overviewTitle }).waitFor()
  })

  it('asks to sign in again when the session ends, then goes on where it was', async () => {
    await nav(page, en, 'navOverview').click()
    await settled(page)
    await context.clearCookies()
    await nav(page, en, 'navAudit').click()
    await page.getByRole('heading', { level: 1, name: en.signInTitle }).waitFor()
    await page.getByRole('status').filter({ hasText: en.sessionEnded }).waitFor()
    await signIn(page, en, en.auditTitle)
    await page.getByRole('table', { name: en.auditTitle }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/admin/audit')
  })

  it('says so for an address that is no console page', async () => {
    await page.goto(demo.server.url + '/admin/no/such/page')
    await page.getByRole('heading', { level: 1, name: en.notFoundTitle }).waitFor()
    await page.getByRole('link', { name: en.backToOverview }).click()
    await page.getByRole('heading', { level: 1, name: en.overviewTitle }).waitFor()
  })

  it('has a skip link first in the tab order, and signs out', async () => {
    await page.goto(demo.server.url + '/admin/audit')
    await settled(page)
    await page.keyboard.press('Tab')
    await expect.poll(() => focusedElement(page)).toBe(`a "${en.skip}"`)
    await page.keyboard.press('Enter')
    await expect.poll(() => focusedElement(page)).toMatch(/^main#main/)
    await page.getByRole('button', { name: en.signOut }).click()
    await page.getByRole('heading', { level: 1, name: en.signInTitle }).waitFor()
    await page.getByRole('status').filter({ hasText: en.signedOut }).waitFor()
    // The session is gone on the server too.
    await page.reload()
    await page.getByRole('heading', { level: 1, name: en.signInTitle }).waitFor()
  })
})

// ---- the program and the widget ------------------------------------------------------

/** A second console session, signed in over the API (as another person in another browser would be). */
async function signInByApi() {
  const origin = demo.server.url
  const r = await fetch(origin + '/admin/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ password: DEV_ADMIN_PASSWORD }),
  })
  expect(r.status).toBe(200)
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!
  const { csrf } = (await r.json()) as { csrf: string }
  return {
    call: (path: string, body?: unknown) =>
      fetch(origin + '/admin/api' + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Cookie: cookie, Origin: origin, 'X-Loyalkit-CSRF': csrf, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  }
}

describe('the program and the widget, edited in the console', () => {
  let context: BrowserContext
  let page: Page
  let problems: () => Promise<string[]>
  const REWARD = '€5 off your order'

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })
    page = await context.newPage()
    problems = await watch(page)
  })
  afterAll(async () => {
    expect(await unexpected(problems)).toEqual([])
    await context?.close()
  })

  /** What a shopper sees as the reward's entry in the widget's Rewards view: a new context, so no HTTP cache. */
  async function shopperSees(reward: string) {
    const guest = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const shop = await guest.newPage()
      const shopProblems = await watch(shop)
      await shop.goto(demo.server.url + '/')
      await launcherOf(shop).click()
      const dialog = shop.getByRole('dialog')
      await dialog.getByRole('button', { name: 'Rewards', exact: true }).click()
      await shop.getByRole('dialog', { name: 'Rewards' }).waitFor()
      const item = dialog.getByRole('listitem').filter({ hasText: reward }).first()
      await item.waitFor()
      const text = (await item.textContent()) ?? ''
      expect(await shopProblems()).toEqual([])
      return text
    } finally {
      await guest.close()
    }
  }

  const costOf = () => page.getByRole('group', { name: REWARD, exact: true }).getByLabel(en.rewardCost, { exact: true })

  it('refuses an invalid cost by its field, saves nothing and keeps the edits', async () => {
    await page.goto(demo.server.url + '/admin/program')
    await page.getByRole('heading', { level: 1, name: en.signInTitle }).waitFor()
    await signIn(page, en, en.programTitle)
    await page.getByText('Current version: 1', { exact: true }).waitFor()
    expect(await costOf().inputValue()).toBe('500')
    await costOf().fill('0')
    await page.getByRole('button', { name: en.saveProgram }).click()
    await page.getByRole('alert').filter({ hasText: en.errProgramInvalid }).waitFor()
    await page.getByRole('group', { name: REWARD, exact: true }).getByText('a reward costs at least 1 point').waitFor()
    expect(await costOf().getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => costOf().evaluate((el) => el == document.activeElement)).toBe(true)
    expect(await costOf().inputValue()).toBe('0')
    await page.getByText('Current version: 1', { exact: true }).waitFor()
    const r = (await (await page.request.get(demo.server.url + '/admin/api/program')).json()) as { version: number }
    expect(r.version).toBe(1)
  })

  it('saves a new cost with a note: the changes are listed and a new shopper sees it', async () => {
    await costOf().fill('450')
    await page.getByLabel(en.saveNote, { exact: true }).fill('Cheaper €5 voucher')
    await page.getByRole('button', { name: en.saveProgram }).click()
    const result = page.getByRole('region', { name: 'Saved as version 2.' })
    await result.waitFor()
    expect(await result.textContent()).toContain('program.rewards[0].cost: 500 → 450')
    await page.getByText('Current version: 2', { exact: true }).waitFor()
    await page.getByRole('table', { name: en.versionsTitle }).getByRole('row').filter({ hasText: 'Cheaper €5 voucher' }).waitFor()
    expect(await costOf().inputValue()).toBe('450')

    expect(await shopperSees(REWARD)).toContain('450')
  })

  it('shows a version’s changes and rolls back to version 1 after a confirmation', async () => {
    const versions = page.getByRole('table', { name: en.versionsTitle })
    await versions.getByRole('button', { name: 'Changes in version 2' }).click()
    const changes = page.getByRole('region', { name: 'Changes in version 2' })
    await changes.waitFor()
    expect(await changes.textContent()).toContain('program.rewards[0].cost: 500 → 450')

    await versions.getByRole('button', { name: 'Roll back to this version (1)' }).click()
    const dialog = page.getByRole('dialog', { name: 'Roll back to version 1?' })
    await dialog.waitFor()
    await expect.poll(() => focusedElement(page)).toBe(`button "${en.cancel}"`)
    await dialog.getByRole('button', { name: en.rollBackConfirm, exact: true }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByRole('status').filter({ hasText: 'Rolled back to version 1: the program is now version 3.' }).waitFor()
    await page.getByText('Current version: 3', { exact: true }).waitFor()
    await expect.poll(() => costOf().inputValue()).toBe('500')

    const seen = await shopperSees(REWARD)
    expect(seen).toContain('500')
    expect(seen).not.toContain('450')
  })

  it('says when the JSON does not parse, without throwing', async () => {
    await page.getByText(en.advancedJson).click()
    const json = page.getByLabel(en.programJson, { exact: true })
    await json.fill('{ "key": ')
    await page.getByText(/^The JSON is not valid: /).waitFor()
    expect(await json.getAttribute('aria-invalid')).toBe('true')
    await page.getByRole('button', { name: en.saveProgram }).click()
    await page.getByRole('alert').filter({ hasText: en.errFixJson }).waitFor()
    // Reloading drops the broken text.
    await page.reload()
    await settled(page)
  })

  it('edits a way to earn and a reward’s image; a save after someone else’s is refused and keeps the edits', async () => {
    await servePictures(context)
    const rule = page.getByRole('group', { name: 'Shop at Trailpack', exact: true })
    const rulePoints = rule.getByLabel(en.rulePoints, { exact: true })
    expect(await rulePoints.inputValue()).toBe('1')
    await rulePoints.fill('2')
    const reward = page.getByRole('group', { name: REWARD, exact: true })
    await reward.getByLabel(en.rewardImage, { exact: true }).fill('https://images.trailpack.test/five-off.png')
    const preview = reward.getByRole('img', { name: `Image of ${REWARD}` })
    await preview.waitFor()
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1)

    // Meanwhile someone saves from another session.
    const other = await signInByApi()
    const current = (await (await other.call('/program')).json()) as { version: number; definition: unknown }
    expect((await other.call('/program', { base: current.version, definition: current.definition, note: 'From another session' })).status).toBe(201)

    await page.getByRole('button', { name: en.saveProgram }).click()
    const conflict = page.getByRole('alert').filter({ hasText: en.errConflict })
    await conflict.waitFor()
    // Nothing was lost: the edits are still in the form.
    expect(await rulePoints.inputValue()).toBe('2')
    expect(await reward.getByLabel(en.rewardImage, { exact: true }).inputValue()).toBe('https://images.trailpack.test/five-off.png')
    await page.getByText(`Current version: ${current.version}`, { exact: true }).waitFor()

    // Reload takes the newest version; the change made again is saved on top of it.
    await conflict.getByRole('button', { name: en.reloadProgram }).click()
    await page.getByText(`Current version: ${current.version + 1}`, { exact: true }).waitFor()
    await expect.poll(() => rulePoints.inputValue()).toBe('1')
    await rulePoints.fill('2')
    await reward.getByLabel(en.rewardImage, { exact: true }).fill('https://images.trailpack.test/five-off.png')
    await page.getByRole('button', { name: en.saveProgram }).click()
    const result = page.getByRole('region', { name: `Saved as version ${current.version + 2}.` })
    await result.waitFor()
    expect(await result.textContent()).toContain('program.rules[0].points: 1 → 2')
    expect(await result.textContent()).toContain('program.rewards[0].imageUrl: (none) → https://images.trailpack.test/five-off.png')
    const program = (await (await page.request.get(demo.server.url + '/v1/program', { headers: { 'X-Loyalkit-Program': 'pk_demo_trailpack' } })).json()) as {
      rewards: { id: string; imageUrl?: string }[]
    }
    expect(program.rewards.find((r) => r.id == 'five-euro-off')?.imageUrl).toBe('https://images.trailpack.test/five-off.png')
  })

  it('adds a member offer for the top tier: a bad code is refused by its field, then the program lists it without the code', async () => {
    const section = page.getByRole('region', { name: en.offersTitle })
    // The demo program's two offers are there to edit.
    await section.getByRole('group', { name: 'Early access: the spring collection', exact: true }).waitFor()
    await section.getByRole('button', { name: en.addOffer }).click()
    const name = section.getByRole('group', { name: en.newOffer }).getByLabel(en.nameEn, { exact: true })
    await expect.poll(() => name.evaluate((el) => el == document.activeElement)).toBe(true)
    await name.fill('Winter preview')
    const offer = section.getByRole('group', { name: 'Winter preview', exact: true })
    await offer.getByLabel(en.offerTier, { exact: true }).selectOption({ label: 'Gold and above' })
    await offer.getByLabel(en.offerEnds, { exact: true }).fill('2029-12-31T12:00')
    const code = offer.getByLabel(en.offerCode, { exact: true })
    await code.fill('two words')
    await page.getByRole('button', { name: en.saveProgram }).click()
    // Refused by its field, which gets focus; nothing is lost.
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => code.evaluate((el) => el == document.activeElement)).toBe(true)
    expect(await offer.getByLabel(en.nameEn, { exact: true }).inputValue()).toBe('Winter preview')

    await code.fill('WINTER-GOLD')
    await page.getByRole('button', { name: en.saveProgram }).click()
    const result = page.getByRole('region', { name: /^Saved as version \d+\.$/ })
    await result.waitFor()
    expect(await result.textContent()).toContain('program.offers[2]')
    const program = (await (await page.request.get(demo.server.url + '/v1/program', { headers: { 'X-Loyalkit-Program': 'pk_demo_trailpack' } })).json()) as {
      offers: { name: string; tier: string | null; endsAt: string | null }[]
    }
    const listed = program.offers.find((o) => o.name == 'Winter preview')
    expect(listed).toMatchObject({ tier: 'gold' })
    expect(Date.parse(listed!.endsAt!)).toBe(new Date('2029-12-31T12:00').getTime())
    expect(JSON.stringify(program)).not.toContain('WINTER-GOLD')
  })

  it('previews the widget with the chosen colours, warns of poor contrast, and gives a working snippet', async () => {
    await nav(page, en, 'navWidget').click()
    await page.getByRole('heading', { level: 1, name: en.widgetTitle }).waitFor()
    await settled(page)
    const frame = page.frameLocator('iframe[title="Widget preview"]')
    await frame.getByRole('button', { name: /^Rewards/ }).waitFor()
    await page.getByRole('status').filter({ hasText: en.contrastOk }).waitFor()

    await page.getByLabel(en.colorPrimary, { exact: true }).fill('#ffff00')
    // White on yellow reads at 1.07:1. The preview and the snippet carry the colour the widget itself would
    // turn it into (#737300, 5.0:1), so the launcher is readable before the widget's UI has run.
    await page
      .getByRole('status')
      .filter({ hasText: /^Button text on the primary colour: 1(\.\d)?:1, below 4\.5:1\. The snippet and the preview use #737300 instead/ })
      .waitFor()
    await expect.poll(() => page.locator('iframe[title="Widget preview"]').getAttribute('src')).toContain('primary=%23737300')
    await frame.getByRole('button', { name: /^Rewards/ }).waitFor()

    await page.getByLabel(en.launcherPosition, { exact: true }).selectOption('bottom-left')
    await expect.poll(() => page.locator('iframe[title="Widget preview"]').getAttribute('src')).toContain('launcher=bottom-left')
    await page.getByLabel(en.launcherLabel, { exact: true }).fill(' Trail Club ')
    await expect.poll(() => page.locator('iframe[title="Widget preview"]').getAttribute('src')).toContain('label=Trail+Club')
    await frame.getByRole('button', { name: 'Trail Club', exact: true }).waitFor()

    await page.getByRole('button', { name: en.copySnippet }).click()
    await page
      .getByRole('status')
      .filter({ hasText: /Copied|Could not copy/ })
      .waitFor()
    const snippet = await page.getByLabel(en.snippet, { exact: true }).inputValue()
    expect(snippet).toContain(`<script async src="${demo.server.url}/admin/widget/loyalkit.js"\n        integrity="sha`)
    expect(snippet).toContain(`data-program="${PROGRAM_KEY}" data-launcher="bottom-left"\n        data-launcher-label="Trail Club"></script>`)
    // (Dark text, the dark scheme's default, reads on yellow: that scheme keeps it.)
    expect(snippet).toContain(
      '<style>\n  :root { --loyalkit-color-primary: #737300; }\n  @media (prefers-color-scheme: dark) { :root { --loyalkit-color-primary: #ffff00; } }\n</style>',
    )

    // Pasted into a blank page of the store's origin, the launcher appears, with no errors.
    const blank = await context.newPage()
    const blankProblems = await watch(blank)
    await blank.route(demo.server.url + '/blank-snippet.html', (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><head><title>Blank</title>' + snippet + '</head><body><main><h1>Blank</h1></main></body></html>',
      }),
    )
    await blank.goto(demo.server.url + '/blank-snippet.html')
    await blank.getByRole('button', { name: 'Trail Club', exact: true }).and(blank.locator('[aria-expanded]')).waitFor()
    expect(await blankProblems()).toEqual([])
    await blank.close()

    // Back to the defaults: no query, no style.
    await page.getByRole('button', { name: en.resetDefaults }).click()
    await expect.poll(() => page.locator('iframe[title="Widget preview"]').getAttribute('src')).toBe('/admin/preview?')
    expect(await page.getByLabel(en.launcherLabel, { exact: true }).inputValue()).toBe('')
    expect(await page.getByLabel(en.snippet, { exact: true }).inputValue()).not.toContain('<style>')
  })
})

// ---- axe and reflow on every page -----------------------------------------------------

interface Variant {
  name: string
  viewport: { width: number; height: number }
  colorScheme: 'light' | 'dark'
  /** Turn dark on with the console's own toggle. */
  toggle?: boolean
  lang: Lang
  dark: boolean
}

const DESKTOP = { width: 1280, height: 800 }
const NARROW = { width: 320, height: 640 }
const VARIANTS: Variant[] = [
  { name: 'light', viewport: DESKTOP, colorScheme: 'light', lang: 'en', dark: false },
  { name: 'dark by the toggle', viewport: DESKTOP, colorScheme: 'light', toggle: true, lang: 'en', dark: true },
  { name: 'dark by prefers-color-scheme, 320 px', viewport: NARROW, colorScheme: 'dark', lang: 'en', dark: true },
  { name: 'light, 320 px, Latvian', viewport: NARROW, colorScheme: 'light', lang: 'lv', dark: false },
]

interface AxeNode {
  target: unknown[]
  html: string
  failureSummary?: string
}
interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: AxeNode[]
}

const describeViolations = (violations: AxeViolation[]) =>
  violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} [${v.impact}] ${v.help}\n    target: ${JSON.stringify(n.target)}\n    html: ${n.html}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`,
    ),
  )

/** axe through the DevTools protocol (the console's CSP stays on), on the whole document. */
async function axe(page: Page): Promise<AxeViolation[]> {
  // In every frame (the Widget page's preview too), so axe looks inside them as well.
  for (const frame of page.frames()) if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE)
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations),
    TAGS,
  )
}

describe.each(VARIANTS)('axe and reflow, $name', (variant) => {
  const m = PACKS[variant.lang]
  let context: BrowserContext
  let page: Page
  let problems: () => Promise<string[]>
  let member: Joined

  /** 0 violations, no sideways scrolling, and the theme the variant says. */
  async function check(state: string) {
    const violations = await axe(page)
    expect(describeViolations(violations), `${variant.name}, ${state}`).toEqual([])
    const [scrollWidth, innerWidth] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth])
    const wide =
      scrollWidth > innerWidth
        ? await page.evaluate(() =>
            [...document.querySelectorAll('main *')]
              .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
              .slice(0, 5)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
              .join(', '),
          )
        : ''
    expect(scrollWidth, `${variant.name}, ${state}: page scrolls sideways (${wide})`).toBeLessThanOrEqual(innerWidth)
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    const [r, g, b] = background.match(/\d+/g)!.map(Number)
    expect(r! + g! + b! < 150, `${variant.name}, ${state}: background ${background}`).toBe(variant.dark)
  }

  beforeAll(async () => {
    member = await join(`Axe ${variant.name}`)
    context = await browser.newContext({ viewport: variant.viewport, colorScheme: variant.colorScheme, reducedMotion: 'reduce' })
    await servePictures(context)
    page = await context.newPage()
    problems = await watch(page)
    await page.goto(demo.server.url + '/admin/')
    await page.getByRole('heading', { level: 1, name: en.signInTitle }).waitFor()
    if (variant.lang != 'en') {
      await page.getByLabel(en.language).selectOption(variant.lang)
      await page.getByRole('heading', { level: 1, name: m.signInTitle }).waitFor()
    }
    if (variant.toggle) {
      const toggle = page.getByRole('button', { name: m.darkTheme })
      expect(await toggle.getAttribute('aria-pressed')).toBe('false')
      await toggle.click()
      expect(await toggle.getAttribute('aria-pressed')).toBe('true')
      expect(await page.evaluate(() => localStorage.getItem('loyalkit-admin-theme'))).toBe('dark')
      // Kept over a reload.
      await page.reload()
      await page.getByRole('heading', { level: 1, name: m.signInTitle }).waitFor()
      expect(await page.getByRole('button', { name: m.darkTheme }).getAttribute('aria-pressed')).toBe('true')
    }
  })
  afterAll(async () => {
    expect(await unexpected(problems)).toEqual([])
    await context?.close()
  })

  it('sign-in, with an error', async () => {
    await check('sign-in')
    await page.getByRole('button', { name: m.signIn, exact: true }).click()
    await page.getByRole('alert').getByText(m.errPasswordRequired).waitFor()
    await check('sign-in with an error')
    await signIn(page, m)
  })

  it('overview, a definition open', async () => {
    await card(page, m.figLiability).getByText(m.definition).click()
    await check('overview')
  })

  it('members, with results', async () => {
    await nav(page, m, 'navMembers').click()
    await page.getByRole('heading', { level: 1, name: m.membersTitle }).waitFor()
    await check('members, before a search')
    await page.getByRole('search').getByLabel(m.searchLabel).fill(member.email)
    await page.getByRole('button', { name: m.search, exact: true }).click()
    await page.getByRole('table', { name: m.searchResults }).getByRole('link', { name: member.email }).waitFor()
    await check('members, results')
  })

  it('member, with a field error and with the erase dialog open', async () => {
    await page.getByRole('link', { name: member.email }).click()
    await page.getByRole('heading', { level: 1, name: member.name }).waitFor()
    await settled(page)
    await check('member')
    await page.getByRole('button', { name: m.adjust, exact: true }).click()
    await page.getByText(m.errPointsInvalid).waitFor()
    await check('member, field errors')
    await page.getByRole('button', { name: m.erase, exact: true }).click()
    await page.getByRole('dialog').waitFor()
    await check('member, erase dialog')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
  })

  it('webhooks and keys, with a new secret shown', async () => {
    await nav(page, m, 'navIntegrations').click()
    await page.getByRole('heading', { level: 1, name: m.integrationsTitle }).waitFor()
    await settled(page)
    await check('webhooks and keys')
    await page.getByLabel(m.keyName, { exact: true }).fill(`Axe ${variant.name}`)
    await page.getByRole('button', { name: m.createKey }).click()
    await page.getByRole('region', { name: m.secretTitle }).waitFor()
    await check('webhooks and keys, secret shown')
  })

  it('program, with a field error, the JSON open and the roll-back dialog', async () => {
    await nav(page, m, 'navProgram').click()
    await page.getByRole('heading', { level: 1, name: m.programTitle }).waitFor()
    await settled(page)
    await check('program')
    await page.getByLabel(m.rewardCost, { exact: true }).first().fill('0')
    await page.getByRole('button', { name: m.saveProgram }).click()
    await page.getByRole('alert').filter({ hasText: m.errProgramInvalid }).waitFor()
    await page.getByText(m.advancedJson).click()
    await check('program, problems and JSON')
    await page.getByRole('table', { name: m.versionsTitle }).getByText(m.showChanges, { exact: true }).first().click()
    await page.locator('#version-changes-title').waitFor()
    await page.getByRole('table', { name: m.versionsTitle }).getByText(m.rollBack, { exact: true }).first().click()
    await page.getByRole('dialog').waitFor()
    await check('program, roll-back dialog')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
  })

  it('widget, with a contrast warning', async () => {
    await nav(page, m, 'navWidget').click()
    await page.getByRole('heading', { level: 1, name: m.widgetTitle }).waitFor()
    await settled(page)
    await page.getByLabel(m.colorPrimary, { exact: true }).fill('#ffff00')
    await page
      .getByRole('status')
      .filter({ hasText: m.contrastAdjust.replace('{colour}', '#737300') })
      .waitFor()
    await expect.poll(() => page.locator('iframe.preview').getAttribute('src')).toContain('primary=%23737300')
    await page.frameLocator('iframe.preview').getByRole('button', { name: /./ }).first().waitFor()
    await check('widget')
  })

  it('audit log', async () => {
    await nav(page, m, 'navAudit').click()
    await page.getByRole('heading', { level: 1, name: m.auditTitle }).waitFor()
    await settled(page)
    await check('audit log')
  })
})

// ---- lock-out -----------------------------------------------------------------------

describe('sign-in lock-out', () => {
  // Its own server: the lock holds for everyone for minutes.
  let locked: Demo
  let context: BrowserContext
  beforeAll(async () => {
    locked = await startDemo()
    context = await browser.newContext()
  })
  afterAll(async () => {
    await context?.close()
    await locked?.stop()
  })

  it('after five wrong passwords, even the right one is refused, and says for how long', async () => {
    const page = await context.newPage()
    const problems = await watch(page)
    await page.goto(locked.server.url + '/admin/')
    const password = page.getByLabel(en.password, { exact: true })
    const alert = page.getByRole('alert')
    const attempt = () =>
      Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/admin/api/session') && r.request().method() == 'POST'),
        page.getByRole('button', { name: en.signIn, exact: true }).click(),
      ]).then(([r]) => r.status())
    for (let i = 1; i <= 5; i++) {
      await password.fill(`wrong password ${i}`)
      expect(await attempt()).toBe(401)
      await expect.poll(() => alert.textContent()).toBe(en.errWrongPassword)
      // The password field keeps focus, marked invalid and described by the message.
      await expect.poll(() => focusedElement(page)).toBe('input#password ""')
      expect(await password.getAttribute('aria-invalid')).toBe('true')
      await page.getByRole('button', { name: en.signIn, exact: true }).waitFor()
    }
    await password.fill(DEV_ADMIN_PASSWORD)
    expect(await attempt()).toBe(429)
    await expect.poll(() => alert.textContent()).toMatch(/^Too many attempts, try again in \d+ s\.$/)
    const seconds = Number(/in (\d+) s/.exec((await alert.textContent())!)![1])
    expect(seconds).toBeGreaterThan(60)
    expect(await page.getByRole('navigation').count()).toBe(0)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(en.signInTitle)
    expect(await unexpected(problems)).toEqual([])
  })
})
