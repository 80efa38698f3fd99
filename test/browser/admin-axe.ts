/**
 * axe (WCAG 2.0–2.2 A/AA) and reflow on the console's pages: the variants (light, dark by the
 * toggle and by prefers-color-scheme, 320 px, Latvian), axe run in every frame, and the check each
 * page state gets.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { PACKS, type Lang } from '../../server/admin/src/i18n.ts'
import { en, servePictures, type ConsoleEnv } from './admin-suite.ts'
import { axe, describeViolations } from './axe.ts'
import { watch } from './harness.ts'

export interface Variant {
  name: string
  viewport: { width: number; height: number }
  colorScheme: 'light' | 'dark'
  /** Turn dark on with the console's own toggle. */
  toggle?: boolean
  lang: Lang
  dark: boolean
}

const DESKTOP = { width: 1280, height: 800 }
const NARROW = { width: 320, height: 640 }
export const VARIANTS: Variant[] = [
  { name: 'light', viewport: DESKTOP, colorScheme: 'light', lang: 'en', dark: false },
  { name: 'dark by the toggle', viewport: DESKTOP, colorScheme: 'light', toggle: true, lang: 'en', dark: true },
  { name: 'dark by prefers-color-scheme, 320 px', viewport: NARROW, colorScheme: 'dark', lang: 'en', dark: true },
  { name: 'light, 320 px, Latvian', viewport: NARROW, colorScheme: 'light', lang: 'lv', dark: false },
]

/** 0 violations, no sideways scrolling, and the theme the variant says. */
export async function check(page: Page, variant: Variant, state: string) {
  const violations = await axe(page)
  expect(describeViolations(violations), `${variant.name}, ${state}`).toEqual([])
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth])
  const wide =
    scrollWidth > innerWidth
      ? await page.evaluate(() =>
          [...document.querySelectorAll('main *')]
            .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
            .join(', '),
        )
      : ''
  expect(scrollWidth, `${variant.name}, ${state}: page scrolls sideways (${wide})`).toBeLessThanOrEqual(innerWidth)
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  const [r, g, b] = background.match(/\d+/g)!.map(Number)
  expect(r! + g! + b! < 150, `${variant.name}, ${state}: background ${background}`).toBe(variant.dark)
}

/** A tab in the variant's viewport, colour scheme and language (dark by the toggle if it says so), at the sign-in; and a member to look at. */
export async function openVariant(env: ConsoleEnv, variant: Variant) {
  const m = PACKS[variant.lang]
  const member = await env.join(`Axe ${variant.name}`)
  const context = await env.browser.newContext({ viewport: variant.viewport, colorScheme: variant.colorScheme, reducedMotion: 'reduce' })
  await servePictures(context)
  const page = await context.newPage()
  const problems = await watch(page)
  await page.goto(env.demo.server.url + '/admin/')
  await page.getByRole('heading', { level: 1, name: en.signInTitle }).waitFor()
  if (variant.lang != 'en') {
    await page.getByLabel(en.language).selectOption(variant.lang)
    await page.getByRole('heading', { level: 1, name: m.signInTitle }).waitFor()
  }
  if (variant.toggle) {
    const toggle = page.getByRole('button', { name: m.darkTheme })
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
    await toggle.click()
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(await page.evaluate(() => localStorage.getItem('loyalkit-admin-theme'))).toBe('dark')
    // Kept over a reload.
    await page.reload()
    await page.getByRole('heading', { level: 1, name: m.signInTitle }).waitFor()
    expect(await page.getByRole('button', { name: m.darkTheme }).getAttribute('aria-pressed')).toBe('true')
  }
  return { context, page, problems, member }
}
