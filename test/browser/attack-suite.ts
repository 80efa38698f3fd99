/**
 * The attack tests' shared setup: Chromium, the fake store and loyalty endpoint
 * (attack-server.ts) whose answers each test chooses, one instrumented page per
 * load (attack-probe.ts), and the helpers that drive the widget.
 * `useAttackSite()` registers the hooks in the calling test file; after each
 * test, its pages are closed and the site's routes and page options reset.
 */
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startAttackSite, type AttackSite } from './attack-server.ts'
import { instrument } from './attack-probe.ts'
import { launch, watch } from './harness.ts'

export interface AttackPage {
  page: Page
  /** Uncaught errors, unhandled rejections, console errors, CSP and Trusted Types violations. */
  problems(): Promise<string[]>
  /** Dialogs opened (each one an execution) and console warnings. */
  counts: { dialogs: number; warnings: string[] }
  /** Closes the page's context now (a test that loads several pages one after another). */
  close(): Promise<void>
}

export interface AttackEnv {
  browser: Browser
  site: AttackSite
  /** A fresh context and page, watched and instrumented before any page script runs. */
  newPage(): Promise<AttackPage>
}

/** A 1×1 transparent PNG. */
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

export function useAttackSite(): AttackEnv {
  const contexts = new Set<BrowserContext>()
  const env: AttackEnv = {
    browser: undefined as unknown as Browser,
    site: undefined as unknown as AttackSite,
    async newPage() {
      const context = await env.browser.newContext()
      contexts.add(context)
      // Reward pictures come from an https: CDN (attack-server.ts): answered here, as this machine resolves no such host.
      await context.route('https://cdn.example/**', (r) => r.fulfill({ status: 200, contentType: 'image/png', body: Buffer.from(PIXEL, 'base64') }))
      const close = async () => {
        contexts.delete(context)
        await context.close()
      }
      return { ...(await instrumentedPage(await context.newPage())), close }
    },
  }
  beforeAll(async () => {
    ;[env.browser, env.site] = await Promise.all([launch(), startAttackSite()])
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.site?.stop()
  })
  afterEach(async () => {
    await Promise.all([...contexts].map((c) => c.close()))
    contexts.clear()
    env.site.reset()
  })
  return env
}

/**
 * The harness watcher and our instrumentation; dialogs count as executions.
 * Chromium's own network log lines ("Failed to load resource: … 500") are not the page's doing and are left out.
 */
async function instrumentedPage(page: Page) {
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

/** Wait for `loyalkit:ready` (or a `loyalkit:error`), so a deep link's own open() has run before ours. */
export const settled = (page: Page) =>
  page.waitForFunction(
    () => {
      const w = window as unknown as { __ready?: boolean; __errors: unknown[] }
      return w.__ready || w.__errors.length > 0
    },
    null,
    { timeout: 15_000 },
  )

/** A call of the public command API (`loyalkit('logout')`, `loyalkit('open', 'earn')`), from the page. */
export const command = (page: Page, ...args: string[]) =>
  page.evaluate((args) => (window as unknown as { loyalkit: (...a: string[]) => Promise<unknown> }).loyalkit(...args), args)

/** The `loyalkit:error` events the page has seen. */
export const loyalkitErrors = (page: Page) => page.evaluate(() => (window as unknown as { __errors: { code: string; operation: string }[] }).__errors)

const TITLES: Record<string, string> = { earn: 'Ways to earn', rewards: 'Rewards', referral: 'Refer a friend', activity: 'Activity', tiers: 'Tiers' }

/** Open a view through the public command and wait until it is drawn with its data. */
export async function openView(page: Page, view: string, title?: string) {
  await command(page, 'open', view)
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
      throw new Error(`view "${view}" was not shown: ${await panelState(page)} (${e.message.split('\n')[0]})`)
    })
}

/** What the panel shows, for a failure message. */
const panelState = (page: Page) =>
  page
    .evaluate(() => {
      const d = document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog')
      return d
        ? `open=${d.open} title=${JSON.stringify(d.querySelector('#lk-title')?.textContent)} busy=${!!d.querySelector('[aria-busy]')} text=${JSON.stringify((d.textContent ?? '').slice(0, 300))}`
        : 'no dialog'
    })
    .catch((x: Error) => 'unreadable: ' + x.message)
