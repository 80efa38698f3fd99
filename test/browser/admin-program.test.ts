/**
 * The program and the widget, edited in the merchant console (/admin) in real Chromium against the
 * reference server: a refused cost, a save a shopper sees, versions and roll-back, broken JSON, a save
 * after someone else's, a member offer, a badge and a punch card, the widget's colours and snippet; then axe (WCAG 2.0–2.2 A/AA)
 * and reflow on every page in light, dark (toggle and prefers-color-scheme), 320 px and Latvian.
 *
 * One tab goes from the program to the widget, signed in once. axe is in this file because its
 * roll-back dialog needs a version other than the current one, which the program tests make.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PACKS } from '../../server/admin/src/i18n.ts'
import { check as checkPage, openVariant, VARIANTS } from './admin-axe.ts'
import {
  card,
  en,
  focusedElement,
  nav,
  PROGRAM_KEY,
  servePictures,
  settled,
  signIn,
  unexpected,
  useConsole,
  useConsoleTab,
  type Joined,
} from './admin-suite.ts'
import { type Demo, watch } from './harness.ts'
import { launcherOf } from './widget.ts'

const env = useConsole()
const tab = useConsoleTab(env)
const { signInByApi } = env
let browser: Browser
let demo: Demo
let context: BrowserContext
let page: Page
const REWARD = '€5 off your order'

beforeAll(() => {
  ;({ browser, demo } = env)
  ;({ context, page } = tab)
})

describe('the program, edited in the console: costs, versions and roll-back', () => {
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
})

describe('the program, edited in the console: JSON, ways to earn, images, offers and badges', () => {
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

    // A date being retyped, one part of "Ends" cleared, reads as empty: that is not "no end".
    const ends = offer.getByLabel(en.offerEnds, { exact: true })
    await ends.focus()
    await page.keyboard.press('Backspace')
    expect(await ends.evaluate((el: HTMLInputElement) => el.value == '' && el.validity.badInput)).toBe(true)

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

  it('adds a badge for reaching a tier and sets a punch card’s every and reward: the program lists them', async () => {
    const section = page.getByRole('region', { name: en.badgesTitle })
    await section.getByRole('group', { name: 'First order', exact: true }).waitFor()
    await section.getByRole('button', { name: en.addBadge }).click()
    const name = section.getByRole('group', { name: en.newBadge }).getByLabel(en.nameEn, { exact: true })
    await expect.poll(() => name.evaluate((el) => el == document.activeElement)).toBe(true)
    await name.fill('Silver explorer')
    const badge = section.getByRole('group', { name: 'Silver explorer', exact: true })
    // A new badge counts orders; a tier badge has a tier instead of a count.
    expect(await badge.getByLabel(en.badgeCount, { exact: true }).inputValue()).toBe('1')
    await badge.getByLabel(en.badgeKind, { exact: true }).selectOption({ label: en.badgeKindTier })
    await badge.getByLabel(en.badgeTier, { exact: true }).selectOption({ label: 'Silver' })
    expect(await badge.getByLabel(en.badgeCount, { exact: true }).count()).toBe(0)
    await badge.getByLabel(en.descriptionEn, { exact: true }).fill('You reached Silver.')

    const card = page.getByRole('group', { name: 'Every 5th order: a free travel pouch', exact: true })
    await card.getByLabel(en.punchEvery, { exact: true }).fill('4')
    await card.getByLabel(en.punchReward, { exact: true }).selectOption({ label: 'Free shipping' })

    await page.getByRole('button', { name: en.saveProgram }).click()
    const result = page.getByRole('region', { name: /^Saved as version \d+\.$/ })
    await result.waitFor()
    expect(await result.textContent()).toContain('program.badges[6]')
    const program = (await (await page.request.get(demo.server.url + '/v1/program', { headers: { 'X-Loyalkit-Program': 'pk_demo_trailpack' } })).json()) as {
      badges: { name: string }[]
      rules: { id: string; every?: number; rewardId?: string }[]
    }
    expect(program.badges.find((b) => b.name == 'Silver explorer')).toEqual({
      id: expect.stringMatching(/^badge-/),
      kind: 'tier',
      name: 'Silver explorer',
      description: 'You reached Silver.',
      tier: 'silver',
    })
    expect(program.rules.find((r) => r.id == 'pouch-card')).toMatchObject({ every: 4, rewardId: 'free-shipping' })
  })
})

describe('the widget, edited in the console', () => {
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

describe.each(VARIANTS)('axe and reflow, $name', (variant) => {
  const m = PACKS[variant.lang]
  let context: BrowserContext
  let page: Page
  let problems: () => Promise<string[]>
  let member: Joined
  const check = (state: string) => checkPage(page, variant, state)

  beforeAll(async () => {
    ;({ context, page, problems, member } = await openVariant(env, variant))
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
