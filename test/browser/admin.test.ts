/**
 * The merchant console (/admin) in real Chromium against the reference server, as a
 * store owner uses it: sign in with the demo password, read the Overview, find a
 * member by email and adjust their points, erase one through the confirmation
 * dialog, create and revoke an API key, add and delete a webhook endpoint, read the
 * audit log, switch to Latvian; and the sign-in lock-out after five wrong passwords.
 * The program, the widget and axe on every page are in admin-program.test.ts.
 *
 * One tab goes through the whole journey: each describe goes on from where the one before left
 * it (signed in, on its page), and the audit log lists what the earlier ones changed.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PACKS } from '../../server/admin/src/i18n.ts'
import { DEV_ADMIN_PASSWORD } from '../../server/src/config.ts'
import { card, en, focusedElement, nav, PROGRAM_KEY, settled, signIn, unexpected, useConsole, useConsoleTab, type Joined } from './admin-suite.ts'
import { startDemo, watch, type Demo } from './harness.ts'
import { launcherOf } from './widget.ts'

const env = useConsole()
const tab = useConsoleTab(env)
const { join } = env
let browser: Browser
let demo: Demo
let context: BrowserContext
let page: Page
let anna: Joined

beforeAll(async () => {
  ;({ browser, demo } = env)
  ;({ context, page } = tab)
  anna = await join('Anna Kalniņa')
})

describe('the console, used by the store owner: signing in and the Overview', () => {
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
})

describe('the console, used by the store owner: members', () => {
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
    // A refusal ends that adjustment: once the store has credited the member, the same figures pressed
    // again are a new adjustment, not the refusal answered again.
    const credited = await fetch(`${demo.server.url}/v1/members/${anna.id}/adjustments`, {
      method: 'POST',
      headers: {
        'X-Loyalkit-Program': PROGRAM_KEY,
        Authorization: `Bearer ${demo.server.deps.config.apiKey}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ points: 100_000, reason: 'Store credit' }),
    })
    expect(credited.status).toBe(201)
    await adjust.click()
    await page
      .getByRole('status')
      .filter({ hasText: `New balance: ${anna.balance + 51} points.` })
      .waitFor()

    // The server made the change but its answer was lost on the way: trying again is answered with
    // that change (the same Idempotency-Key), not a second one.
    await page.route('**/adjustments', async (route) => void (await route.fetch(), await route.abort('timedout')), { times: 1 })
    await points.fill('5')
    await reason.fill('Answer lost')
    await adjust.click()
    await page.getByText(en.errNetwork).waitFor()
    await adjust.click()
    await page
      .getByRole('status')
      .filter({ hasText: `Done: +5 points. New balance: ${anna.balance + 56} points.` })
      .waitFor()
    const after = (await (
      await fetch(`${demo.server.url}/v1/members/${anna.id}`, {
        headers: { 'X-Loyalkit-Program': PROGRAM_KEY, Authorization: `Bearer ${demo.server.deps.config.apiKey}` },
      })
    ).json()) as { balance: number }
    expect(after.balance).toBe(anna.balance + 56)
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
})

describe('the console, used by the store owner: API keys and webhooks', () => {
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
})

describe('the console, used by the store owner: the audit log and Latvian', () => {
  it('lists every change in the audit log', async () => {
    await nav(page, en, 'navAudit').click()
    await page.getByRole('heading', { level: 1, name: en.auditTitle }).waitFor()
    await settled(page)
    const log = page.getByRole('table', { name: en.auditTitle })
    for (const action of ['sign_in', 'points_adjusted', 'member_erased', 'api_key_created', 'api_key_revoked', 'webhook_added', 'webhook_removed']) {
      expect(await log.getByRole('cell', { name: action, exact: true }).count(), action).toBeGreaterThan(0)
    }
    const adjusted = log.getByRole('row').filter({ hasText: 'points_adjusted' })
    expect(await adjusted.filter({ hasText: 'Goodwill for a late parcel' }).count()).toBe(1)
    // The adjustment whose answer was lost and which was tried again: one change, one entry.
    expect(await adjusted.filter({ hasText: 'Answer lost' }).count()).toBe(1)
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
})

describe('the console, used by the store owner: sessions, unknown pages and the skip link', () => {
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
