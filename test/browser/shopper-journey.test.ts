/**
 * The shopper journey, in real Chromium against the reference server:
 * a guest opens the launcher, joins, claims the newsletter rule, buys in the store,
 * sees balance and tier change live, redeems free shipping and copies the code.
 * Once driven only by the keyboard (Tab, Shift+Tab, Enter, Space, Escape; the
 * launcher is reached by tabbing from the page), once only by the mouse
 * (./shopper-drivers.ts). The journey is a series of steps, each a function below.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, startDemo, watch, type Demo } from './harness.ts'
import { keyboard, mouse, type Driver } from './shopper-drivers.ts'
import { dialogOf, eventLog, focused, hasFocus, launcherOf, liveRegionExposure, liveRegionOf, show, shownText } from './widget.ts'

let browser: Browser
let demo: Demo

beforeAll(async () => {
  ;[browser, demo] = await Promise.all([launch(), startDemo()])
})
afterAll(async () => {
  await browser?.close()
  await demo?.stop()
})

/** Tab (and Shift+Tab) round the whole panel more than once: every stop stays in the dialog, and it wraps. */
async function expectFocusTrapped(page: Page) {
  const dialog = dialogOf(page)
  const count = await dialog.locator('button:not([disabled]), a[href], input:not([disabled]), select, textarea').count()
  for (const key of ['Tab', 'Shift+Tab']) {
    const stops: string[] = []
    for (let i = 0; i < count + 3; i++) {
      await page.keyboard.press(key)
      const f = await focused(page)
      stops.push(show(f))
      expect(f.inDialog, `${key} #${i + 1} left the panel: ${stops.join(' → ')}`).toBe(true)
    }
    // More presses than stops: focus went round, so some stop was visited twice.
    expect(new Set(stops).size, `${key} stops: ${stops.join(' → ')}`).toBeLessThan(stops.length)
  }
}

/** Focus is still in the panel after `what` replaced the control it was on. */
async function expectFocusStaysInPanel(page: Page, what: string) {
  // Focus moves once the replacing control has rendered: allow it a moment (generously: CI runs every suite at once).
  await expect
    .poll(async () => (await focused(page)).inDialog, { timeout: 5_000 })
    .toBe(true)
    .catch(() => {})
  const f = await focused(page)
  expect.soft(f.inDialog, `focus after ${what}: ` + show(f)).toBe(true)
}

const points = (n: number) => `${n} points`

/** What every step acts on: the page, how the shopper drives it, and the widget's parts. */
interface Journey {
  mode: 'keyboard' | 'mouse'
  page: Page
  shopper: Driver
  launcher: Locator
  dialog: Locator
  live: Locator
  /** The launcher of a member, naming their balance. */
  memberLauncher(balance: number): Locator
}

function journeyOn(page: Page, mode: Journey['mode'], shopper: Driver): Journey {
  return {
    mode,
    page,
    shopper,
    launcher: launcherOf(page),
    dialog: dialogOf(page),
    live: liveRegionOf(page),
    memberLauncher: (balance) => page.getByRole('button', { name: `Rewards, ${points(balance)}`, exact: true }),
  }
}

/** A guest opens the launcher: a disclosure button that opens a modal dialog named by its title. */
async function opensAsGuest({ mode, page, shopper, launcher, dialog }: Journey) {
  await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false')
  await shopper.open()
  await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
  await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('true')
  if (mode == 'keyboard') {
    await expectFocusTrapped(page)
    // Escape closes and gives focus back; Enter on the launcher opens it again.
    await shopper.close()
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false')
    await page.keyboard.press('Enter')
    await dialog.waitFor()
    await expect.poll(() => focused(page).then((f) => f.inDialog)).toBe(true)
  }
}

