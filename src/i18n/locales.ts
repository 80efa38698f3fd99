/** Locale packs we ship; English is built in, the others load on demand. */
export const LOCALES: readonly string[] = ['en', 'lv', 'et', 'lt', 'mk', 'ru', 'uk', 'pl', 'de', 'fr', 'es', 'ar']
