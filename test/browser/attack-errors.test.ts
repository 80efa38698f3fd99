/**
 * Clear errors, nothing lost, in real Chromium against a fake loyalty endpoint:
 * malformed and slow answers become a visible error with "Try again" and a
 * `loyalkit:error` event with a code, never an uncaught error; and recovery
 * works once the endpoint does.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import lv from '../../src/i18n/locales/lv.ts'
import { X } from './attack-probe.ts'
import { fakeJwt, json, plainMember, plainProgram, problem, PROGRAM_KEY, type Reply } from './attack-server.ts'
import { loyalkitErrors, settled, useAttackSite } from './attack-suite.ts'

const env = useAttackSite()

interface BadAnswer {
  name: string
  reply: () => Reply
  /** The `loyalkit:error` codes it may raise. */
  codes: string[]
  /** Run the page on a fake clock (an answer that never comes). */
  clock?: boolean
}

const BAD_PROGRAMS: BadAnswer[] = [
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

describe('malformed and slow answers become a visible, retryable error', () => {
  for (const c of BAD_PROGRAMS) {
    it(`program endpoint: ${c.name}`, async () => {
      const started = Date.now()
      env.site.routes.program = c.reply
      const { page, problems, counts } = await env.newPage()
      if (c.clock) await page.clock.install()
      await page.goto(env.site.url('?loyalkit=home'))
      const { message, errors } = await expectRetryableError(page, c)
      const attempts = env.site.requests.filter((r) => r.path == `/v1/programs/${PROGRAM_KEY}`).length
      await expectRecovery(page, c)
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null)).toBe(null)
      expect(counts.dialogs).toBe(0)
      expect(await problems()).toEqual([])
      console.log(`[attack] ${c.name}: "${message}", codes ${errors.map((e) => e.code).join(',')}, ${attempts} attempt(s), ${Date.now() - started} ms`)
    })
  }

  it('member endpoint: a malformed answer for a signed-in shopper is an error, not "offline since" a time never loaded', async () => {
    env.site.page = { ...env.site.page, token: fakeJwt() }
    env.site.routes.member = () => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"id": ' })
    const { page, problems } = await env.newPage()
    await page.goto(env.site.url('?loyalkit=home'))
    await settled(page)
    const dialog = page.getByRole('dialog')
    const retry = dialog.getByRole('button', { name: 'Try again' })
    await retry.waitFor()
    expect(await loyalkitErrors(page)).toEqual([expect.objectContaining({ code: 'invalid_response', operation: 'member' })])
    const text = (await dialog.textContent()) ?? ''
    env.site.routes.member = () => json(plainMember())
    await retry.click()
    await dialog.getByText('900 points', { exact: true }).waitFor()
    expect(await problems()).toEqual([])
    // Nothing was ever loaded for this shopper, so nothing can be "last updated" (the clock time shown is the epoch's).
    expect(text, 'panel text while the member answer was malformed').not.toMatch(/last updated/i)
  })

  it("the message is in the shopper's language (lv)", async () => {
    env.site.page = { ...env.site.page, locale: 'lv' }
    env.site.routes.program = () => problem(500, 'server_error')
    const { page, problems } = await env.newPage()
    await page.goto(env.site.url('?loyalkit=home'))
    const alert = page.getByRole('dialog').getByRole('alert')
    await alert.getByText(lv.err_default).waitFor()
    await alert.getByRole('button', { name: lv.retry }).waitFor()
    env.site.routes.program = () => json(plainProgram())
    await alert.getByRole('button', { name: lv.retry }).click()
    await page.getByRole('dialog').getByRole('button', { name: lv.join }).waitFor()
    expect(await problems()).toEqual([])
  })

  it('an activity entry with an unparseable date (contract: date-time) does not break the page', async () => {
    env.site.page = { ...env.site.page, token: fakeJwt() }
    env.site.routes.activity = () =>
      json({ entries: [{ id: 'a1', type: 'purchase', points: 10, description: 'Order', createdAt: 'yesterday' }], nextCursor: null })
    const { page, problems } = await env.newPage()
    await page.goto(env.site.url('?loyalkit=activity'))
    const dialog = page.getByRole('dialog')
    // Either the entry (date left out or shown as given) or a clear error with a retry: never an exception.
    const shown = await dialog
      .getByText('Order', { exact: true })
      .or(dialog.getByRole('alert'))
      .waitFor({ timeout: 15_000 })
      .then(
        () => true,
        () => false,
      )
    const panel = await page.evaluate(() => document.querySelector('loyalkit-widget')?.shadowRoot?.querySelector('dialog')?.textContent ?? 'no dialog')
    expect(await problems(), `panel text: ${JSON.stringify(panel)}`).toEqual([])
    expect(shown, 'the activity view shows the entry or an error').toBe(true)
  })
})

/** The panel shows a readable message with "Try again", and `loyalkit:error` says what failed and why. */
async function expectRetryableError(page: Page, c: BadAnswer) {
  const alert = page.getByRole('dialog').getByRole('alert')
  if (c.clock) {
    // Let each attempt's 10 s timeout (and the backoff between attempts) pass on the page's clock; on a busy
    // machine a jump can come before the next attempt has started its timer, so there are jumps to spare.
    for (let i = 0; i < 40 && !(await alert.isVisible()); i++) {
      await page.clock.fastForward(10_500)
      await page.waitForTimeout(150)
    }
  }
  await alert.waitFor({ timeout: 15_000 })
  const message = (await alert.getByRole('paragraph').textContent()) ?? ''
  expect(message.length).toBeGreaterThan(10)
  expect(message).not.toMatch(/undefined|\[object|HTTP \d|<img/)
  await expect(alert.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true)
  const errors = await loyalkitErrors(page)
  expect(errors.length).toBeGreaterThanOrEqual(1)
  expect(
    errors.map((e) => e.code).every((code) => c.codes.includes(code)),
    JSON.stringify(errors),
  ).toBe(true)
  expect(errors[0]!.operation).toBe('program')
  return { message, errors }
}

/** The endpoint recovers; "Try again" shows the program. */
async function expectRecovery(page: Page, c: BadAnswer) {
  const dialog = page.getByRole('dialog')
  env.site.routes.program = () => json(plainProgram())
  await dialog.getByRole('alert').getByRole('button', { name: 'Try again' }).click()
  if (c.clock) await page.clock.fastForward(1_000)
  await dialog.getByRole('button', { name: 'Join now' }).waitFor()
  await dialog.getByRole('heading', { name: 'Attack Rewards' }).waitFor()
  expect(await dialog.getByRole('alert').count()).toBe(0)
}
