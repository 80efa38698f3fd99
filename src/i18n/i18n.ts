import type { Messages } from './locales/en.ts'

export type Vars = Record<string, string | number>

/** Pick the pack for a tag: `lv-LV` → `lv` → `en`. */
export function matchLocale(tag: string, available: readonly string[]): string {
  const lower = tag.toLowerCase()
  return available.find((a) => a.toLowerCase() == lower) ?? available.find((a) => a == lower.split('-')[0]) ?? 'en'
}

/** `auto` means the page's language, else the browser's. */
export function requestedLocale(option: string): string {
  if (option != 'auto') return option
  return (typeof document == 'object' && document.documentElement.lang) ||
    (typeof navigator == 'object' && navigator.language) || 'en'
}

const lazy = <T>(make: () => T) => {
  let made: T | undefined
  return () => (made ??= make())
}

/** A pack: each message a string, or plural forms by Intl.PluralRules category (`#` is the number). */
export type MessageMap = Record<string, string | Record<string, string>>

/**
 * Translate with plurals, numbers and dates from Intl, in one locale. (Money is the secondary
 * views' own: views/money.ts.) The widget's packs by default; the merchant console brings its own.
 */
export function createI18n<M extends MessageMap = Messages>(locale: string, messages: M) {
  // Made on first use: the first Intl objects of a page load locale data, tens of ms on a slow
  // phone, which should not land in the task that mounts the widget.
  const numbers = lazy(() => new Intl.NumberFormat(locale))
  const plural = lazy(() => new Intl.PluralRules(locale))
  const date = lazy(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }))

  const t = (key: keyof M, vars: Vars = {}): string => {
    let m: string | Record<string, string> = messages[key]!
    if (typeof m != 'string') {
      const n = Number(vars.count)
      m = (m[plural().select(n)] ?? m.other ?? '').replace('#', numbers().format(n))
    }
    return m.replace(/\{(\w+)\}/g, (_, k: string) => {
      const x = vars[k]
      return typeof x == 'number' ? numbers().format(x) : (x ?? '')
    })
  }
  return {
    locale,
    t,
    has: (key: string): key is keyof M & string => key in messages,
    number: (n: number) => numbers().format(n),
    points: (n: number) => t('points' as keyof M, { count: n }),
    date: (iso: string) => date().format(new Date(iso)),
  }
}

export type I18n = ReturnType<typeof createI18n<Messages>>
