import { describe, expect, it } from 'vitest'
import { createI18n } from '../../src/i18n/i18n.ts'
import { matchLocale } from '../../src/i18n/pick-locale.ts'
import en from '../../src/i18n/locales/en.ts'
import { LOCALES } from '../../src/i18n/locales.ts'
import type { Ui } from '../../src/ui/context.ts'
import { money } from '../../src/ui/money.ts'

/** What money() reads of the UI: the locale and the program's currency. */
const moneyUi = (locale: string, currency = 'EUR') =>
  ({ i18n: { value: { locale } }, client: { state: { program: { value: { currency } } } } }) as unknown as Ui

describe('i18n', () => {
  it('falls back lv-LV → lv → en', () => {
    const packs = ['en', 'lv', 'ru']
    expect(matchLocale('lv-LV', packs)).toBe('lv')
    expect(matchLocale('LV', packs)).toBe('lv')
    expect(matchLocale('de-AT', packs)).toBe('en')
  })

  it('pluralizes and formats numbers through Intl', () => {
    const i = createI18n('en', en)
    expect(i.points(1)).toBe('1 point')
    expect(i.points(1500)).toBe('1,500 points')
    expect(i.t('toNextTier', { points: i.points(350), tier: 'Gold' })).toBe('350 points to Gold')
  })

  it('writes whole numbers exactly as Intl.NumberFormat does, in every shipped language and many more', () => {
    const tags = [
      ...LOCALES,
      'lt',
      'uk',
      'pl',
      'de',
      'fr',
      'es',
      'ar',
      'ar-EG',
      'ar-MA',
      'fa',
      'he',
      'hi',
      'bn',
      'mr',
      'ne',
      'my',
      'th',
      'zh',
      'ja',
      'ko',
      'sv',
      'fi',
      'nb',
      'de-CH',
      'fr-CH',
      'pt-BR',
      'tr',
      'ur',
      'ps',
      'ckb',
      'as',
      'sat',
      'mni',
      'dz',
      'ks',
      'sd',
      'uz-Arab',
      'en-u-nu-arab',
      'de-u-nu-deva',
    ]
    const numbers = [...Array(1000).keys(), 1000, 1500, 12345, 1e6, -1, -250, 0.5, 2.25]
    for (const tag of tags) {
      const i = createI18n(tag, en)
      const nf = new Intl.NumberFormat(tag)
      for (const n of numbers) expect(i.number(n), `${tag} ${n}`).toBe(nf.format(n))
    }
  })

  it('formats money in the program’s currency, without decimals for whole amounts', () => {
    expect(money(moneyUi('en'), 5)).toBe('€5')
    expect(money(moneyUi('en'), 5.5)).toBe('€5.50')
    expect(money(moneyUi('en', 'USD'), 5)).toBe('$5')
  })
})
