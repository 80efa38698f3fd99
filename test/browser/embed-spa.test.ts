/**
 * Single-page apps in real Chromium: inline elements that come and go with the app's views, and
 * ?loyalkit= deep links reached through pushState and history navigation.
 */
import { describe, expect, it } from 'vitest'
import { freshEmail, launcherOf, uiMounted, useEmbedSite, widgets } from './embed-suite.ts'
import { probe } from './embed-probe.ts'

const env = useEmbedSite()

describe('inline elements in an SPA', () => {
  it("an inline element inside the store's own component (its open shadow root) is drawn, and opens the panel", async () => {
    const { page, probe } = await env.open('elements-shadow.html')
    // Playwright's locators see into open shadow roots, as the shopper sees the page.
    const join = page.locator('store-card').getByRole('button', { name: 'Join now' })
    await join.waitFor({ timeout: 15_000 })
    await join.click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).getByLabel('Email', { exact: true }).waitFor()
    expect(await widgets(page)).toBe(1)
    expect(probe.consoleErrors).toEqual([])
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
})

describe('deep links on SPA routes', () => {
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
    // Forward to the deep link is a route change like any other: it opens Tiers again.
    await tiers.waitFor()
    await page.keyboard.press('Escape')
    await tiers.waitFor({ state: 'hidden' })
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
    await page.getByRole('dialog', { name: 'Tiers', exact: true }).waitFor({ timeout: 15_000 })
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })
})