/** Joins: email and the terms, nothing else. */
async function joins({ mode, page, shopper, dialog, memberLauncher }: Journey) {
  await shopper.press(dialog.getByRole('button', { name: 'Join now' }))
  const email = dialog.getByLabel('Email', { exact: true })
  await shopper.fill(email, `${mode}-${Date.now()}@example.com`)
  await shopper.tick(dialog.getByRole('checkbox', { name: 'I agree to the program terms' }))
  await expect(dialog.getByRole('checkbox', { name: 'I agree to the program terms' }).isChecked()).resolves.toBe(true)
  await expect(dialog.getByRole('checkbox', { name: /news and offers/ }).isChecked()).resolves.toBe(false)
  await shopper.press(dialog.getByRole('button', { name: 'Join', exact: true }))
  await shownText(dialog, 'Welcome! 100 points are yours.').waitFor()
  await dialog.getByText(points(100), { exact: true }).waitFor()
  await memberLauncher(100).waitFor()
  expect(await eventLog(page)).toContain('loyalkit:signup')
}

/** Ways to earn: the newsletter rule claims once (+25) and then shows as done. */
async function claimsNewsletter({ mode, page, shopper, dialog, live, memberLauncher }: Journey) {
  await shopper.press(dialog.getByRole('button', { name: 'Ways to earn' }))
  await page.getByRole('dialog', { name: 'Ways to earn' }).waitFor()
  const newsletter = dialog.getByRole('listitem').filter({ hasText: 'Subscribe to our newsletter' })
  await shopper.press(newsletter.getByRole('button', { name: 'Claim 25 points' }))
  await newsletter.getByText('✓ Done').waitFor()
  await expect(newsletter.getByRole('button').count()).resolves.toBe(0)
  await memberLauncher(125).waitFor()
  // The live region says both, as one: the new balance and the claim's thanks.
  await expect.poll(() => live.textContent()).toMatch(/^(?=.*Your balance: 125 points)(?=.*\+25 points — thank you!)/)
  // …and a screen reader can hear it: the live region is in the accessibility tree while the panel is open.
  const afterClaim = await liveRegionExposure(page)
  expect.soft(afterClaim.exposed, 'live region while the panel is open: ' + afterClaim.why).toBe(true)
  // The claimed button is gone; focus must not fall out of the panel to the page.
  if (mode == 'keyboard') await expectFocusStaysInPanel(page, 'claiming')
  expect(await eventLog(page)).toContain('loyalkit:claim')
}

/** Closes the panel and buys in the store: the launcher names the new balance at once, the panel shows it and the way to Silver. */
async function buysInTheStore({ page, shopper, launcher, dialog, live, memberLauncher }: Journey) {
  await shopper.close()
  await shopper.buy('Commuter 20 Laptop Pack')
  await memberLauncher(244).waitFor()
  await page.getByRole('status').filter({ hasText: 'you earned 119 points' }).waitFor()
  // The widget's live region announces the balance change.
  await live
    .filter({ hasText: '244 points' })
    .waitFor({ timeout: 5_000 })
    .catch(() => {})
  expect.soft(await live.textContent(), 'live region after an order raised the balance to 244').toContain('244 points')
  await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false')
  await shopper.open()
  await dialog.getByText(points(244), { exact: true }).waitFor()
  await dialog.getByText('Bronze member').waitFor()
  await dialog.getByText('256 points to Silver', { exact: true }).waitFor()
  await expect(dialog.getByRole('progressbar', { name: '256 points to Silver' }).getAttribute('aria-valuenow')).resolves.toBe('244')
  await shopper.close()
}

/** Two more orders: 244 + 249 = 493 (still Bronze, ×1), + 19 = 512 lifetime → Silver. */
async function reachesSilver({ page, shopper, dialog, memberLauncher }: Journey) {
  await shopper.buy('Nomad 40 Travel Pack')
  await memberLauncher(493).waitFor()
  expect(await eventLog(page)).not.toContain('loyalkit:tier')
  await shopper.buy('Trail Pouch')
  await memberLauncher(512).waitFor()
  await page.locator('#events li').filter({ hasText: 'loyalkit:tier' }).filter({ hasText: 'Silver' }).waitFor()
  await shopper.open()
  await dialog.getByText(points(512), { exact: true }).waitFor()
  await dialog.getByText('Silver member').waitFor()
  await dialog.getByText('988 points to Gold', { exact: true }).waitFor()
}

