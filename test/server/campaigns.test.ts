/**
 * Campaigns in GET /v1/program: listed (guests too) from the program file until they end, in the
 * request's language, and a cached rendering is made again when a listed campaign ends.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Program } from '../../src/core/contract.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { loadProgram, programRenderer, renderProgram } from '../../server/src/program/program.ts'
import { call, start } from './helpers.ts'

const demo = () => loadProgram(DEMO_PROGRAM)

describe('campaigns in GET /v1/program', () => {
  it('are listed to guests in their language, as the program file has them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-campaigns-'))
    const program = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    const day = 86_400_000
    const at = (days: number) => new Date(Math.floor(Date.now() / day) * day + days * day).toISOString()
    program.campaigns = [
      { id: 'double', name: { en: 'Double points', lv: 'Dubulti punkti' }, startsAt: at(-1), endsAt: at(2), multiplier: 2 },
      { id: 'over', name: 'Over', startsAt: at(-3), endsAt: at(-2), bonus: 5 },
    ]
    await writeFile(join(dir, 'program.json'), JSON.stringify(program))
    const s = await start({ programPath: join(dir, 'program.json') })
    try {
      const p = (await (await call(s, '/v1/program', { language: 'lv' })).json()) as Program
      expect(p.campaigns).toEqual([{ id: 'double', name: 'Dubulti punkti', startsAt: at(-1), endsAt: at(2), multiplier: 2 }])
    } finally {
      await s.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('list coming and running campaigns with their multiplier and bonus, and leave out ended ones', () => {
    const def = demo()
    def.campaigns = [
      { id: 'past', name: 'Over', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', multiplier: 3 },
      { id: 'now', name: { en: 'Bonus week', lv: 'Bonusa nedēļa' }, startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z', bonus: 10 },
      { id: 'soon', name: 'Soon', startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-03-02T00:00:00Z', multiplier: 2, bonus: 5 },
    ]
    const at = Date.parse('2026-01-10T00:00:00Z')
    expect(renderProgram(def, 'lv', at).campaigns).toEqual([
      { id: 'now', name: 'Bonusa nedēļa', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z', bonus: 10 },
      { id: 'soon', name: 'Soon', startsAt: '2026-03-01T00:00:00Z', endsAt: '2026-03-02T00:00:00Z', multiplier: 2, bonus: 5 },
    ])
    // The end is exclusive.
    expect(renderProgram(def, 'en', Date.parse('2026-02-01T00:00:00Z')).campaigns!.map((c) => c.id)).toEqual(['soon'])
    expect(renderProgram(def, 'en', Date.parse('2026-03-02T00:00:00Z')).campaigns).toEqual([])
  })

  it('are left out of a cached rendering once they end', async () => {
    const def = demo()
    def.offers = []
    const now = Date.now()
    def.campaigns = [
      { id: 'short', name: 'Short', startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 150).toISOString(), multiplier: 2 },
      { id: 'long', name: 'Long', startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), bonus: 1 },
    ]
    const render = programRenderer(def)
    const before = render('en')
    expect(before.program.campaigns!.map((c) => c.id)).toEqual(['short', 'long'])
    await new Promise((resolve) => setTimeout(resolve, 200))
    const after = render('en')
    expect(after.program.campaigns!.map((c) => c.id)).toEqual(['long'])
    expect(after.etag).not.toBe(before.etag)
  })
})
