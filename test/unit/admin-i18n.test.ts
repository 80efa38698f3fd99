/**
 * The console's two language packs (server/admin/src/i18n.ts): the same keys (also a
 * type error), the same {placeholders} in each message, every plural form a
 * language needs, and nothing left empty or untranslated by accident.
 */
import { describe, expect, it } from 'vitest'
import { format, PACKS, type Lang, type Plural } from '../../server/admin/src/i18n.ts'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const texts = (message: string | Plural) => (typeof message == 'string' ? [message] : Object.values(message).filter((x): x is string => typeof x == 'string'))
const langs = Object.keys(PACKS) as Lang[]

describe('console language packs', () => {
  it('have the same keys', () => {
    const en = Object.keys(PACKS.en).sort()
    for (const lang of langs) expect(Object.keys(PACKS[lang]).sort(), lang).toEqual(en)
  })

  it('use the same placeholders and kinds of message in every language', () => {
    for (const [key, message] of Object.entries(PACKS.en)) {
      const want = placeholders(texts(message)[0]!)
      for (const lang of langs) {
        const other = PACKS[lang][key as keyof typeof PACKS.en]
        expect(typeof other, `${lang}.${key}`).toBe(typeof message)
        for (const text of texts(other)) {
          expect(text.trim(), `${lang}.${key} is empty`).not.toBe('')
          expect(placeholders(text), `${lang}.${key}: ${text}`).toEqual(want)
        }
      }
    }
  })

  it('have the plural forms of their language', () => {
    for (const lang of langs) {
      const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.filter((c) => c == 'zero' || c == 'one' || c == 'other')
      for (const [key, message] of Object.entries(PACKS[lang])) {
        if (typeof message == 'string') continue
        for (const category of needed) expect(message[category as keyof Plural], `${lang}.${key}.${category}`).toBeTypeOf('string')
      }
    }
  })

  it('translate the Latvian pack (only names, symbols and the like may read the same as English)', () => {
    const same = Object.entries(PACKS.en)
      .filter(([key, message]) => typeof message == 'string' && PACKS.lv[key as keyof typeof PACKS.en] == message)
      .map(([key]) => key)
    expect(same).toEqual(['none', 'url'])
  })

  it('fill in values and plurals with the language’s numbers', () => {
    expect(format('en', 'errLocked', { seconds: 42 })).toBe('Too many attempts, try again in 42 s.')
    expect(format('en', 'pointsCount', {}, 1)).toBe('1 point')
    expect(format('en', 'pointsCount', {}, 1500)).toBe('1,500 points')
    expect(format('lv', 'pointsCount', {}, 1)).toBe('1 punkts')
    expect(format('lv', 'pointsCount', {}, 21)).toBe('21 punkts')
    expect(format('lv', 'pointsCount', {}, 10)).toBe('10 punktu')
    expect(format('lv', 'pointsCount', {}, 15000).replace(/\s/g, ' ')).toBe('15 000 punktu')
    expect(format('lv', 'pointsCount', {}, 3)).toBe('3 punkti')
  })
})
