/**
 * URLs from the server, in real Chromium against a fake loyalty endpoint: the
 * widget uses a URL (terms, privacy, referral link, reward image, social
 * profile) only if it is https: or same-origin; any other is dropped, with a
 * console warning that names it.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { fakeJwt, json, plainMember, plainProgram } from './attack-server.ts'
import { command, openView, settled, useAttackSite } from './attack-suite.ts'

const env = useAttackSite()

const FIELDS = ['terms', 'privacy', 'referral', 'image', 'social'] as const
type Urls = Record<(typeof FIELDS)[number], string>

/** Per field, so each warning can be told apart (the widget warns once per distinct URL). */
const BAD_SETS: Record<string, (field: string) => string> = {
  'javascript:': (f) => `javascript:alert(1)//${f}`,
  'data:': (f) => `data:text/html,<script>alert(1)</script>${f}`,
  'http: (not same-origin)': (f) => `http://evil.example/${f}`,
  'malformed https://': (f) => (f == 'terms' ? 'https://' : `https://[${f}`),
}

describe('URLs from the server are used only if https: or same-origin', () => {
  for (const [kind, bad] of Object.entries(BAD_SETS)) {
    it(`drops ${kind} URLs with a warning`, async () => {
      const urls = Object.fromEntries(FIELDS.map((f) => [f, bad(f)])) as Urls
      serveUrls(urls)
      const seen = await visit()
      // No attribute anywhere in the widget carries the URL (as given, or as the browser would resolve it).
      for (const f of FIELDS) {
        const u = urls[f]
        let resolved = u
        try {
          resolved = new URL(u, env.site.origin).href
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
      ['/legal/terms', 'https://shop.example/r/ANNA10', `${env.site.origin}/follow`],
    ] as const) {
      serveUrls({ terms, privacy: 'https://shop.example/privacy', referral, image: 'https://cdn.example/pouch.png', social })
      const seen = await visit()
      const abs = (u: string) => new URL(u, env.site.origin).href
      expect(seen.signup.links).toEqual([abs(terms)])
      expect(seen.referral.text).toContain(abs(referral))
      expect(seen.followLabel).toMatch(/^Follow and claim /)
      expect(seen.opened).toEqual([abs(social)])
      // The rewards' picture is drawn from its https: address.
      expect(seen.attrs).toContain('img src=https://cdn.example/pouch.png')
      expect(seen.warnings.filter((w) => /unsafe URL/i.test(w))).toEqual([])
      expect(seen.problems).toEqual([])
      await seen.close()
    }
  })
})

/** Program and member whose URL fields are these. */
function serveUrls(urls: Urls) {
  const program = plainProgram()
  program.termsUrl = urls.terms
  program.privacyUrl = urls.privacy
  program.rules = program.rules.map((r) => (r.kind == 'social_follow' ? { ...r, url: urls.social } : r))
  program.rewards = program.rewards.map((r) => ({ ...r, imageUrl: urls.image }))
  const member = plainMember()
  member.referral = { ...member.referral, url: urls.referral }
  member.claimedRules = []
  env.site.routes.program = () => json(program)
  env.site.routes.member = () => json(member)
}

/** Member views, a click on the social-follow rule, then the guest sign-up form; returns what was seen. */
async function visit() {
  env.site.page = { ...env.site.page, token: fakeJwt() }
  const { page, problems, counts, close } = await env.newPage()
  await recordWindowOpen(page)
  await page.goto(env.site.url('?loyalkit=home'))
  await settled(page)
  await openView(page, 'home')
  const { attrs, look } = looker(page)
  await look()
  await openView(page, 'earn')
  await look()
  const followLabel = await followAndClaim(page)
  await openView(page, 'rewards')
  await look()
  await openView(page, 'referral')
  const referral = await look()
  await command(page, 'logout')
  await openView(page, 'signup')
  const signup = await look()
  const opened = await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened)
  return { attrs, referral, signup, opened, followLabel, warnings: counts.warnings, problems: await problems(), page, close }
}

/** Record, never follow, what the widget opens (the social profile). */
const recordWindowOpen = (page: Page) =>
  page.addInitScript(() => {
    const w = window as unknown as { __opened: string[] }
    w.__opened = []
    window.open = ((url?: string | URL) => {
      w.__opened.push(String(url))
      return null
    }) as typeof window.open
  })

/** Every attribute of the widget, and the links, images and text of the panel, view after view. */
function looker(page: Page) {
  const attrs: string[] = []
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
    return s
  }
  return { attrs, look }
}

/** The social-follow rule: "Follow and claim" opens the profile (if usable) and claims. Returns the button's label. */
async function followAndClaim(page: Page) {
  const dialog = page.getByRole('dialog')
  const follow = dialog.getByRole('listitem').filter({ hasText: 'Follow us' }).getByRole('button')
  const followLabel = (await follow.textContent()) ?? ''
  await follow.click()
  await dialog.getByRole('listitem').filter({ hasText: 'Follow us' }).getByText('Done').waitFor()
  return followLabel
}
