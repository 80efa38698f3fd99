/**
 * The referral journey across two browser contexts (two shoppers):
 * the advocate joins and copies their link; the friend opens it, is welcomed with
 * their reward, joins (the sign-up carries the code) and buys; the advocate's
 * widget then shows the 200-point bonus and one friend joined.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, startDemo, watch, type Demo } from './harness.ts'
import { buyButton, dialogOf, eventLog, launcherOf, liveRegionOf, shownText } from './widget.ts'

let browser: Browser
let demo: Demo
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, demo] = await Promise.all([launch(), startDemo()])
})
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await demo?.stop()
})

async function shopper(name: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  contexts.push(context)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.url })
  const page = await context.newPage()
  const problems = await watch(page)
  return { context, page, problems, email: `${name}-${Date.now()}@example.com` }
}

/** Open the panel from the launcher, go to the sign-up form, join with email and terms. */
async function join(page: Page, email: string) {
  const dialog = dialogOf(page)
  await launcherOf(page).click()
  await dialog.getByRole('button', { name: 'Join now' }).click()
  await dialog.getByLabel('Email', { exact: true }).fill(email)
  await dialog.getByRole('checkbox', { name: 'I agree to the program terms' }).check()
  await dialog.getByRole('button', { name: 'Join', exact: true }).click()
  await shownText(dialog, 'Welcome! 100 points are yours.').waitFor()
}

describe('referral journey, two shoppers', () => {
  it('the advocate copies the link, the friend joins through it and buys, the advocate gets +200', async () => {
    const advocate = await shopper('advocate')
    const friend = await shopper('friend')
    const a = advocate.page
    const f = friend.page
    const aDialog = dialogOf(a)
    const fDialog = dialogOf(f)

    // Advocate: joins, opens Refer a friend, copies the link.
    await a.goto(demo.server.url + '/')
    await join(a, advocate.email)
    await a.getByRole('button', { name: 'Rewards, 100 points', exact: true }).waitFor()
    await aDialog.getByRole('button', { name: 'Refer a friend' }).click()
    await a.getByRole('dialog', { name: 'Refer a friend' }).waitFor()
    await aDialog.getByText('Your friend gets 10% off your first order. You get 200 points when they make their first purchase.').waitFor()
    await aDialog.getByText('0 friends joined').waitFor()
    await aDialog.getByText('0 points earned from referrals').waitFor()
    // Native share only where the browser has the Web Share API.
    const canShare = await a.evaluate(() => typeof navigator.share == 'function')
    await expect(aDialog.getByRole('button', { name: 'Share', exact: true }).count()).resolves.toBe(canShare ? 1 : 0)

    const shown = ((await aDialog.locator('code').textContent()) ?? '').trim()
    expect(shown).toMatch(new RegExp(`^${demo.server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\?ref=[A-Z0-9]+$`))
    const copy = aDialog.getByRole('button', { name: 'Copy link', exact: true })
    await copy.click()
    // Shown under the link (for 2 s: asked first), and said by the panel's live region 50 ms later.
    await shownText(aDialog, 'Copied').waitFor()
    await expect.poll(() => liveRegionOf(a).textContent()).toBe('Copied')
    await expect.poll(() => a.evaluate(() => navigator.clipboard.readText())).toBe(shown)
    const link = await a.evaluate(() => navigator.clipboard.readText())
    const code = new URL(link).searchParams.get('ref')!
    await expect.poll(() => eventLog(a)).toContain('loyalkit:referral-copy')

    // Friend, in another browser context: opens the link and is welcomed with their reward.
    const signups: Record<string, unknown>[] = []
    await f.route(/\/v1\/members$/, async (route) => {
      if (route.request().method() == 'POST') signups.push(route.request().postDataJSON())
      await route.continue()
    })
    await f.goto(link)
    await launcherOf(f).click()
    await fDialog.getByText('A friend invited you: 10% off your first order when you join.').waitFor()
    await fDialog.getByRole('button', { name: 'Join now' }).click()
    // The sign-up form repeats the offer and shows the code, prefilled; the sign-up carries it.
    await fDialog.getByText('A friend invited you: 10% off your first order when you join.').waitFor()
    await expect(fDialog.getByLabel('Referral code (optional)').inputValue()).resolves.toBe(code)
    await fDialog.getByLabel('Email', { exact: true }).fill(friend.email)
    await fDialog.getByRole('checkbox', { name: 'I agree to the program terms' }).check()
    await fDialog.getByRole('button', { name: 'Join', exact: true }).click()
    await shownText(fDialog, 'Welcome! 100 points are yours.').waitFor()
    expect(signups).toHaveLength(1)
    expect(signups[0]).toMatchObject({ email: friend.email, referralCode: code })
    await f.getByRole('button', { name: 'Rewards, 100 points', exact: true }).waitFor()

    // The friend buys: their first purchase pays the advocate.
    await fDialog.getByRole('button', { name: 'Close', exact: true }).click()
    await buyButton(f, 'Ridge 28 Daypack').click()
    await f.getByRole('button', { name: 'Rewards, 189 points', exact: true }).waitFor()

    // The advocate's widget, refreshed, shows +200 (300 in all) and one friend joined.
    await a.evaluate(() => (window as unknown as { loyalkit: (c: string) => Promise<unknown> }).loyalkit('refresh'))
    await a.getByRole('button', { name: 'Rewards, 300 points', exact: true }).waitFor()
    await aDialog.getByText('1 friend joined', { exact: true }).waitFor()
    await aDialog.getByText('200 points earned from referrals').waitFor()
    await a.locator('#events li').filter({ hasText: 'loyalkit:points' }).filter({ hasText: '"balance":300' }).filter({ hasText: '"delta":200' }).waitFor()

    // The bonus is in the advocate's history too.
    await aDialog.getByRole('button', { name: 'Back' }).click()
    await aDialog.getByText('300 points', { exact: true }).waitFor()
    await aDialog.getByRole('button', { name: 'Activity' }).click()
    await a.getByRole('dialog', { name: 'Activity' }).getByRole('listitem').filter({ hasText: '+200' }).waitFor()

    expect(await advocate.problems()).toEqual([])
    expect(await friend.problems()).toEqual([])
  })
})