/** Rewards: free shipping (300) with a confirmation, then a code; its status message and the code. */
async function redeemsFreeShipping({ mode, page, shopper, dialog, memberLauncher }: Journey): Promise<{ result: Locator; code: string }> {
  await shopper.press(dialog.getByRole('button', { name: 'Rewards', exact: true }))
  await page.getByRole('dialog', { name: 'Rewards' }).waitFor()
  await shopper.press(dialog.getByRole('button', { name: 'Redeem: Free shipping' }))
  await dialog.getByText('Redeem Free shipping for 300 points?').waitFor()
  if (mode == 'keyboard') await expectFocusStaysInPanel(page, 'Redeem')
  await shopper.press(dialog.getByRole('button', { name: 'Yes, redeem' }))
  const result = dialog.getByRole('status').filter({ hasText: 'Your code for Free shipping', has: page.locator('code') }) // not the live region saying the same
  await result.waitFor()
  const code = ((await result.locator('code').textContent()) ?? '').trim()
  expect(code).toMatch(/^\S{6,}$/)
  await memberLauncher(212).waitFor()
  expect(await eventLog(page)).toContain('loyalkit:redeem')
  if (mode == 'keyboard') await expectFocusStaysInPanel(page, 'confirming')
  return { result, code }
}

/** Copies the code: the clipboard holds it, and both the panel and the live region say "Copied". */
async function copiesTheCode({ page, shopper, dialog, live }: Journey, result: Locator, code: string) {
  const copy = result.getByRole('button', { name: `Copy code ${code}`, exact: true })
  await shopper.press(copy)
  // Said under the code (for 2 s: asked first) and aloud; the button keeps its word and name (nothing reads it again).
  await result.getByText('Copied', { exact: true }).waitFor()
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(code)
  expect(await copy.textContent()).toBe('Copy')
  await expect.poll(() => live.textContent()).toBe('Copied')
  const afterCopy = await liveRegionExposure(page)
  expect.soft(afterCopy.exposed, 'live region when "Copied" is announced: ' + afterCopy.why).toBe(true)
  // The coupon is also listed under "Your coupons".
  await dialog
    .getByRole('listitem')
    .filter({ hasText: 'Free shipping' })
    .getByRole('button', { name: `Copy code ${code}` })
    .waitFor()
}

/** At the store's checkout the code is checked and used (through the store's backend and API key); the panel shows it used. */
async function usesTheCodeAtCheckout({ page, shopper, dialog, memberLauncher }: Journey, code: string) {
  await shopper.close()
  await page.getByLabel(/^Coupon code/).fill(code)
  await shopper.buy('Campus 24 School Pack')
  // Silver: 59 × 1.5 = 88 points.
  await page
    .getByRole('status')
    .filter({ hasText: `${code} applied, you earned 88 points` })
    .waitFor()
  await memberLauncher(300).waitFor()
  await shopper.open()
  await shopper.press(dialog.getByRole('button', { name: 'Rewards', exact: true }))
  await page.getByRole('dialog', { name: 'Rewards' }).waitFor()
  // Used: said in words, and no longer offered for copying.
  await dialog.getByRole('listitem').filter({ hasText: 'Free shipping' }).filter({ hasText: 'Used' }).waitFor()
  expect(await dialog.getByRole('button', { name: `Copy code ${code}` }).count()).toBe(0)
  await shopper.close()
}

