/**
 * The npm entry's UI, a chunk of its own that `createLoyalty` imports on intent. The locale
 * packs and the secondary views are further chunks, imported when they are needed.
 */
import type { Messages } from '../i18n/locales/en.ts'
import { type EntryContext, mountWidget, type Widget } from '../ui/mount.tsx'

const packs: Record<string, () => Promise<{ default: Messages }>> = {
  lv: () => import('../i18n/locales/lv.ts'),
  et: () => import('../i18n/locales/et.ts'),
  mk: () => import('../i18n/locales/mk.ts'),
  ru: () => import('../i18n/locales/ru.ts'),
  lt: () => import('../i18n/locales/lt.ts'),
  uk: () => import('../i18n/locales/uk.ts'),
  pl: () => import('../i18n/locales/pl.ts'),
  de: () => import('../i18n/locales/de.ts'),
  fr: () => import('../i18n/locales/fr.ts'),
  es: () => import('../i18n/locales/es.ts'),
  ar: () => import('../i18n/locales/ar.ts'),
}

export const mount = (ctx: EntryContext): Widget =>
  mountWidget({
    ...ctx,
    loadLocale: async (tag) => (await packs[tag]!()).default,
    loadViews: async () => (await import('../ui/views/index.ts')).default,
  })
