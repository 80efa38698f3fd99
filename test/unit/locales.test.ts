import { readdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createI18n } from '../../src/i18n/i18n.ts'
import { LAUNCHER_LABELS } from '../../src/i18n/launcher-labels.ts'
import { LOCALES } from '../../src/i18n/locales.ts'
import en, { type Messages } from '../../src/i18n/locales/en.ts'
import et from '../../src/i18n/locales/et.ts'
import lv from '../../src/i18n/locales/lv.ts'
import mk from '../../src/i18n/locales/mk.ts'
import ru from '../../src/i18n/locales/ru.ts'
import lt from '../../src/i18n/locales/lt.ts'
import uk from '../../src/i18n/locales/uk.ts'
import pl from '../../src/i18n/locales/pl.ts'
import de from '../../src/i18n/locales/de.ts'
import fr from '../../src/i18n/locales/fr.ts'
import es from '../../src/i18n/locales/es.ts'
import ar from '../../src/i18n/locales/ar.ts'
import type { Ui } from '../../src/ui/context.ts'
import { money } from '../../src/ui/money.ts'

const packs: Record<string, Messages> = { en, lv, et, lt, mk, ru, uk, pl, de, fr, es, ar }
/** What money() reads of the UI: the locale and the program's currency. */
const moneyUi = (locale: string) => ({ i18n: { value: { locale } }, client: { state: { program: { value: { currency: 'EUR' } } } } }) as unknown as Ui
const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort()
const categories = (tag: string) => [...new Intl.PluralRules(tag).resolvedOptions().pluralCategories].sort()
/** The category is chosen for one whole number only (Latvian `one` is 1, 21, 31…: not single). */
const single = (tag: string, category: string) => {
  const rules = new Intl.PluralRules(tag)
  return Array.from({ length: 1001 }, (_, n) => n).filter((n) => rules.select(n) == category).length == 1
}

describe('locale packs', () => {
  it('LOCALES lists every pack file in src/i18n/locales, and a pack is tested for each', () => {
    // happy-dom replaces the global URL, so resolve the path without it.
    const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/i18n/locales')
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
    expect([...LOCALES].sort()).toEqual(files.sort())
    expect(Object.keys(packs).sort()).toEqual([...LOCALES].sort())
  })

  it('isolates the store’s and shopper’s words in every right-to-left pack', () => {
    const rtl = LOCALES.filter((tag) => createI18n(tag, packs[tag]!).dir == 'rtl')
    expect(rtl).toContain('ar')
    for (const tag of rtl) {
      const texts = Object.values(packs[tag]!).flatMap((m) => (typeof m == 'string' ? [m] : Object.values(m)))
      for (const text of texts) {
        for (const m of text.matchAll(/\{(offer|reward|tier|program|name)\}/g)) {
          expect(text.slice(m.index - 1, m.index + m[0].length + 1), `${tag}: ${text}`).toBe(`\u2068${m[0]}\u2069`)
        }
      }
    }
  })

  it('LAUNCHER_LABELS has a label for every locale, each named by a bare language subtag in lower case', () => {
    expect(Object.keys(LAUNCHER_LABELS).sort()).toEqual([...LOCALES].sort())
    // What the launcher matches a page's language against (pick-locale.ts): `lv`, never `lv-LV` or `LV`.
    for (const tag of LOCALES) expect(tag).toMatch(/^[a-z]{2,3}$/)
    for (const tag of LOCALES) expect(LAUNCHER_LABELS[tag]!.trim(), tag).not.toBe('')
  })

  describe.each(LOCALES.filter((tag) => tag != 'en'))('%s', (tag) => {
    const pack = packs[tag]!

    it('has exactly the keys of en, in the same order', () => {
      expect(Object.keys(pack)).toEqual(Object.keys(en))
    })

    it('keeps the placeholders of every string', () => {
      for (const key of Object.keys(en) as (keyof Messages)[]) {
        const ref = en[key]
        const own = pack[key]
        if (typeof ref == 'string') {
          expect(typeof own, `${tag}.${key}`).toBe('string')
          expect(placeholders(own as string), `${tag}.${key}`).toEqual(placeholders(ref))
          expect((own as string).trim(), `${tag}.${key}`).not.toBe('')
        }
      }
    })

    it('gives every plural the categories of Intl.PluralRules, each with # unless it stands for one number only', () => {
      const expected = categories(tag)
      for (const key of Object.keys(en) as (keyof Messages)[]) {
        const ref = en[key]
        if (typeof ref == 'string') continue
        const own = pack[key]
        expect(typeof own, `${tag}.${key}`).toBe('object')
        expect(Object.keys(own).sort(), `${tag}.${key}`).toEqual(expected)
        for (const [category, text] of Object.entries(own as Record<string, string>)) {
          // A form for one number only (German `one` is 1 alone) may say it in words: "Jede Bestellung".
          if (!single(tag, category)) expect(text, `${tag}.${key}.${category}`).toContain('#')
          expect(placeholders(text), `${tag}.${key}.${category}`).toEqual(placeholders(ref.other!))
        }
      }
    })
  })
})

