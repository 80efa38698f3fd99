import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, startDemo, watch, type Demo } from './harness.ts'
import { order } from '../server/helpers.ts'
import { shownText } from './widget.ts'

let browser: Browser
let demo: Demo

beforeAll(async () => {
  ;[browser, demo] = await Promise.all([launch(), startDemo()])
})
afterAll(async () => {
  await browser?.close()
  await demo?.stop()
})

describe('demo store, real browser, reference server', () => {
  it('a guest opens the launcher, joins, and sees 100 points and the events', async () => {
    const page = await browser.newPage()
    const problems = await watch(page)
    await page.goto(demo.server.url + '/')
    // The disclosure button; its name grows to "Rewards, 100 points" once the shopper is a member.
    const launcher = page.getByRole('button', { name: /^Rewards/ }).and(page.locator('[aria-expanded]'))
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false')
    await launcher.click()
    const dialog = page.getByRole('dialog', { name: 'Trailpack Rewards' })
    await dialog.waitFor()
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('true')
    await dialog.getByRole('button', { name: 'Join now' }).click()
    await dialog.getByLabel('Email', { exact: true }).fill(`guest-${Date.now()}@example.com`)
    await dialog.getByRole('checkbox', { name: /I agree/ }).check()
    await dialog.getByRole('button', { name: 'Join', exact: true }).click()
    await shownText(dialog, 'Welcome! 100 points are yours.').waitFor()
    await dialog.getByText('100 points', { exact: true }).waitFor()
    await page.getByRole('button', { name: 'Rewards, 100 points', exact: true }).waitFor()

    const log = await page.locator('#events').textContent()
    for (const name of ['loyalkit:ready', 'loyalkit:open', 'loyalkit:signup', 'loyalkit:points']) expect(log).toContain(name)

    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: /^Rewards/, expanded: false }).waitFor()
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.locator('#events').textContent()).toContain('loyalkit:close')
    expect(await problems()).toEqual([])
    await page.close()
  })

  it('a signed-in shopper joins, and the points survive a server restart', async () => {
    const page = await browser.newPage()
    const problems = await watch(page)
    await page.goto(demo.server.url + '/')
    await page.getByRole('button', { name: 'Sign in as Anna' }).click()
    await page.locator('#events').getByText('loyalkit:identify').waitFor()
    await page.getByRole('button', { name: 'Rewards', exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Join now' }).click()
    await dialog.getByLabel('Email', { exact: true }).fill('anna@example.com')
    await dialog.getByRole('checkbox', { name: /I agree/ }).check()
    await dialog.getByRole('button', { name: 'Join', exact: true }).click()
    await dialog.getByText('100 points', { exact: true }).waitFor()

    // Away from the store while it restarts: its page polls the store's backend every 2 s, and a poll
    // meeting the server down is a console error of the demo page, not of the widget.
    await page.goto('about:blank')
    await demo.restart()
    await page.goto(demo.server.url + '/')
    await page.getByRole('button', { name: 'Rewards, 100 points', exact: true }).click()
    await page.getByRole('dialog').getByText('100 points', { exact: true }).waitFor()
    expect(await problems()).toEqual([])
    await page.close()
  })

  // Anna, who joined in the test before, comes back to the store on another page.
  it('back on a later page, the points that arrived while the shopper was away rise on home and are announced, once', async () => {
    const page = await browser.newPage()
    const problems = await watch(page)
    const events = () => page.locator('#events').textContent()
    await page.goto(demo.server.url + '/')
    await page.getByRole('button', { name: 'Sign in as Anna' }).click()
    await page.getByRole('button', { name: 'Rewards, 100 points', exact: true }).waitFor()
    await page.locator('#events').getByText('loyalkit:identify').waitFor()
    // Nothing has arrived since her last page showed her 100 points.
    expect(await events()).not.toContain('loyalkit:points')

    // The store reports an order while no page of hers is open.
    await page.goto('about:blank')
    const { balance } = await order(demo.server, { email: 'anna@example.com', customerId: 'cust_anna' }, 25)
    const gained = balance! - 100
    expect(gained).toBeGreaterThan(0)
    await page.goto(demo.server.url + '/')
    await page.getByRole('button', { name: `Rewards, ${balance} points`, exact: true }).click()
    const dialog = page.getByRole('dialog')
    await dialog
      .locator('.pop')
      .filter({ hasText: `+${gained}` })
      .waitFor({ state: 'attached' })
    await page
      .locator('#events li')
      .filter({ hasText: 'loyalkit:points' })
      .filter({ hasText: `"delta":${gained}` })
      .waitFor()

    // Told once: the page after that has nothing new.
    await page.reload()
    await page.getByRole('button', { name: `Rewards, ${balance} points`, exact: true }).click()
    await page.getByRole('dialog').getByText(`${balance} points`, { exact: true }).waitFor()
    expect(await events()).not.toContain('loyalkit:points')
    expect(await page.getByRole('dialog').locator('.pop').count()).toBe(0)
    expect(await problems()).toEqual([])
    await page.close()
  })

  it('adds no global but window.loyalkit', async () => {
    const page = await browser.newPage()
    await page.addInitScript(() => {
      ;(window as unknown as { __before: string[] }).__before = Object.getOwnPropertyNames(window)
    })
    await page.goto(demo.server.url + '/')
    await page.getByRole('button', { name: 'Rewards', exact: true }).hover()
    await page.waitForFunction(() => document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog'))
    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { __before: string[] }).__before)
      return Object.getOwnPropertyNames(window).filter((k) => !before.has(k) && k != '__before')
    })
    expect(added).toEqual(['loyalkit'])
    await page.close()
  })
})
