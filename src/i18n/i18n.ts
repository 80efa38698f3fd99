import type { Messages } from './locales/en.ts'

export type Vars = Record<string, string | number>

/** Languages whose numbers are written in digits of their own script by default, or a tag that names its digits. */
export const NATIVE_DIGITS = /^(ar|fa|ps|ur|ckb|bn|as|mr|ne|my|dz|sat|mni|ks|sd|uz-arab)\b|-nu-/i

const lazy = <T>(make: () => T) => {
  let made: T | undefined
  return () => (made ??= make())
}

/** A pack: each message a string, or plural forms by Intl.PluralRules category (`#` is the number). */
export type MessageMap = Record<string, string | Record<string, string>>

/**
 * Translate with plurals, numbers and dates from Intl, in one locale. (Money is the
 * UI's own: ui/money.ts.) The widget's packs by default; the merchant console brings its own.
 */
export function createI18n<M extends MessageMap = Messages>(locale: string, messages: M) {
  // Made on first use: the first Intl objects of a page load locale data, tens of ms on a slow
  // phone, which should not land in the task that mounts the widget.
  const numbers = lazy(() => new Intl.NumberFormat(locale))
  const plural = lazy(() => new Intl.PluralRules(locale))
  const date = lazy(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }))
  // Whole numbers 0–999 are written the same by NumberFormat in every language with Latin digits: skip
  // it for them, as its first construction loads ICU data (about 50 ms at 4× CPU) in the path of the click
  // that opens the panel. A unit test holds this to Intl's own output for every shipped locale.
  const format = (n: number) => (n >= 0 && n < 1e3 && n % 1 == 0 && !NATIVE_DIGITS.test(locale) ? '' + n : numbers().format(n))

  const t = (key: keyof M, vars: Vars = {}): string => {
    let m: string | Record<string, string> = messages[key]!
    if (typeof m != 'string') {
      const n = Number(vars.count)
      m = (m[plural().select(n)] ?? m.other ?? '').replace('#', format(n))
    }
    return m.replace(/\{(\w+)\}/g, (_, k: string) => {
      const x = vars[k]
      return typeof x == 'number' ? format(x) : (x ?? '')
    })
  }
  return {
    locale,
    /** The language's writing direction, for the panel and the inline elements. */
    dir: (/^(ar|he|fa|ur)\b/.test(locale) ? 'rtl' : 'ltr') as 'rtl' | 'ltr',
    t,
    has: (key: string): key is keyof M & string => key in messages,
    number: format,
    points: (n: number) => t('points' as keyof M, { count: n }),
    date: (at: string | number) => date().format(new Date(at)),
  }
}

export type I18n = ReturnType<typeof createI18n<Messages>>
