/**
 * Storage, in real Chromium against a fake loyalty endpoint: the widget writes
 * nothing (cookies, Web Storage, IndexedDB, Cache Storage) before consent, and
 * a customer token is never in any storage, before consent or after.
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { fakeJwt, json, plainMember, problem } from './attack-server.ts'
import { command, openView, useAttackSite } from './attack-suite.ts'
import { shownText } from './widget.ts'

const env = useAttackSite()

/** The widget's script tag is added now, by the page's own loader (the page was served with `defer`). */
const loadWidget = (page: Page) => page.evaluate(() => (window as unknown as { __loadWidget: () => Promise<void> }).__loadWidget())
const launcherOf = (page: Page) => page.getByRole('button', { name: /^Rewards/ }).and(page.locator('[aria-expanded]'))

describe('storage', () => {
  it('a full guest session before consent leaves cookies, localStorage, sessionStorage and IndexedDB exactly as they were', async () => {
    env.site.page = { ...env.site.page, defer: true, hostStorage: true }
    env.site.routes.signUp = () => problem(422, 'email_taken', 'This email is already a member')
    const { page, problems } = await env.newPage()
    await page.goto(env.site.url('?ref=FRIEND10'))
    const before = await everything(page)
    expect(before.page.local).toEqual({ 'host-cart': '["pouch"]' })

    await loadWidget(page)
    await launcherOf(page).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('A friend invited you').waitFor()
    await browseAsGuest(dialog)
    await failedSignUp(dialog)
    // Closed and opened again: the draft is still there (in memory).
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await launcherOf(page).click()
    await dialog.getByRole('button', { name: 'Join now' }).click()
    await dialog.getByLabel('Email', { exact: true }).waitFor()
    expect(await dialog.getByLabel('Email', { exact: true }).inputValue()).toBe('taken@example.com')
    await page.waitForTimeout(300)

    const after = await everything(page)
    expect(after).toEqual(before)
    expect(env.site.requests.some((r) => r.path == '/v1/members' && r.method == 'POST')).toBe(true)
    expect(await problems()).toEqual([])
  })

  it('an identified shopper: nothing stored before consent, and the customer token never in storage', async () => {
    const token = fakeJwt('anna')
    env.site.page = { ...env.site.page, defer: true, hostStorage: true, token }
    const { page, problems } = await env.newPage()
    await page.goto(env.site.url())
    const before = await everything(page)
    await loadWidget(page)
    // The member is fetched once the shopper reaches for the launcher.
    await page.getByRole('button', { name: /^Rewards/ }).hover()
    await page.getByRole('button', { name: /^Rewards, 900 points/ }).waitFor()
    await command(page, 'open', 'home')
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
    expect(env.site.requests.filter((r) => r.path.startsWith('/v1/members/me')).every((r) => r.headers.authorization == 'Bearer ' + token)).toBe(true)
    expect(await problems()).toEqual([])
  })

  it('after a sign-up with consent, the new member token stays in memory only', async () => {
    const issued = fakeJwt('new-member')
    env.site.page = { ...env.site.page, defer: true, hostStorage: true }
    env.site.routes.signUp = (r) => json({ member: { ...plainMember(), email: (r.body as { email: string }).email, balance: 100 }, token: issued }, 201)
    const { page, problems } = await env.newPage()
    await page.goto(env.site.url('?ref=FRIEND10'))
    await loadWidget(page)
    await launcherOf(page).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Join now' }).click()
    await dialog.getByLabel('Email', { exact: true }).fill('new@example.com')
    await dialog.getByRole('checkbox', { name: /I agree/ }).check()
    await dialog.getByRole('checkbox', { name: /news and offers/ }).check()
    await dialog.getByRole('button', { name: 'Join', exact: true }).click()
    await shownText(dialog, 'Welcome! 100 points are yours.').waitFor()
    // The new token is what the widget now calls with…
    await openView(page, 'activity')
    expect(env.site.requests.find((r) => r.path == '/v1/members/me/activity')?.headers.authorization).toBe('Bearer ' + issued)
    await page.waitForTimeout(300)
    // …and it is in no storage (whatever consent now allows the widget to keep).
    const after = await everything(page)
    expect(JSON.stringify(after)).not.toContain(issued)
    expect(JSON.stringify(after)).not.toContain(issued.split('.')[1]!)
    expect(await problems()).toEqual([])
  })
})

/** A guest looks at every view a guest has, back to home each time. */
async function browseAsGuest(dialog: Locator) {
  for (const view of ['Ways to earn', 'Rewards', 'Tiers']) {
    await dialog.getByRole('button', { name: view, exact: true }).click()
    await dialog.getByRole('heading', { name: view, exact: true }).waitFor()
    await dialog.getByRole('button', { name: 'Back' }).click()
    await dialog.getByRole('button', { name: 'Join now' }).waitFor()
  }
}

/** A sign-up the server refuses: the email is taken. */
async function failedSignUp(dialog: Locator) {
  await dialog.getByRole('button', { name: 'Join now' }).click()
  await dialog.getByLabel('Email', { exact: true }).fill('taken@example.com')
  await dialog.getByLabel('Name (optional)').fill('Taken')
  await dialog.getByRole('checkbox', { name: /I agree/ }).check()
  await dialog.getByRole('button', { name: 'Join', exact: true }).click()
  await dialog.getByRole('alert').filter({ hasText: 'already a member' }).waitFor()
}

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

/** Everything the page can persist: its own view of storage, and the context's cookies (HttpOnly ones too). */
const everything = async (page: Page) => ({ page: await dumpStorage(page), cookies: await page.context().cookies() })
