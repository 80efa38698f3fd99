/**
 * axe-core (WCAG 2.0/2.1/2.2 A and AA tags) on every view of the widget, in real
 * Chromium, in light, dark, 320 px wide, 200 % zoom, 200 % text size, Latvian, Russian and Arabic (right to left). One browser and one
 * demo server for the file; one context and one member per variant, walked
 * through the views in order (guest views first, then the member's).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axe, describeViolations } from './axe.ts'
import { launch, startDemo, watch, type Demo } from './harness.ts'
import { buyButton } from './widget.ts'

type Text = Record<string, string>
const PROGRAM = JSON.parse(readFileSync(new URL('../../demo/programs/trailpack.json', import.meta.url), 'utf8')) as {
  key: string
  rules: unknown[]
  rewards: { id: string; name: Text }[]
  referral: { friend: { description: Text } }
}
const localized = (text: Text, lang: string) => text[lang] ?? text.en!

/** The widget, shadow root included (axe walks open shadow roots from the host). */
const auditWidget = (page: Page) => axe(page, { include: [['loyalkit-widget']] })

interface Variant {
  name: string
  viewport: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
  /** Demo-control selects: Language and Theme (each re-creates the widget). */
  locale?: 'lv' | 'ru' | 'ar'
  theme?: 'light' | 'dark'
  /** What the panel must look like for the variant to be what it says. */
  dark: boolean
  narrow?: boolean
  /** Browser zoom: CSS pixels are this many device pixels (200 %: the viewport is half as wide in CSS pixels). */
  zoom?: number
  /** The browser's text size setting, times its default (16 px): text alone grows, not the page. */
  textSize?: number
}

const DESKTOP = { width: 1280, height: 800 }
const VARIANTS: Variant[] = [
  { name: 'light', viewport: DESKTOP, theme: 'light', dark: false },
  { name: 'dark', viewport: DESKTOP, theme: 'dark', dark: true },
  { name: 'dark by prefers-color-scheme (theme auto)', viewport: DESKTOP, colorScheme: 'dark', dark: true },
  { name: '320 px wide', viewport: { width: 320, height: 640 }, dark: false, narrow: true },
  { name: '200 % zoom', viewport: { width: 640, height: 400 }, zoom: 2, dark: false },
  { name: '200 % text size', viewport: DESKTOP, textSize: 2, dark: false },
  { name: 'lv', viewport: DESKTOP, locale: 'lv', dark: false },
  { name: 'ru', viewport: DESKTOP, locale: 'ru', dark: false },
  { name: 'ar (right to left)', viewport: DESKTOP, locale: 'ar', dark: false },
]

interface Session {
  page: Page
  dialog: Locator
  variant: Variant
  lang: string
  member: boolean
}

const open = (page: Page, view: string) =>
  page.evaluate((v) => (window as unknown as { loyalkit: (c: string, v: string) => Promise<unknown> }).loyalkit('open', v), view)

/** Loaded: no skeleton left in the panel. */
async function settled(s: Session) {
  await s.dialog.waitFor()
  await expect.poll(() => s.dialog.locator('[aria-busy=true]').count(), { timeout: 10_000 }).toBe(0)
}

/** Sign up through the panel (locale-neutral selectors), then buy a pack so there are points to spend and history to show. */
async function becomeMember(s: Session) {
  if (s.member) return
  await open(s.page, 'signup')
  await settled(s)
  await s.dialog.locator('input[type=email]').fill(`a11y-${s.variant.name.replace(/\W+/g, '-')}-${Date.now()}@example.com`)
  await s.dialog.locator('input[type=checkbox][name=terms]').check()
  await s.dialog.locator('button[type=submit]').click()
  await s.dialog.getByRole('progressbar').waitFor()
  await s.page.evaluate(() => (window as unknown as { loyalkit: (c: string) => Promise<unknown> }).loyalkit('close'))
  await s.dialog.waitFor({ state: 'hidden' })
  await buyButton(s.page, 'Nomad 40 Travel Pack').click() // +249 → 349 points: free shipping (300) is affordable
  await s.page.locator('#shop-status').filter({ hasText: 'you earned 249 points' }).waitFor()
  await s.page.locator('loyalkit-widget button[aria-expanded]').filter({ hasText: '349' }).waitFor()
  s.member = true
}

