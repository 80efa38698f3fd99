/**
 * Which language the widget speaks. Apart from the translator (i18n.ts) because the launcher needs
 * this before anything else loads, and an npm app's own chunk should not carry the translator.
 */

/** Pick the pack for a tag: `lv-LV` → `lv` → `en`. Pack tags are lower case (a test holds them to it). */
export function matchLocale(tag: string, available: readonly string[]): string {
  const lower = tag.toLowerCase()
  return available.find((a) => a == lower) ?? available.find((a) => a == lower.split('-')[0]) ?? 'en'
}

/** `auto` means the page's language, else the browser's. Only ever called in a browser (drawWidget). */
export function requestedLocale(option: string): string {
  return option != 'auto' ? option : document.documentElement.lang || navigator.language || 'en'
}
