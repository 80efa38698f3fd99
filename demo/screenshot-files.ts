/**
 * The widget's screenshots in docs/screenshots/: what `npm run screenshots` (demo/screenshots.ts)
 * writes and test/unit/screenshots.test.ts expects, one PNG per view, audience and variant:
 * `<view>-<guest|member>-<variant>.png`.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Without `new URL(…, import.meta.url)`: the unit tests' happy-dom replaces the global URL.
export const SCREENSHOTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots')

/** light (the default), dark (`data-theme="dark"`), a 320 px wide viewport, and Arabic (`data-locale="ar"`). */
export const VARIANTS = ['light', 'dark', '320px', 'ar'] as const
export type Variant = (typeof VARIANTS)[number]

export const AUDIENCES = ['guest', 'member'] as const
export type Audience = (typeof AUDIENCES)[number]

export const screenshotFile = (view: string, audience: Audience, variant: Variant): string => `${view}-${audience}-${variant}.png`

/** A file name of this folder, read back into its parts (null: not one of ours). */
export function parseScreenshotFile(name: string): { view: string; audience: Audience; variant: Variant } | null {
  const m = /^([a-z][a-z0-9-]*)-(guest|member)-([a-z0-9]+)\.png$/.exec(name)
  if (!m || !(VARIANTS as readonly string[]).includes(m[3]!)) return null
  return { view: m[1]!, audience: m[2] as Audience, variant: m[3] as Variant }
}
