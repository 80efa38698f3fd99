/**
 * Helpers for driving the widget like a shopper: find it by role and name, move
 * focus with the keyboard, and ask where focus really is (through the shadow root).
 */
import type { Locator, Page } from 'playwright-core'

/** The launcher: the disclosure button named "Rewards" (or "Rewards, N points" for members). */
export const launcherOf = (page: Page) => page.getByRole('button', { name: /^Rewards/ }).and(page.locator('[aria-expanded]'))

/** The panel: a modal dialog, whatever its title. */
export const dialogOf = (page: Page) => page.getByRole('dialog')

/**
 * The widget's polite live region that is in effect: the panel's own while the
 * panel (a modal dialog, which makes the rest inert) is open, else the one beside it.
 */
export const liveRegionOf = (page: Page) =>
  page.locator(
    'loyalkit-widget dialog[open] > [role=status][aria-live=polite], loyalkit-widget div:not(:has(> dialog[open])) > [role=status][aria-live=polite]',
  )

/**
 * Text shown in the widget, not its echo in a live region: what is said aloud is
 * also put in a visually hidden status 50 ms later, so a plain getByText can
 * match one element or two depending on timing.
 */
export const shownText = (scope: Locator, text: string) => scope.getByText(text, { exact: true }).and(scope.locator(':not([aria-live], [aria-live] *)'))

/** The store's Buy button on the product card with this name. */
export const buyButton = (page: Page, product: string) =>
  page
    .locator('#products > li')
    .filter({ has: page.getByRole('heading', { name: product, exact: true }) })
    .getByRole('button', { name: 'Buy' })

export interface Focused {
  tag: string
  name: string
  /** Focus is inside the open <dialog> (the panel). */
  inDialog: boolean
  /** Focus is inside the widget's shadow root. */
  inWidget: boolean
}

/** The element that really has focus, looking through open shadow roots. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    if (!a) return { tag: 'none', name: '', inDialog: false, inWidget: false }
    const name = (a.getAttribute('aria-label') || a.getAttribute('name') || a.textContent || '').trim().slice(0, 60)
    return {
      tag: a.tagName.toLowerCase() + (a.getAttribute('type') ? `[type=${a.getAttribute('type')}]` : ''),
      name,
      inDialog: !!a.closest('dialog[open]'),
      inWidget: a.getRootNode() != document,
    }
  })
}

export const show = (f: Focused) => `${f.tag} "${f.name}"${f.inDialog ? ' (in dialog)' : f.inWidget ? ' (in widget, outside dialog)' : ' (page)'}`

/** Is this locator's element the one with focus (through shadow roots)? */
export async function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    return a == el
  })
}

/**
 * Press Tab (or Shift+Tab) until `target` has focus; returns every stop on the way.
 * With `inDialog`, each stop must be inside the open panel, else it throws naming the stop.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  { shift = false, max = 40, inDialog = false }: { shift?: boolean; max?: number; inDialog?: boolean } = {},
): Promise<Focused[]> {
  await target.waitFor()
  const stops: Focused[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab')
    const f = await focused(page)
    stops.push(f)
    if (inDialog && !f.inDialog) {
      throw new Error(`${shift ? 'Shift+Tab' : 'Tab'} left the panel: focus went to ${show(f)}; stops: ${stops.map(show).join(' → ')}`)
    }
    if (await hasFocus(target)) return stops
  }
  throw new Error(`${shift ? 'Shift+Tab' : 'Tab'} never reached ${target}; stops: ${stops.map(show).join(' → ')}`)
}

/** The `loyalkit:*` event log of the demo store, newest first. */
export const eventLog = (page: Page) =>
  page
    .locator('#events')
    .textContent()
    .then((t) => t ?? '')

/**
 * Is the widget's live region in Chromium's accessibility tree right now? A live
 * region that assistive technology cannot see announces nothing (for example one
 * left outside an open modal dialog, which makes the rest of the page inert).
 */
export async function liveRegionExposure(page: Page): Promise<{ exposed: boolean; why: string }> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { result } = await cdp.send('Runtime.evaluate', {
      expression:
        "(r => r && (r.querySelector('dialog[open] > [role=status][aria-live=polite]') || r.querySelector(':scope > div > [role=status][aria-live=polite]')))(document.querySelector('loyalkit-widget')?.shadowRoot)",
    })
    if (!result.objectId) return { exposed: false, why: 'no live region in the widget' }
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false })
    const node = nodes[0]
    if (!node) return { exposed: false, why: 'no accessibility node' }
    const reasons = (node.ignoredReasons ?? []).map((r) => r.name).join(', ')
    return { exposed: !node.ignored, why: node.ignored ? `ignored in the accessibility tree (${reasons})` : `exposed as ${node.role?.value}` }
  } finally {
    await cdp.detach()
  }
}
