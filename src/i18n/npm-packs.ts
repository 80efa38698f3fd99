/**
 * The npm entry's locale packs, each a chunk of its own (the script tag's are files it loads with SRI:
 * entries/ui.ts), imported by language.
 */
import type { Messages } from './locales/en.ts'

const packs: Record<string, () => Promise<{ default: Messages }>> = {
  lv: () => import('./locales/lv.ts'),
  et: () => import('./locales/et.ts'),
  mk: () => import('./locales/mk.ts'),
  ru: () => import('./locales/ru.ts'),
  lt: () => import('./locales/lt.ts'),
  uk: () => import('./locales/uk.ts'),
  pl: () => import('./locales/pl.ts'),
  de: () => import('./locales/de.ts'),
  fr: () => import('./locales/fr.ts'),
  es: () => import('./locales/es.ts'),
  ar: () => import('./locales/ar.ts'),
}

const asked: Record<string, Promise<Messages>> = {}

/**
 * The pack of `tag`, a shipped language other than English (English is built into the UI). Asked for
 * once: the click's early request and the mount's are one, so a chunk that fails to load fails once
 * (one `vite:preloadError` for the app, one warning from the UI). A language without a pack is a
 * rejection too, never a throw: the UI then shows English.
 */
export const loadPack = (tag: string): Promise<Messages> => (asked[tag] ??= (async () => (await packs[tag]!()).default)())