describe('locale behaviour', () => {
  it('Russian points and friends take one/few/many', () => {
    const i = createI18n('ru', ru)
    expect(i.points(1)).toBe('1 балл')
    expect(i.points(3)).toBe('3 балла')
    expect(i.points(5)).toBe('5 баллов')
    expect(i.points(11)).toBe('11 баллов')
    expect(i.points(21)).toBe('21 балл')
    expect(i.points(22)).toBe('22 балла')
    expect(i.t('friendsJoined', { count: 1 })).toBe('1 друг вступил')
    expect(i.t('friendsJoined', { count: 2 })).toBe('2 друга вступили')
    expect(i.t('friendsJoined', { count: 5 })).toBe('5 друзей вступили')
  })

  it('Latvian points take zero/one/other', () => {
    const i = createI18n('lv', lv)
    expect(i.points(0)).toBe('0 punktu')
    expect(i.points(1)).toBe('1 punkts')
    expect(i.points(2)).toBe('2 punkti')
    expect(i.points(10)).toBe('10 punktu')
    expect(i.points(11)).toBe('11 punktu')
    expect(i.points(21)).toBe('21 punkts')
  })

  it('Estonian and Macedonian points take one/other', () => {
    expect(createI18n('et', et).points(1)).toBe('1 punkt')
    expect(createI18n('et', et).points(21)).toBe('21 punkti')
    expect(createI18n('mk', mk).points(1)).toBe('1 поен')
    expect(createI18n('mk', mk).points(5)).toBe('5 поени')
  })

  it('says which points expire, and when, with the locale’s plural and date', () => {
    const DATE = '2026-12-01T12:00:00Z'
    const expiring = (tag: string, count: number) => {
      const i = createI18n(tag, packs[tag]!)
      return i.t('expiring', { count, date: i.date(DATE) }).replace(/\s/g, ' ')
    }
    expect(expiring('en', 1)).toBe('1 point expires on Dec 1, 2026')
    expect(expiring('en', 150)).toBe('150 points expire on Dec 1, 2026')
    expect(expiring('ru', 1)).toBe('1 балл сгорит 1 дек. 2026 г.')
    expect(expiring('ru', 3)).toBe('3 балла сгорят 1 дек. 2026 г.')
    expect(expiring('ru', 5)).toBe('5 баллов сгорят 1 дек. 2026 г.')
    expect(expiring('ru', 21)).toBe('21 балл сгорит 1 дек. 2026 г.')
    expect(expiring('lv', 21)).toBe('21 punkta derīguma termiņš: 2026. gada 1. dec.')
    expect(expiring('lv', 10)).toBe('10 punktu derīguma termiņš: 2026. gada 1. dec.')
    expect(expiring('et', 1)).toBe('1 punkt aegub: 1. dets 2026')
    expect(expiring('et', 2)).toBe('2 punkti aegub: 1. dets 2026')
    expect(expiring('mk', 1)).toBe('1 поен истекува на 1 дек. 2026 г.')
    expect(expiring('mk', 5)).toBe('5 поени истекуваат на 1 дек. 2026 г.')
  })

  it('formats numbers and money in the locale', () => {
    const ru1500 = createI18n('ru', ru).points(1500)
    expect(ru1500).toMatch(/^1[\u00a0\u202f ]500 баллов$/)
    expect(ru1500).not.toContain(',')
    expect(money(moneyUi('lv'), 5)).toContain('€')
    expect(money(moneyUi('lv'), 5)).not.toBe('€5')
    expect(createI18n('et', et).number(1.5)).toBe('1,5')
  })

  it('fills phrases with a pluralised {points}', () => {
    const i = createI18n('ru', ru)
    expect(i.t('joinBonus', { points: i.points(100) })).toBe('100 баллов за вступление')
    expect(i.t('toNextTier', { points: i.points(2), tier: 'Gold' })).toBe('2 балла до уровня Gold')
    const l = createI18n('lv', lv)
    expect(l.t('welcome', { points: l.points(21) })).toBe('Laipni lūdzam! Jums ir 21 punkts.')
  })
})
