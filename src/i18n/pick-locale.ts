/**
 * Which language the widget speaks. Apart from the translator (i18n.ts) because the launcher needs
 * this before anything else loads, and an npm app's own chunk should not carry the translator.
 */

/**
 * Pick the pack for a tag by its language: `lv-LV` → `lv`, else `en`. Pack tags are bare language
 * subtags in lower case (a test holds them to it), so the language is all there is to match.
 */
export const matchLocale = (tag: string, available: readonly string[]): string => available.find((a) => a == tag.toLowerCase().split('-')[0]) ?? 'en'

/** `auto` means the page's language, else the browser's (neither: English, as matchLocale finds no pack for ''). Only ever called in a browser (drawWidget). */
export function requestedLocale(option: string): string {
  return option != 'auto' ? option : document.documentElement.lang || navigator.language
}
