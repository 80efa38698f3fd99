/**
 * docs/screenshots/ (`npm run screenshots`, demo/screenshots.ts) against `VIEWS`: every view in every
 * variant, nothing for views or variants that are gone, and the README's pictures there. Adding, renaming
 * or removing a view without remaking the screenshots fails here. (Whether the pictures still look like the
 * UI takes a browser: `npm test` also runs `demo/screenshots.ts --check`, which compares them pixel by pixel.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { AUDIENCES, parseScreenshotFile, SCREENSHOTS_DIR, screenshotFile, VARIANTS } from '../../demo/screenshot-files.ts'
import { VIEWS } from '../../src/core/events.ts'

const REMAKE = 'remake them with `npm run screenshots`'
const files = existsSync(SCREENSHOTS_DIR) ? readdirSync(SCREENSHOTS_DIR).filter((f) => f.endsWith('.png')) : []
const has = (name: string) => files.includes(name)

describe('docs/screenshots', () => {
  it('has every view of VIEWS as a guest in every variant', () => {
    const missing = VIEWS.flatMap((view) => VARIANTS.map((variant) => screenshotFile(view, 'guest', variant))).filter((f) => !has(f))
    expect(missing, REMAKE).toEqual([])
  })

  it('has a view as a member in all four variants or in none (none: it looks the same to members)', () => {
    const partial = VIEWS.filter((view) => {
      const count = VARIANTS.filter((variant) => has(screenshotFile(view, 'member', variant))).length
      return count > 0 && count < VARIANTS.length
    })
    expect(partial, REMAKE).toEqual([])
  })

  it('has nothing for views, audiences or variants that do not exist', () => {
    const stale = files.filter((f) => {
      const shot = parseScreenshotFile(f)
      return !shot || !(VIEWS as readonly string[]).includes(shot.view) || !AUDIENCES.includes(shot.audience)
    })
    expect(stale, REMAKE).toEqual([])
  })

  it('has the pictures the README shows', () => {
    const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8')
    const shown = [...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1]!)
    expect(shown.length).toBeGreaterThan(0)
    expect(
      shown.filter((f) => !has(f)),
      REMAKE,
    ).toEqual([])
  })
})