const rewardItem = (s: Session, id: string) =>
  s.dialog.getByRole('listitem').filter({ hasText: localized(PROGRAM.rewards.find((r) => r.id == id)!.name, s.lang) })

/** The friend's offer, shown to a visitor who came with ?ref= (every variant does, so guest views show it). */
const invitation = (s: Session) => s.dialog.getByText(localized(PROGRAM.referral.friend.description, s.lang))

/** Every state worth auditing, in the order one shopper meets them. */
const STATES: { name: string; show(s: Session): Promise<void> }[] = [
  {
    name: 'home (guest, invited by a friend)',
    async show(s) {
      await open(s.page, 'home')
      await settled(s)
      await s.dialog.getByRole('navigation').waitFor()
      await invitation(s).waitFor()
    },
  },
  {
    name: 'signup with validation errors',
    async show(s) {
      await open(s.page, 'signup')
      await settled(s)
      await invitation(s).waitFor()
      await s.dialog.locator('button[type=submit]').click()
      await expect.poll(() => s.dialog.locator('[aria-invalid=true]').count()).toBeGreaterThanOrEqual(2)
      // Each message is tied to its field.
      const email = s.dialog.locator('input[type=email]')
      const described = await email.getAttribute('aria-describedby')
      expect(described).toBeTruthy()
      await expect(s.dialog.locator(`[id="${described}"]`).textContent()).resolves.toBeTruthy()
    },
  },
  // What a guest sees of each view (members see their own states below).
  ...(['earn', 'rewards', 'offers', 'badges', 'tiers'] as const).map((view) => ({
    name: `${view} (guest)`,
    async show(s: Session) {
      await open(s.page, view)
      await settled(s)
      await s.dialog.getByRole('list').first().waitFor()
    },
  })),
  {
    name: 'home (member, just joined)',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'home')
      await settled(s)
      await s.dialog.getByRole('progressbar').waitFor()
    },
  },
  {
    name: 'earn',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'earn')
      await settled(s)
      await expect.poll(() => s.dialog.getByRole('listitem').count()).toBe(PROGRAM.rules.length)
    },
  },
  {
    name: 'rewards',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'rewards')
      await settled(s)
      await rewardItem(s, 'free-shipping').getByRole('button').waitFor()
    },
  },
  {
    name: 'rewards: redeem confirmation',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'rewards')
      await settled(s)
      const item = rewardItem(s, 'free-shipping')
      await item.getByRole('button').click()
      await expect.poll(() => item.getByRole('button').count()).toBe(2)
    },
  },
  {
    name: 'rewards: coupon code',
    async show(s) {
      const item = rewardItem(s, 'free-shipping')
      if ((await item.getByRole('button').count()) != 2) {
        await STATES.find((x) => x.name == 'rewards: redeem confirmation')!.show(s)
      }
      await item.getByRole('button').first().click()
      await s.dialog.getByRole('status').locator('code').waitFor()
    },
  },
  {
    name: 'referral',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'referral')
      await settled(s)
      await s.dialog.locator('code').waitFor()
    },
  },
  {
    name: 'activity (with entries)',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'activity')
      await settled(s)
      await expect.poll(() => s.dialog.getByRole('listitem').count()).toBeGreaterThanOrEqual(2)
    },
  },
  {
    name: 'tiers',
    async show(s) {
      await open(s.page, 'tiers')
      await settled(s)
      await s.dialog.locator('[aria-current=true]').waitFor()
    },
  },
  {
    name: 'offers',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'offers')
      await settled(s)
      await expect.poll(() => s.dialog.getByRole('heading', { level: 3 }).count()).toBeGreaterThanOrEqual(1)
    },
  },
  {
    name: 'badges',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'badges')
      await settled(s)
      await expect.poll(() => s.dialog.getByRole('listitem').count()).toBeGreaterThanOrEqual(1)
    },
  },
  {
    name: 'profile',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'profile')
      await settled(s)
      await s.dialog.locator('input[type=date]').waitFor()
    },
  },
  {
    name: 'profile: delete confirmation',
    async show(s) {
      await becomeMember(s)
      await open(s.page, 'profile')
      await settled(s)
      await s.dialog.locator('#lk-del').click()
      await s.dialog.locator('#lk-del-no').waitFor()
    },
  },
]