/** The store refunds that order: its points go back. */
async function isRefunded({ page, memberLauncher }: Journey, code: string) {
  await page.getByRole('button', { name: 'Refund the last order' }).click()
  await page.getByRole('status').filter({ hasText: '88 points taken back' }).waitFor()
  await memberLauncher(212).waitFor()
  // The store's backend received the loyalty server's signed webhooks; its log shows them. (The log is
  // the whole store's: another journey's webhooks may arrive in it too, so these are this member's.)
  const used = page.locator('#events li').filter({ hasText: 'webhook coupon.used' }).filter({ hasText: code })
  await used.waitFor()
  const memberId = /"memberId":"([^"]+)"/.exec((await used.textContent()) ?? '')?.[1]
  expect(memberId).toBeTruthy()
  await page.locator('#events li').filter({ hasText: 'webhook order.refunded' }).filter({ hasText: memberId! }).waitFor()
}

/** Opens and closes the panel once more: the launcher is collapsed and the page heard the close. */
async function opensAndCloses({ page, shopper, launcher }: Journey) {
  await shopper.open()
  await shopper.close()
  await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false')
  await expect.poll(() => eventLog(page)).toContain('loyalkit:close')
}

describe.each([
  ['keyboard', keyboard],
  ['mouse', mouse],
] as const)('shopper journey by %s', (mode, driverFor) => {
  let context: BrowserContext

  afterAll(() => context?.close())

  it('joins, claims, buys, reaches Silver, redeems free shipping, copies the code, uses it at checkout and is refunded', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.url })
    const page = await context.newPage()
    const problems = await watch(page)
    await page.goto(demo.server.url + '/')
    const journey = journeyOn(page, mode, driverFor(page))

    await opensAsGuest(journey)
    await joins(journey)
    await claimsNewsletter(journey)
    await buysInTheStore(journey)
    await reachesSilver(journey)
    const { result, code } = await redeemsFreeShipping(journey)
    await copiesTheCode(journey, result, code)
    await usesTheCodeAtCheckout(journey, code)
    await isRefunded(journey, code)
    await opensAndCloses(journey)
    expect(await problems()).toEqual([])
  })
})

describe('a keyboard shopper whose claim is slow, then fails', () => {
  it('keeps focus on the Claim button while it runs and after the failure, then claims on the next press', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const page = await context.newPage()
      const problems = await watch(page)
      await page.goto(demo.server.url + '/')
      const journey = journeyOn(page, 'keyboard', keyboard(page))
      await opensAsGuest(journey)
      await joins(journey)
      // The first claim waits, then is refused (a 4xx: not retried).
      let refuse!: () => void
      const refused = new Promise<void>((r) => (refuse = r))
      await page.route(
        '**/v1/members/me/claims',
        async (route) => {
          await refused
          await route.fulfill({
            status: 400,
            contentType: 'application/problem+json',
            body: JSON.stringify({ type: 'about:blank', title: 'Bad request', status: 400, code: 'invalid_request', detail: 'refused by the test' }),
          })
        },
        { times: 1 },
      )
      const { shopper, dialog } = journey
      await shopper.press(dialog.getByRole('button', { name: 'Ways to earn' }))
      await page.getByRole('dialog', { name: 'Ways to earn' }).waitFor()
      const claim = dialog.getByRole('listitem').filter({ hasText: 'Subscribe to our newsletter' }).getByRole('button', { name: 'Claim 25 points' })
      await shopper.press(claim)
      // Busy, and still where the shopper is: a disabled button would have sent focus to the page.
      await expect.poll(() => claim.getAttribute('aria-disabled')).toBe('true')
      expect(await hasFocus(claim), show(await focused(page))).toBe(true)
      refuse()
      await dialog.getByRole('alert').waitFor()
      await expect.poll(() => claim.getAttribute('aria-disabled')).toBeNull()
      expect(await hasFocus(claim), show(await focused(page))).toBe(true)
      // Enter again, where focus still is: claimed.
      await page.keyboard.press('Enter')
      await dialog.getByText('✓ Done').waitFor()
      const expected = /Failed to load resource: the server responded with a status of 400/
      expect((await problems()).filter((p) => !expected.test(p))).toEqual([])
    } finally {
      await context.close()
    }
  })
})
