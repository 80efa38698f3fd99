/**
 * The npm entry's locale packs (i18n/npm-packs.ts): a chunk for every shipped language but English,
 * each a whole pack, asked for once, and a language without one refused as a rejection the UI turns
 * into English, never a throw in the launcher's click.
 */
import { expect, it } from 'vitest'
import { LOCALES } from '../../src/i18n/locales.ts'
import en from '../../src/i18n/locales/en.ts'
import { loadPack } from '../../src/i18n/npm-packs.ts'

it.each(LOCALES.filter((tag) => tag != 'en'))('%s: its pack, every key of the English one', async (tag) => {
  const pack = await loadPack(tag)
  expect(Object.keys(pack).sort()).toEqual(Object.keys(en).sort())
  expect(pack).toBe(await loadPack(tag))
})

it('asks for a pack once, however often it is asked', () => {
  expect(loadPack('lv')).toBe(loadPack('lv'))
})

it('a language without a pack is a rejection, not a throw', async () => {
  let settled: Promise<unknown> | undefined
  expect(() => (settled = loadPack('xx'))).not.toThrow()
  await expect(settled).rejects.toThrow()
})
