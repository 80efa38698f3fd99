/**
 * Member-only offers: the program lists them (guests too, without codes, ended ones left out), the
 * member's route answers the ones open to them now with their codes, and the program file refuses
 * offers that name no tier or end before they start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MemberOffers, Program } from '../../src/core/contract.ts'
import { loadProgram, openOffers, parseProgram, programRenderer, renderProgram } from '../../server/src/program/program.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, order, signUp, start } from './helpers.ts'

const demo = () => loadProgram(new URL('../../demo/programs/trailpack.json', import.meta.url).pathname)

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

describe('offers in GET /v1/program', () => {
  it('are listed to guests in their language, with the tier that opens them and never a code', async () => {
    const r = await call(server, '/v1/program', { headers: { 'Accept-Language': 'lv' } })
    const p = (await r.json()) as Program
    expect(p.offers).toEqual([
      {
        id: 'members-thermos',
        name: 'Biedru cena: Trail termoss 19 €',
        description: 'Biedri maksā 19 € 25 € vietā. Ievadiet kodu, noformējot pirkumu.',
        imageUrl: '/thermos.svg',
        url: 'https://trailpack.example/products/trail-thermos',
        tier: null,
        startsAt: null,
        endsAt: null,
      },
      {
        id: 'gold-early-access',
        name: 'Agrā piekļuve: pavasara kolekcija',
        description: 'Zelta biedri iepērkas jaunajā kolekcijā nedēļu pirms citiem.',
        url: 'https://trailpack.example/spring',
        tier: 'gold',
        startsAt: '2026-11-01T00:00:00Z',
        endsAt: '2030-01-01T00:00:00Z',
      },
    ])
    expect(JSON.stringify(p)).not.toContain('THERMOS19')
  })

  it('leave out an offer once it has ended, also from a program rendered before', async () => {
    const def = demo()
    const end = Date.parse('2030-01-01T00:00:00Z')
    expect(renderProgram(def, 'en', end - 1).offers!.map((o) => o.id)).toEqual(['members-thermos', 'gold-early-access'])
    expect(renderProgram(def, 'en', end).offers!.map((o) => o.id)).toEqual(['members-thermos'])

    // The cached rendering is made again when the next offer ends.
    def.offers[1]!.endsAt = new Date(Date.now() + 150).toISOString()
    const render = programRenderer(def)
    expect(render('en').program.offers!.map((o) => o.id)).toEqual(['members-thermos', 'gold-early-access'])
    const before = render('en').etag
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(render('en').program.offers!.map((o) => o.id)).toEqual(['members-thermos'])
    expect(render('en').etag).not.toBe(before)
  })
})

describe('GET /v1/members/me/offers', () => {
  it('answers the offers open to the member now, with codes; the next tier opens more', async () => {
    const joined = await signUp(server)
    const open = async () => {
      const r = await call(server, '/v1/members/me/offers', { token: joined.token })
      expect(r.status).toBe(200)
      expect(r.headers.get('cache-control')).toBe('no-store')
      return (await r.json()) as MemberOffers
    }
    expect(await open()).toEqual({ offers: [{ id: 'members-thermos', code: 'THERMOS19' }] })
    // 100 for joining + 1,500 of orders: gold from 1,500 lifetime points.
    const after = await order(server, joined.member, 1500)
    expect(after.tier?.id).toBe('gold')
    expect(await open()).toEqual({
      offers: [
        { id: 'members-thermos', code: 'THERMOS19' },
        { id: 'gold-early-access', code: null },
      ],
    })
  })

  it('needs a member', async () => {
    expect((await call(server, '/v1/members/me/offers')).status).toBe(401)
  })
})

describe('openOffers', () => {
  it('opens an offer from its start to its end (exclusive), at its tier and above', () => {
    const def = demo()
    def.offers = [{ id: 'silver-week', name: 'Silver week', tier: 'silver', startsAt: '2027-01-01T00:00:00Z', endsAt: '2027-01-08T00:00:00Z' }]
    const at = (iso: string, tier: string) => openOffers(def, tier, Date.parse(iso)).map((o) => o.id)
    expect(at('2026-12-31T23:59:59Z', 'gold')).toEqual([])
    expect(at('2027-01-01T00:00:00Z', 'silver')).toEqual(['silver-week'])
    expect(at('2027-01-03T00:00:00Z', 'gold')).toEqual(['silver-week'])
    expect(at('2027-01-03T00:00:00Z', 'bronze')).toEqual([])
    expect(at('2027-01-08T00:00:00Z', 'gold')).toEqual([])
  })
})

describe('offers in the program file', () => {
  it('name a tier of the program, end after they start, and have unique ids and plain codes', () => {
    const def = JSON.parse(JSON.stringify(demo())) as Record<string, any>
    def.offers = [
      { id: 'a', name: 'A', tier: 'platinum' },
      { id: 'b', name: 'B', startsAt: '2027-01-08T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' },
      { id: 'b', name: 'B again', code: 'TWO WORDS' },
      { id: 'c', name: 'C', url: 'http://insecure.example/' },
    ]
    let message = ''
    try {
      parseProgram(def, 'offers.json')
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toContain('program.offers[0].tier: no tier has the id "platinum"')
    expect(message).toContain('program.offers[1].endsAt: must be after startsAt')
    expect(message).toContain('program.offers[2].id: duplicate id "b"')
    expect(message).toContain('program.offers[2].code')
    expect(message).toContain('program.offers[3].url: must be a https: URL')
  })

  it('may be left out: a program without offers lists none', () => {
    const def = JSON.parse(JSON.stringify(demo())) as Record<string, any>
    delete def.offers
    expect(renderProgram(parseProgram(def), 'en').offers).toEqual([])
  })
})
