/**
 * The npm entry's locale packs, each a chunk of its own (the script tag's are files it loads with SRI:
 * entries/ui.ts). Imported by language; importing one again gets the same module, not a second request.
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

/** The pack of `tag`, a shipped language other than English (English is built into the UI). */
export const loadPack = async (tag: string): Promise<Messages> => (await packs[tag]!()).default
