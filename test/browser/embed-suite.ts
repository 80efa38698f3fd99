/**
 * The embedding tests' shared setup: Chromium, the static site of test pages (embed-server.ts) and the
 * reference server it talks to cross-origin, one browser context per test, and the helpers the tests
 * share. `useEmbedSite()` registers the hooks in the calling test file.
 */
import { randomUUID } from 'node:crypto'
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page, Request } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { launch } from './harness.ts'
import { probe, type Probe } from './embed-probe.ts'
import { startEmbedSite, type EmbedSite } from './embed-server.ts'
import { shownText } from './widget.ts'

/**
 * The strict policy of the CSP page: nonce for scripts, no 'unsafe-inline' anywhere, Trusted Types enforced,
 * `policies` the only ones the page allows (the other-policy page: the store's own, and not Loyalkit's).
 */
export const strictCsp = (origin: string, api: string, nonce: string, policies = 'loyalkit') =>
  [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${origin}`,
    `style-src ${origin}`,
    `connect-src ${api}`,
    "img-src 'self'",
    "require-trusted-types-for 'script'",
    `trusted-types ${policies}`,
  ].join('; ')

export interface EmbedEnv {
  browser: Browser
  site: EmbedSite
  /** A fresh browser context, closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
  /** Opens a page; `fill` replaces placeholders the site does not know (e.g. {{TOKEN}}); `api` collects the requests to the loyalty API. */
  open(pageName: string, fill?: Record<string, string>): Promise<{ page: Page; probe: Probe; api: Request[]; context: BrowserContext }>
  /** A customer token signed by the reference server, as a store's server would mint it. */
  mintToken(customerId: string): Promise<string>
}

export function useEmbedSite(): EmbedEnv {
  let contexts: BrowserContext[] = []
  const env = {
    browser: undefined as unknown as Browser,
    site: undefined as unknown as EmbedSite,
    async newContext(options?: BrowserContextOptions) {
      const context = await env.browser.newContext(options)
      contexts.push(context)
      return context
    },
    async open(pageName: string, fill: Record<string, string> = {}) {
      const { site } = env
      const context = await env.newContext()
      const page = await context.newPage()
      const p = await probe(page)
      const api: Request[] = []
      page.on('request', (r) => void (r.url().startsWith(site.api) && api.push(r)))
      if (Object.keys(fill).length) {
        // A page fulfilled by a route has no address of its own, so Chromium would keep it off the loopback API.
        await context.grantPermissions(['local-network-access'], { origin: site.origin })
        await page.route(site.url(pageName), async (route) => {
          const response = await route.fetch()
          const body = (await response.text()).replace(/\{\{([A-Z]+)\}\}/g, (m, name: string) => fill[name] ?? m)
          await route.fulfill({ response, body })
        })
      }
      const response = await page.goto(site.url(pageName))
      if (pageName == 'csp.html') {
        // The policy really is in force on this response.
        expect(response?.headers()['content-security-policy']).toBe(strictCsp(site.origin, site.api, site.lastNonce.get('csp.html')!))
      }
      return { page, probe: p, api, context }
    },
    async mintToken(customerId: string) {
      const r = await fetch(env.site.api + '/_demo/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ customerId, email: customerId + '@example.com' }),
      })
      expect(r.status).toBe(201)
      return ((await r.json()) as { token: string }).token
    },
  }
  beforeAll(async () => {
    ;[env.browser, env.site] = await Promise.all([
      launch(),
      startEmbedSite({
        headers: (page, { origin, api, nonce }) =>
          page == 'csp.html' || page == 'csp-other-policy.html'
            ? { 'Content-Security-Policy': strictCsp(origin, api, nonce, page == 'csp.html' ? 'loyalkit' : 'store') }
            : undefined,
      }),
    ])
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.site?.stop()
  })
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()))
    contexts = []
  })
  return env
}

export const launcherOf = (page: Page) => page.getByRole('button', { name: /^Rewards/ }).and(page.locator('[aria-expanded]'))
export const widgets = (page: Page) => page.evaluate(() => document.querySelectorAll('loyalkit-widget').length)
/** The UI bundle has mounted: its <dialog> is in the widget's shadow root. */
export const uiMounted = (page: Page, timeout = 15_000) =>
  page.waitForFunction(() => !!document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog'), null, { timeout })

let emails = 0
export const freshEmail = () => `embed-${Date.now()}-${emails++}@example.com`

/** From the guest home of an open panel: join, and see the welcome and the balance. */
export async function join(dialog: Locator) {
  await dialog.getByRole('button', { name: 'Join now' }).click()
  await dialog.getByLabel('Email', { exact: true }).fill(freshEmail())
  await dialog.getByRole('checkbox', { name: /I agree/ }).check()
  await dialog.getByRole('button', { name: 'Join', exact: true }).click()
  await shownText(dialog, 'Welcome! 100 points are yours.').waitFor()
  await dialog.getByText('100 points', { exact: true }).waitFor()
}