let browser: Browser
let demo: Demo
/** The referral code of a member made through the API, for the ?ref= visits. */
let ref: string

beforeAll(async () => {
  ;[browser, demo] = await Promise.all([launch(), startDemo()])
  const r = await fetch(demo.server.url + '/v1/members', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Loyalkit-Program': PROGRAM.key, 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ email: 'a11y-advocate@example.com', consent: { terms: true, marketing: false } }),
  })
  expect(r.status).toBe(201)
  ref = ((await r.json()) as { member: { referral: { code: string } } }).member.referral.code
})
afterAll(async () => {
  await browser?.close()
  await demo?.stop()
})

/** A context and a page as the variant says, on the store page with the widget in its language and theme. */
async function openVariant(variant: Variant): Promise<{ context: BrowserContext; page: Page; problems: () => Promise<string[]> }> {
  const context = await browser.newContext({
    viewport: variant.viewport,
    deviceScaleFactor: variant.zoom ?? 1,
    colorScheme: variant.colorScheme ?? 'light',
    // No entry animation half-way through an audit; motion has its own rule in the widget.
    reducedMotion: 'reduce',
  })
  const page = await context.newPage()
  // Chromium's "font size" setting (Settings › Appearance), which the keyword `medium` follows.
  if (variant.textSize) {
    const size = (px: number) => Math.round(px * variant.textSize!)
    await (await context.newCDPSession(page)).send('Page.setFontSizes', { fontSizes: { standard: size(16), fixed: size(13) } })
  }
  const problems = await watch(page)
  await page.goto(`${demo.server.url}/?ref=${ref}`)
  // Store-side switches re-create the widget, as a single-page app would.
  if (variant.locale) await page.getByLabel('Language').selectOption(variant.locale)
  if (variant.theme) await page.getByLabel('Theme').selectOption(variant.theme)
  const launcher = page.locator('loyalkit-widget button[aria-expanded]')
  await launcher.waitFor()
  // A locale pack loads on demand: wait until the launcher speaks it.
  if (variant.locale) {
    await page.waitForFunction(
      () => document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('button[aria-expanded]')?.textContent != 'Rewards',
      null,
      { timeout: 10_000 },
    )
  }
  return { context, page, problems }
}

/** The open panel is what the variant says: dark or light, in its language and direction, text size, a sheet when narrow. */
async function checkLooks({ page, dialog, variant }: Session): Promise<void> {
  const host = page.locator('loyalkit-widget')
  const launcher = page.locator('loyalkit-widget button[aria-expanded]')
  if (variant.theme) await expect(host.getAttribute('data-theme')).resolves.toBe(variant.theme)
  // The panel's surface really is dark (or light).
  const luminance = await dialog.evaluate((d) => {
    const [r, g, b] = getComputedStyle(d)
      .backgroundColor.match(/\d+(\.\d+)?/g)!
      .map(Number)
    return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255
  })
  if (variant.dark) expect(luminance).toBeLessThan(0.3)
  else expect(luminance).toBeGreaterThan(0.7)
  if (variant.locale) {
    await expect(host.getAttribute('lang')).resolves.toBe(variant.locale)
    const name = (await launcher.getAttribute('aria-label')) ?? (await launcher.textContent())
    expect(name).not.toMatch(/Rewards/)
    expect(await dialog.textContent()).not.toContain('Join now')
  }
  if (variant.locale == 'ar') {
    // The panel reads right to left; it still opens on the launcher's side, which the page decides.
    expect(await dialog.locator('.bd').evaluate((d) => getComputedStyle(d).direction)).toBe('rtl')
    expect(await dialog.locator('h2').evaluate((d) => getComputedStyle(d).direction)).toBe('rtl')
    const side = (box: { x: number; width: number } | null) => (box!.x + box!.width / 2 > variant.viewport.width / 2 ? 'right' : 'left')
    expect(side(await dialog.boundingBox())).toBe(side(await launcher.boundingBox()))
  }
  if (variant.textSize) {
    // The widget's text follows the setting, whatever the page's own font size: the panel's and the launcher's.
    const px = (l: Locator) => l.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))
    expect(await px(dialog)).toBe(16 * variant.textSize)
    expect(await px(dialog.locator('h2'))).toBe(18 * variant.textSize)
    expect(await px(launcher)).toBe(15 * variant.textSize)
  }
  if (variant.narrow) {
    // Below 480 px the panel is a full-screen sheet.
    const box = (await dialog.boundingBox())!
    expect(box).toEqual({ x: 0, y: 0, width: variant.viewport.width, height: variant.viewport.height })
  }
}

