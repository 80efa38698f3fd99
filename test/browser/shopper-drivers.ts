/**
 * How the shopper of the shopper journey acts (shopper-journey.test.ts): the same
 * steps driven only by the keyboard, or only by the mouse.
 */
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { buyButton, dialogOf, focused, hasFocus, launcherOf, show, tabTo } from './widget.ts'

/** How the shopper acts: the same journey, two ways of driving it. */
export interface Driver {
  /** From the store page to an open panel. */
  open(): Promise<void>
  /** Activate a button inside the panel. */
  press(target: Locator): Promise<void>
  fill(target: Locator, text: string): Promise<void>
  tick(target: Locator): Promise<void>
  close(): Promise<void>
  buy(product: string): Promise<void>
}

export function keyboard(page: Page): Driver {
  const launcher = launcherOf(page)
  return {
    async open() {
      // From wherever focus is on the page, Tab until the launcher; never a click.
      if (!(await hasFocus(launcher))) await tabTo(page, launcher, { max: 40 })
      await page.keyboard.press('Enter')
      await dialogOf(page).waitFor()
      // Opening moves focus into the dialog.
      await expect.poll(() => focused(page).then(show)).toMatch(/\(in dialog\)$/)
    },
    async press(target) {
      await tabTo(page, target, { inDialog: true })
      await page.keyboard.press('Enter')
    },
    async fill(target, text) {
      await tabTo(page, target, { inDialog: true })
      await page.keyboard.type(text)
    },
    async tick(target) {
      await tabTo(page, target, { inDialog: true })
      await page.keyboard.press('Space')
    },
    async close() {
      await page.keyboard.press('Escape')
      await dialogOf(page).waitFor({ state: 'hidden' })
      // Escape closes, and focus goes back to the launcher (the browser's, or the widget's a task later).
      await expect.poll(async () => ((await hasFocus(launcher)) ? 'the launcher' : 'focus after Escape: ' + show(await focused(page)))).toBe('the launcher')
      await expect.poll(() => launcher.getAttribute('aria-expanded'), { timeout: 5_000 }).toBe('false')
    },
    async buy(product) {
      const buy = buyButton(page, product)
      // The products come before the launcher: walk back to them.
      await tabTo(page, buy, { shift: true, max: 40 })
      await page.keyboard.press('Enter')
    },
  }
}

export function mouse(page: Page): Driver {
  return {
    async open() {
      await launcherOf(page).click()
      await dialogOf(page).waitFor()
    },
    press: (target) => target.click(),
    fill: (target, text) => target.fill(text),
    tick: (target) => target.check(),
    async close() {
      await dialogOf(page).getByRole('button', { name: 'Close', exact: true }).click()
      await dialogOf(page).waitFor({ state: 'hidden' })
    },
    buy: (product) => buyButton(page, product).click(),
  }
}
