/**
 * The console tests' shared setup: Chromium, the reference server with the demo store (the console as
 * npm run build made it, served at /admin), a signed-out console tab, and the helpers the tests share.
 * `useConsole()` and `useConsoleTab()` register the hooks in the calling test file.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { PACKS, type Messages } from '../../server/admin/src/i18n.ts'
import { DEV_ADMIN_PASSWORD } from '../../server/src/config.ts'
import { launch, startDemo, watch, type Demo } from './harness.ts'

export const PROGRAM_KEY = (JSON.parse(readFileSync(new URL('../../demo/programs/trailpack.json', import.meta.url), 'utf8')) as { key: string }).key
export const en = PACKS.en

export interface Joined {
  id: string
  email: string
  name: string
  balance: number
}

export interface ConsoleEnv {
  browser: Browser
  demo: Demo
  /** A member made through the store API, as the widget would. */
  join(name: string): Promise<Joined>
  /** A second console session, signed in over the API (as another person in another browser would be). */
  signInByApi(): Promise<{ call(path: string, body?: unknown): Promise<Response> }>
}

export function useConsole(): ConsoleEnv {
  const env: ConsoleEnv = {
    browser: undefined as unknown as Browser,
    demo: undefined as unknown as Demo,
    async join(name) {
      const email = `console-${randomUUID().slice(0, 8)}@example.com`
      const r = await fetch(env.demo.server.url + '/v1/members', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Loyalkit-Program': PROGRAM_KEY, 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ email, name, consent: { terms: true, marketing: false } }),
      })
      expect(r.status).toBe(201)
      const { member } = (await r.json()) as { member: { id: string; balance: number } }
      return { id: member.id, email, name, balance: member.balance }
    },
    async signInByApi() {
      const origin = env.demo.server.url
      const r = await fetch(origin + '/admin/api/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ password: DEV_ADMIN_PASSWORD }),
      })
      expect(r.status).toBe(200)
      const cookie = r.headers.get('set-cookie')!.split(';')[0]!
      const { csrf } = (await r.json()) as { csrf: string }
      return {
        call: (path: string, body?: unknown) =>
          fetch(origin + '/admin/api' + path, {
            method: body === undefined ? 'GET' : 'POST',
            headers: { Cookie: cookie, Origin: origin, 'X-Loyalkit-CSRF': csrf, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
            body: body === undefined ? undefined : JSON.stringify(body),
          }),
      }
    },
  }
  beforeAll(async () => {
    // The console as npm run build made it (npm test builds first), served by the server at /admin.
    ;[env.browser, env.demo] = await Promise.all([launch(), startDemo()])
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.demo?.stop()
  })
  return env
}

export interface ConsoleTab {
  context: BrowserContext
  page: Page
  problems: () => Promise<string[]>
}

/**
 * One tab for the whole file, as the store owner keeps it open: its tests go on from where the one
 * before left it (signed in, on its page), so the file's describes share it. No unexpected problems by the end.
 */
export function useConsoleTab(env: ConsoleEnv): ConsoleTab {
  const tab = {} as ConsoleTab
  beforeAll(async () => {
    tab.context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' })
    tab.page = await tab.context.newPage()
    tab.problems = await watch(tab.page)
  })
  afterAll(async () => {
    expect(await unexpected(tab.problems)).toEqual([])
    await tab.context?.close()
  })
  return tab
}

/**
 * The API's refusals the tests ask for (401 before signing in, 409 a stale save, 422 for too large a debit, 429 locked)
 * and the answer a test drops on purpose (timed out) are not the page's faults.
 */
export const EXPECTED = /Failed to load resource: (the server responded with a status of (401|409|422|429)|net::ERR_TIMED_OUT)/

/** Reward pictures a test sets are served here, not fetched from the internet. */
export const PICTURES = 'https://images.trailpack.test/'
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
export const servePictures = (context: BrowserContext) => context.route(PICTURES + '**', (route) => route.fulfill({ contentType: 'image/png', body: PNG }))
export const unexpected = async (problems: () => Promise<string[]>) => (await problems()).filter((p) => !EXPECTED.test(p))

/** Nothing loading any more. */
export async function settled(page: Page) {
  await page.locator('main h1').waitFor()
  await expect.poll(() => page.locator('main .loading, main [aria-busy=true]').count(), { timeout: 10_000 }).toBe(0)
}

/** Sign in on the sign-in page; the page of the address shows (the Overview at /admin/). */
export async function signIn(page: Page, m: Messages = en, landing = m.overviewTitle) {
  await page.getByLabel(m.password, { exact: true }).fill(DEV_ADMIN_PASSWORD)
  await page.getByRole('button', { name: m.signIn, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: landing }).waitFor()
  await settled(page)
}

export const nav = (page: Page, m: Messages, key: 'navOverview' | 'navMembers' | 'navProgram' | 'navWidget' | 'navIntegrations' | 'navAudit') =>
  page.getByRole('navigation', { name: m.mainNav }).getByRole('link', { name: m[key], exact: true })

/** A figure card of the Overview by its heading. */
export const card = (page: Page, title: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) })

/** The element with focus, described. */
export const focusedElement = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement
    return a ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''} "${(a.getAttribute('aria-label') || a.textContent || '').trim().slice(0, 60)}"` : 'none'
  })
