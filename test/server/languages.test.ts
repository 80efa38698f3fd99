/**
 * The widget's twelve languages on the server: every activity description and every string
 * of the demo program exists in each of them, with the placeholders of the English, is what
 * the server answers for that language, and is a translation rather than the English copied.
 * No server and no database: the functions the routes call.
 */
import { describe, expect, it } from 'vitest'
import { LOCALES } from '../../src/i18n/locales.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { LANGUAGES, MESSAGE_IDS, message, negotiateLanguage } from '../../server/src/program/i18n.ts'
import { loadProgram, programLanguages, renderProgram } from '../../server/src/program/program.ts'

/** A tag with a region for each language, as a browser sends it. */
const REGIONAL: Record<string, string> = {
  en: 'en-GB',
  lv: 'lv-LV',
  et: 'et-EE',
  lt: 'lt-LT',
  mk: 'mk-MK',
  ru: 'ru-RU',
  uk: 'uk-UA',
  pl: 'pl-PL',
  de: 'de-AT',
  fr: 'fr-CA',
  es: 'es-MX',
  ar: 'ar-EG',
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
/** Words once the placeholders are taken out: an identical string of one word is a name ("Gold"), not a copy. */
const words = (s: string) =>
  s
    .replace(/\{\w+\}/g, ' ')
    .split(/\s+/)
    .filter(Boolean).length

const def = loadProgram(DEMO_PROGRAM)
/** Long before anything in the file ends: every offer and campaign is rendered. */
const AT = 0

type Translations = { en: string } & Record<string, string>
/** The program's `{ en, lv, … }` maps by their path, which is also their path in the rendered Program. */
function translatable(value: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; map: Translations }[] = []) {
  if (Array.isArray(value)) value.forEach((x, i) => translatable(x, [...path, i], out))
  else if (value && typeof value == 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.en == 'string' && Object.values(record).every((x) => typeof x == 'string')) out.push({ path, map: record as Translations })
    else for (const [k, v] of Object.entries(record)) translatable(v, [...path, k], out)
  }
  return out
}
const at = (value: unknown, path: (string | number)[]) => path.reduce<any>((x, k) => x?.[k], value)
const maps = translatable(def)

/** English and `language` side by side: every activity template and every program string. */
function pairs(language: string): { what: string; en: string; text: string }[] {
  const en = renderProgram(def, 'en', AT)
  const rendered = renderProgram(def, language, AT)
  return [
    ...MESSAGE_IDS.map((id) => ({ what: `activity ${id}`, en: message(id, 'en'), text: message(id, language) })),
    ...maps.map(({ path }) => ({ what: path.join('.'), en: at(en, path) as string, text: at(rendered, path) as string })),
  ]
}

describe('the languages of the server', () => {
  it('are the widget’s twelve', () => {
    expect(LOCALES).toHaveLength(12)
    expect([...LANGUAGES].sort()).toEqual([...LOCALES].sort())
  })

  it('include every language of the demo program, and the demo program has them all', () => {
    expect(programLanguages(def).sort()).toEqual([...LOCALES].sort())
    expect(maps.length).toBeGreaterThan(30)
  })
})

describe.each([...LOCALES])('%s', (language) => {
  it('is negotiated from a browser’s Accept-Language', () => {
    expect(negotiateLanguage(`${REGIONAL[language]},en;q=0.5`, programLanguages(def))).toBe(language)
  })

  it('has every activity description, with the placeholders of the English', () => {
    expect(MESSAGE_IDS.length).toBeGreaterThan(5)
    for (const id of MESSAGE_IDS) {
      const template = message(id, language)
      expect(template.trim(), id).not.toBe('')
      expect(placeholders(template), id).toEqual(placeholders(message(id, 'en')))
      // Filled in, nothing of a placeholder is left; a regional tag gets the same words.
      const values = Object.fromEntries(placeholders(template).map((name) => [name, `<${name}>`]))
      const filled = message(id, language, values)
      expect(filled, id).not.toMatch(/[{}]/)
      for (const name of Object.keys(values)) expect(filled, id).toContain(`<${name}>`)
      expect(message(id, REGIONAL[language]!, values), id).toBe(filled)
    }
  })

  it('has every string of the demo program, with the placeholders of the English, and the server renders it', () => {
    const rendered = renderProgram(def, language, AT)
    const regional = renderProgram(def, REGIONAL[language]!, AT)
    for (const { path, map } of maps) {
      const where = path.join('.')
      expect(map[language]?.trim(), where).toBeTruthy()
      expect(placeholders(map[language]!), where).toEqual(placeholders(map.en))
      expect(at(rendered, path), where).toBe(map[language])
      expect(at(regional, path), where).toBe(map[language])
    }
  })
})

// English is what the others are compared with.
describe.each(LOCALES.filter((l) => l != 'en'))('%s', (language) => {
  it('is translated, not English copied, and about as long', () => {
    const all = pairs(language)
    const same = all.filter((p) => p.text == p.en)
    // A name or a bare placeholder may read the same ("Gold", "{rule}"); a phrase may not.
    expect(same.filter((p) => words(p.en) > 1).map((p) => `${p.what}: ${p.text}`)).toEqual([])
    expect(same.length / all.length).toBeLessThan(0.1)
    // The widget's layout has room for some growth, not for a paragraph where English has a label.
    const long = all.filter((p) => p.text.length > 2 * p.en.length + 20).map((p) => `${p.what}: ${p.text}`)
    expect(long).toEqual([])
  })
})
