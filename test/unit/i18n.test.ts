import { describe, expect, it } from 'vitest'
import { createI18n, matchLocale } from '../../src/i18n/i18n.ts'
import en from '../../src/i18n/locales/en.ts'

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
    expect(i.money(5)).toBe('€5')
  })
})
