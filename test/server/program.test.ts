import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Program, Problem, ReferralOffer } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { negotiateLanguage } from '../../server/src/program/i18n.ts'
import { loadProgram, parseProgram, ProgramError } from '../../server/src/program/program.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { call, signUp, start } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

describe('GET /v1/program', () => {
  it('answers the demo program with caching headers', async () => {
    const r = await call(server, '/v1/program')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/json')
    expect(r.headers.get('etag')).toMatch(/^"[\w-]+"$/)
    expect(r.headers.get('cache-control')).toBe('public, max-age=60')
    expect(r.headers.get('vary')).toContain('Accept-Language')
    expect(r.headers.get('vary')).toContain('X-Loyalkit-Program')
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    const p = (await r.json()) as Program
    expect(p).toMatchObject({ key: 'pk_demo_trailpack', name: 'Trailpack Rewards', currency: 'EUR', signupBonus: 100 })
    expect(p.rules.map((x) => [x.kind, x.points, x.claimable])).toEqual([
      ['purchase', 1, false],
      ['signup', 100, false],
      ['birthday', 50, true],
      ['newsletter', 25, true],
      ['social_follow', 20, true],
      ['referral', 200, false],
      ['punch_card', 0, false],
    ])
    expect(p.rules.find((x) => x.kind == 'punch_card')).toMatchObject({ every: 5, rewardId: 'travel-pouch' })
    expect(p.badges!.map((b) => [b.kind, b.count ?? b.tier ?? null])).toEqual([
      ['orders', 1],
      ['orders', 5],
      ['referrals', 1],
      ['birthday', null],
      ['member_years', 1],
      ['tier', 'gold'],
    ])
    expect(p.rules[0]!.per).toBe(1)
    expect(p.rules.find((x) => x.kind == 'social_follow')!.url).toBe('https://www.instagram.com/trailpack')
    expect(p.rewards.map((x) => [x.kind, x.cost, x.value])).toEqual([
      ['amount_off', 500, 5],
      ['percent_off', 1000, 10],
      ['free_shipping', 300, undefined],
      ['free_product', 800, undefined],
      ['donation', 100, undefined],
    ])
    expect(p.tiers.map((t) => [t.name, t.threshold, t.multiplier, t.perks.length])).toEqual([
      ['Bronze', 0, 1, 0],
      ['Silver', 500, 1.5, 0],
      ['Gold', 1500, 2, 2],
    ])
    expect(p.referral).toEqual({ friend: { kind: 'percent_off', value: 10, description: '10% off your first order' }, advocatePoints: 200 })
    expect(p.signupFields).toEqual({ name: true, birthday: true, marketing: true })
    expect(p.termsUrl).toMatch(/^https:\/\//)
    expect(p.privacyUrl).toMatch(/^https:\/\//)
    expect(Object.keys(p)).not.toContain('allowedOrigins')
  })

  it('honours If-None-Match with 304', async () => {
    const etag = (await call(server, '/v1/program')).headers.get('etag')!
    const r = await call(server, '/v1/program', { headers: { 'If-None-Match': etag } })
    expect(r.status).toBe(304)
    expect(r.headers.get('etag')).toBe(etag)
    expect(r.headers.get('cache-control')).toBe('public, max-age=60')
    expect(await r.text()).toBe('')
    expect((await call(server, '/v1/program', { headers: { 'If-None-Match': `"nope", W/${etag}` } })).status).toBe(304)
    expect((await call(server, '/v1/program', { headers: { 'If-None-Match': '"nope"' } })).status).toBe(200)
  })

  it('localizes by Accept-Language with fallback lv-LV → lv → en', async () => {
    const lv = (await call(server, '/v1/program', { language: 'lv-LV,lv;q=0.9,en;q=0.8' })).headers
    expect(lv.get('content-language')).toBe('lv')
    const p = (await (await call(server, '/v1/program', { language: 'lv-LV' })).json()) as Program
    expect(p.tiers.map((t) => t.name)).toEqual(['Bronza', 'Sudrabs', 'Zelts'])
    expect(p.rules.find((r) => r.id == 'birthday')!.name).toBe('Dzimšanas dienas dāvana')
    for (const [language, gold] of [
      ['et', 'Kuld'],
      ['mk', 'Злато'],
      ['ru-RU', 'Золото'],
      ['pt-BR', 'Gold'],
      ['', 'Gold'],
    ] as const) {
      const q = (await (await call(server, '/v1/program', { language })).json()) as Program
      expect(q.tiers[2]!.name, language).toBe(gold)
    }
    const en = await call(server, '/v1/program', { language: 'en' })
    const lvEtag = (await call(server, '/v1/program', { language: 'lv' })).headers.get('etag')
    expect(en.headers.get('etag')).not.toBe(lvEtag)
    // An ETag of one language does not validate another.
    expect((await call(server, '/v1/program', { language: 'en', headers: { 'If-None-Match': lvEtag! } })).status).toBe(200)
  })

  it('requires a known X-Loyalkit-Program', async () => {
    const missing = await call(server, '/v1/program', { program: null })
    expect(missing.status).toBe(400)
    expect(missing.headers.get('content-type')).toBe('application/problem+json')
    expect(((await missing.json()) as Problem).code).toBe('invalid_request')
    const unknown = await call(server, '/v1/program', { program: 'pk_nope' })
    expect(unknown.status).toBe(404)
    const body = (await unknown.json()) as Problem
    expect(body).toMatchObject({ status: 404, code: 'not_found', title: 'Not found' })
    expect(body.type).toMatch(/^urn:loyalkit:problem:not_found$/)
  })

  it('answers unknown routes and methods with problems', async () => {
    const r = await call(server, '/v1/nothing')
    expect(r.status).toBe(404)
    expect(((await r.json()) as Problem).code).toBe('not_found')
    const m = await call(server, '/v1/program', { method: 'DELETE' })
    expect(m.status).toBe(405)
    expect(m.headers.get('allow')).toBe('GET')
  })
})

describe('GET /v1/programs/{key}: the program by its key, public and cacheable by any CDN', () => {
  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + '/v1' + path, { headers })

  it('answers the same program as GET /program, for any origin, with shared caching and no Vary on Origin', async () => {
    const r = await get('/programs/pk_demo_trailpack?locale=lv', { Origin: 'https://any-store.example' })
    expect(r.status).toBe(200)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(r.headers.get('access-control-expose-headers')).toContain('ETag')
    expect(r.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300')
    // With ?locale the answer depends on the address alone.
    expect(r.headers.get('vary')).toBeNull()
    expect(r.headers.get('content-language')).toBe('lv')
    const byHeader = await call(server, '/v1/program', { headers: { 'Accept-Language': 'lv' } })
    expect(await r.json()).toEqual(await byHeader.json())
    expect(r.headers.get('etag')).toBe(byHeader.headers.get('etag'))
  })

  it('negotiates by Accept-Language without ?locale (and says so in Vary), falls back to English, and 304s', async () => {
    const r = await get('/programs/pk_demo_trailpack', { 'Accept-Language': 'ru-RU,ru;q=0.9' })
    expect(r.headers.get('content-language')).toBe('ru')
    expect(r.headers.get('vary')).toBe('Accept-Language')
    const unknown = await get('/programs/pk_demo_trailpack?locale=pt-BR')
    expect(unknown.headers.get('content-language')).toBe('en')
    const etag = unknown.headers.get('etag')!
    const again = await get('/programs/pk_demo_trailpack?locale=pt-BR', { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
  })

  it('answers a preflight for a conditional GET from any origin, and takes long language tags', async () => {
    const r = await fetch(server.url + '/v1/programs/pk_demo_trailpack', {
      method: 'OPTIONS',
      headers: { Origin: 'https://any-store.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
    })
    expect(r.status).toBe(204)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    expect(r.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match')
    const long = await get('/programs/pk_demo_trailpack?locale=' + encodeURIComponent('zh-Hant-TW-u-nu-hanidec'))
    expect(long.status).toBe(200)
    expect(long.headers.get('content-language')).toBe('en')
  })

  it('404s another program and 400s a malformed locale, as problems', async () => {
    const other = await get('/programs/pk_someone_else')
    expect(other.status).toBe(404)
    expect(((await other.json()) as Problem).code).toBe('not_found')
    const bad = await get('/programs/pk_demo_trailpack?locale=' + encodeURIComponent('<script>'))
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as Problem).errors).toEqual([{ field: 'locale', code: 'invalid' }])
  })
})

describe('GET /v1/referrals/{code}', () => {
  it('describes the friend offer of a real code and 404s others', async () => {
    const { member } = await signUp(server)
    const r = await call(server, `/v1/referrals/${member.referral.code}`, { language: 'lv' })
    expect(r.status).toBe(200)
    expect((await r.json()) as ReferralOffer).toEqual({
      code: member.referral.code,
      friend: { kind: 'percent_off', value: 10, description: '10 % atlaide pirmajam pasūtījumam' },
    })
    for (const code of ['NOPE1234', '%E0%A4%A', 'x'.repeat(300)]) {
      const missing = await call(server, `/v1/referrals/${code}`)
      expect(missing.status, code).toBe(404)
      expect(((await missing.json()) as Problem).code).toBe('not_found')
    }
  })
})

describe('another program file', () => {
  it('serves the program of LOYALKIT_PROGRAM, with its store URL in referral links', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loyalkit-program-'))
    const demo = JSON.parse(await readFile(new URL('../../demo/programs/trailpack.json', import.meta.url), 'utf8')) as Record<string, unknown>
    const path = join(dir, 'other.json')
    await writeFile(path, JSON.stringify({ ...demo, key: 'pk_other', storeUrl: 'https://shop.example/' }))
    const other = await start({ programPath: path })
    try {
      expect((await call(other, '/v1/program')).status).toBe(404)
      expect(((await (await call(other, '/v1/program', { program: 'pk_other' })).json()) as Program).key).toBe('pk_other')
      const { member } = await signUp(other, {}, { program: 'pk_other', headers: { Origin: 'http://localhost:8787' } })
      expect(member.referral.url).toBe(`https://shop.example/?ref=${member.referral.code}`)
    } finally {
      await other.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('program file', () => {
  it('loads the demo program', () => {
    const def = loadProgram(new URL('../../demo/programs/trailpack.json', import.meta.url).pathname)
    expect(def.key).toBe('pk_demo_trailpack')
    expect(def.allowedOrigins).toEqual(['http://localhost:8787', 'http://127.0.0.1:8787'])
  })

  it('rejects a broken program with every problem and its path', () => {
    const def = loadProgram(new URL('../../demo/programs/trailpack.json', import.meta.url).pathname)
    const broken = JSON.parse(JSON.stringify({ ...def, couponPrefix: undefined })) as Record<string, any>
    broken.currency = 'euro'
    broken.rules[2].claimable = false
    broken.rewards[0].cost = -5
    broken.tiers[1].threshold = 0
    broken.termsUrl = 'http://insecure.example/terms'
    broken.extra = true
    let error: unknown
    try {
      parseProgram(broken, 'broken.json')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ProgramError)
    const message = (error as Error).message
    expect(message).toContain('broken.json')
    for (const path of [
      'program.currency',
      'program.rules[2].claimable',
      'program.rewards[0].cost',
      'program.tiers[1].threshold',
      'program.termsUrl',
      'program.extra',
    ]) {
      expect(message).toContain(path)
    }
    expect(() => parseProgram([], 'x')).toThrow(/expected an object/)
  })

  it('refuses points, costs and bonuses a ledger entry could not hold, at load', async () => {
    const program = JSON.parse(await readFile(DEMO_PROGRAM, 'utf8'))
    program.rules[0].points = 2 ** 31
    program.rewards[0].cost = 3e9
    expect(() => parseProgram(program, 'big.json')).toThrow(/program\.rules\[0\]\.points: expected at most 2147483647/)
    expect(() => parseProgram(program, 'big.json')).toThrow(/program\.rewards\[0\]\.cost: expected at most 2147483647/)
    // Dates a hundred years out at most: the database's timestamps (and ISO 8601's four-digit years) end.
    Object.assign(program, { couponExpiryDays: 200_000_000, pointsExpiryMonths: 5_000_000 })
    expect(() => parseProgram(program, 'big.json')).toThrow(/program\.couponExpiryDays: expected at most 36500 days/)
    expect(() => parseProgram(program, 'big.json')).toThrow(/program\.pointsExpiryMonths: expected at most 1200 months/)
  })

  it('negotiates languages', () => {
    const available = ['en', 'lv', 'et', 'mk', 'ru']
    expect(negotiateLanguage('lv-LV', available)).toBe('lv')
    expect(negotiateLanguage('de, ru;q=0.5, lv;q=0.7', available)).toBe('lv')
    expect(negotiateLanguage('fr, *;q=0.1', available)).toBe('en')
    expect(negotiateLanguage('et;q=0, mk', available)).toBe('mk')
    expect(negotiateLanguage(undefined, available)).toBe('en')
  })
})