/**
 * Reflow (WCAG 1.4.10, and 1.4.4 at 200 %): nothing sticks out past the viewport, no text is cut, and
 * inputs are ≥ 16 px so phones do not zoom.
 */
async function checkReflow(dialog: Locator): Promise<void> {
  const overflow = await dialog.evaluate((d) =>
    [...d.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 || e.getBoundingClientRect().left < -0.5)
      .map((e) => e.outerHTML.slice(0, 120)),
  )
  expect(overflow, 'elements past the viewport').toEqual([])
  // No element's content is wider than its box where it hides what overflows (screen-reader-only text
  // is clipped on purpose).
  const cut = await dialog.evaluate((d) =>
    [...d.querySelectorAll<HTMLElement>(':not(.sr)')]
      .filter((e) => getComputedStyle(e).overflowX != 'visible' && e.scrollWidth > e.clientWidth + 1 && e.textContent!.trim())
      .map((e) => e.outerHTML.slice(0, 120)),
  )
  expect(cut, 'text cut off').toEqual([])
  const small = await dialog.evaluate((d) =>
    [...d.querySelectorAll('input:not([type=checkbox]):not([type=radio]), select, textarea')]
      .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 16)
      .map((e) => e.outerHTML.slice(0, 120)),
  )
  expect(small, 'inputs under 16 px').toEqual([])
}

describe.each(VARIANTS)('axe, $name', (variant) => {
  let context: BrowserContext
  let problems: () => Promise<string[]>
  const s = {} as Session

  beforeAll(async () => {
    const opened = await openVariant(variant)
    context = opened.context
    problems = opened.problems
    Object.assign(s, { page: opened.page, dialog: opened.page.getByRole('dialog'), variant, lang: variant.locale ?? 'en', member: false })
  })
  afterAll(async () => {
    await context?.close()
  })

  it('renders as the variant says', async () => {
    await open(s.page, 'home')
    await settled(s)
    await checkLooks(s)
  })

  it('turns the kind icons to face the way the text reads, only right to left', async () => {
    const { page, dialog } = s
    await open(page, 'earn')
    await settled(s)
    const scale = await dialog
      .locator('.k svg')
      .first()
      .evaluate((e) => getComputedStyle(e).scale)
    expect(scale).toBe(variant.locale == 'ar' ? '-1 1' : 'none')
  })

  it.each(STATES)('$name: no violations', async (state) => {
    await state.show(s)
    const violations = await auditWidget(s.page)
    const found = describeViolations(violations)
    if (found.length) console.log(`axe, ${variant.name}, ${state.name}:\n  ` + found.join('\n  '))
    expect(found).toEqual([])
    if (variant.narrow || variant.zoom || variant.textSize) await checkReflow(s.dialog)
  })

  it('raised no page errors', async () => {
    expect(await problems()).toEqual([])
  })
})

describe('axe, the demo store page around the widget', () => {
  it('has no violations (launcher closed)', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await page.goto(demo.server.url + '/')
    await page.locator('loyalkit-widget button[aria-expanded]').waitFor()
    await buyButton(page, 'Trail Pouch').click() // a guest: the store explains how to earn
    await page.locator('#shop-status').filter({ hasText: /\S/ }).waitFor()
    // The page itself; the widget is audited above.
    const found = describeViolations(await axe(page, { include: [['html']], exclude: [['loyalkit-widget']] }))
    if (found.length) console.log('axe, store page:\n  ' + found.join('\n  '))
    expect(found).toEqual([])
    await context.close()
  })
})
