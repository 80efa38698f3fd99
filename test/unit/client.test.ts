import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/core/client.ts'
import { withMemberActions } from '../../src/core/member-actions.ts'
import { LoyaltyError } from '../../src/core/errors.ts'
import { newIdempotencyKey } from '../../src/core/token.ts'
import { ENDPOINT, PROGRAM_KEY, fakeToken, member, program } from '../fixtures.ts'
import { problem, url, useMsw, PROGRAM_PATH } from './msw.ts'

const server = useMsw()

/** The server answers the program with `body`, and counts how often it was asked. */
function programServer(body: typeof program) {
  const counted = { asked: 0 }
  server.use(
    http.get(url(PROGRAM_PATH), () => {
      counted.asked++
      return HttpResponse.json(body)
    }),
  )
  return counted
}

const client = (over: Partial<Parameters<typeof createClient>[0]> = {}) => {
  const events: [string, unknown][] = []
  const c = withMemberActions(
    createClient({
      endpoint: ENDPOINT,
      program: PROGRAM_KEY,
      retries: 0,
      emit: (name, detail) => events.push([name, detail]),
      ...over,
    }),
  )
  return { c, events }
}

describe('headless client', () => {
  it('loads the program for a guest by its key in the address, with no header a browser would preflight', async () => {
    let request: Request | undefined
    server.use(
      http.get(url(PROGRAM_PATH), (info) => {
        request = info.request
        return HttpResponse.json(program)
      }),
    )
    const { c } = client({ language: () => 'lv' })
    const r = await c.load()
    expect(r).toEqual({ program, member: null })
    expect(c.state.status.value).toBe('ready')
    expect(new URL(request!.url).searchParams.get('locale')).toBe('lv')
    // Only CORS-safelisted request headers: a simple GET.
    const names = [...request!.headers.keys()].filter((h) => !['accept', 'accept-language', 'content-type'].includes(h.toLowerCase()))
    expect(names).toEqual([])
    expect(request!.headers.get('Accept-Language')).toBe('lv')
  })

  it('uses the program fetched ahead (the script tag reads it while the page is idle) for the first load, and asks the server on refresh', async () => {
    const programs = programServer({ ...program, name: 'From the server' })
    const { c } = client({ programAhead: Promise.resolve(program) })
    expect(await c.load()).toEqual({ program, member: null })
    expect(programs.asked).toBe(0)
    expect((await c.refresh()).program.name).toBe('From the server')
    expect(programs.asked).toBe(1)
  })

  it('has the program in its store at once when what was fetched ahead had already arrived (the first render draws it), and asks nothing', async () => {
    const programs = programServer({ ...program, name: 'From the server' })
    const { c } = client({ programJson: program, programAhead: Promise.resolve(program) })
    expect(c.state.program.value).toEqual(program)
    expect(await c.load()).toEqual({ program, member: null })
    expect(programs.asked).toBe(0)
  })

  it('does not take an arrived body that is not a program: it waits for what is still coming, else asks the server', async () => {
    const programs = programServer({ ...program, name: 'From the server' })
    const { c } = client({ programJson: { name: 'no rules, no rewards' }, programAhead: Promise.resolve(program) })
    expect(c.state.program.value).toBe(null)
    expect(await c.load()).toEqual({ program, member: null })
    expect(programs.asked).toBe(0)
    const other = client({ programJson: false }).c
    expect((await other.load()).program.name).toBe('From the server')
    expect(programs.asked).toBe(1)
  })

  it('asks the server when what was fetched ahead has not come within the time limit', async () => {
    const programs = programServer(program)
    const { c } = client({ programAhead: new Promise(() => {}), timeout: 300 })
    expect(await c.load()).toEqual({ program, member: null })
    expect(programs.asked).toBe(1)
  })

  it.each([
    ['nothing (the prefetch failed)', undefined],
    ['an error status', false],
    ['a body that is not a program', { name: 'no rules, no rewards' }],
  ])('asks the server when what was fetched ahead is %s', async (_, ahead) => {
    const programs = programServer(program)
    const { c } = client({ programAhead: Promise.resolve(ahead) })
    expect(await c.load()).toEqual({ program, member: null })
    expect(programs.asked).toBe(1)
    expect(c.state.error.value).toBe(null)
  })

  it('asks nothing after destroy() when what was fetched ahead turns out unusable only then', async () => {
    const programs = programServer(program)
    let arrive!: (body: unknown) => void
    const { c, events } = client({ programAhead: new Promise((r) => (arrive = r)) })
    const loading = c.load()
    c.destroy()
    arrive(undefined)
    await expect(loading).rejects.toMatchObject({ code: 'destroyed' })
    await new Promise((r) => setTimeout(r, 50))
    expect(programs.asked).toBe(0)
    expect(events.filter(([name]) => name == 'error')).toEqual([])
  })

  it('loads the member with the customer token', async () => {
    let auth: string | null = null
    const token = fakeToken()
    server.use(
      http.get(url('/members/me'), ({ request }) => {
        auth = request.headers.get('Authorization')
        return HttpResponse.json(member({ balance: 250 }))
      }),
    )
    const { c } = client({ customer: { token } })
    const r = await c.load()
    expect(r.member?.balance).toBe(250)
    expect(auth).toBe('Bearer ' + token)
  })

  it.each([
    ['204 (the contract)', () => new HttpResponse(null, { status: 204 })],
    ['404 (tolerated)', () => problem(404, 'not_found')],
  ])('treats an identified shopper who has not joined (%s) as a guest who may join', async (_, respond) => {
    server.use(http.get(url('/members/me'), respond))
    const { c, events } = client({ customer: { token: fakeToken() } })
    expect((await c.load()).member).toBeNull()
    expect(c.state.status.value).toBe('ready')
    expect(events.filter(([n]) => n == 'error')).toEqual([])
  })

  it('signs up with one Idempotency-Key reused by every retry, and announces it', async () => {
    const keys: (string | null)[] = []
    let calls = 0
    server.use(
      http.post(url('/members'), async ({ request }) => {
        keys.push(request.headers.get('Idempotency-Key'))
        if (++calls < 3) return problem(503, 'server_error' as never)
        return HttpResponse.json({ member: member(), token: fakeToken() }, { status: 201 })
      }),
    )
    const { c, events } = client({ retries: 2 })
    const r = await c.signUp({ email: 'anna@example.com', consent: { terms: true, marketing: false } })
    expect(r.member.balance).toBe(100)
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(c.state.member.value?.email).toBe('anna@example.com')
    expect(events.map(([n]) => n)).toEqual(['signup', 'points'])
    expect(events[1]![1]).toEqual({ balance: 100, previous: 0, delta: 100 })
  })

  it('never retries a 4xx business error, and reports it once', async () => {
    let calls = 0
    server.use(
      http.post(url('/members'), () => {
        calls++
        return problem(422, 'email_taken')
      }),
    )
    const { c, events } = client({ retries: 2 })
    const e = await c.signUp({ email: 'a@b.co', consent: { terms: true, marketing: false } }).catch((x) => x)
    expect(e).toBeInstanceOf(LoyaltyError)
    expect(e.code).toBe('email_taken')
    expect(e.status).toBe(422)
    expect(calls).toBe(1)
    expect(events).toEqual([['error', { code: 'email_taken', message: 'email_taken', operation: 'signUp' }]])
  })

  it.each([
    ['malformed JSON', () => new HttpResponse('{"key": ', { headers: { 'Content-Type': 'application/json' } })],
    ['an HTML error page', () => new HttpResponse('<html>oops</html>', { headers: { 'Content-Type': 'text/html' } })],
    ['an empty body', () => new HttpResponse(null, { status: 200 })],
    ['wrong types', () => HttpResponse.json({ ...program, signupBonus: '100' })],
  ])('turns %s into a typed invalid_response error', async (_, respond) => {
    server.use(http.get(url(PROGRAM_PATH), respond))
    const { c, events } = client()
    const e = await c.program().catch((x) => x)
    expect(e).toBeInstanceOf(LoyaltyError)
    expect(e.code).toBe('invalid_response')
    expect(events[0]![0]).toBe('error')
  })

  it('maps a network failure to network_error', async () => {
    server.use(http.get(url(PROGRAM_PATH), () => HttpResponse.error()))
    const e = await client()
      .c.program()
      .catch((x) => x)
    expect(e.code).toBe('network_error')
  })

  it('renews the token once after a 401 and retries', async () => {
    const fresh = fakeToken()
    const seen: (string | null)[] = []
    server.use(
      http.get(url('/members/me'), ({ request }) => {
        seen.push(request.headers.get('Authorization'))
        return request.headers.get('Authorization') == 'Bearer ' + fresh ? HttpResponse.json(member()) : problem(401, 'unauthorized')
      }),
    )
    const getter = vi.fn().mockResolvedValueOnce(fakeToken(600)).mockResolvedValueOnce(fresh)
    const { c } = client({ getCustomerToken: getter })
    expect((await c.member())?.id).toBe('mem_1')
    expect(getter).toHaveBeenCalledTimes(2)
    expect(seen).toHaveLength(2)
  })

  it('asks for a fresh token before the current one expires, and keeps it in memory only', async () => {
    const dying = fakeToken(20)
    const fresh = fakeToken(900)
    const seen: (string | null)[] = []
    server.use(
      http.get(url('/members/me'), ({ request }) => {
        seen.push(request.headers.get('Authorization'))
        return HttpResponse.json(member())
      }),
    )
    const getter = vi.fn().mockResolvedValue(fresh)
    const { c } = client({ customer: { token: dying }, getCustomerToken: getter })
    await c.member()
    expect(getter).toHaveBeenCalledTimes(1)
    expect(seen).toEqual(['Bearer ' + fresh])
    expect(JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie).not.toContain(fresh.split('.')[1])
  })

  it.each([
    ['lasting', fakeToken(900), 0],
    ['without exp (its life unknown)', ['eyJhbGciOiJIUzI1NiJ9', btoa('{"sub":"c1"}').replace(/=+$/, ''), 'sig'].join('.'), 1],
    ['unreadable', 'a.b.c', 1],
  ])('with a getter, a %s token held is used as is only while it surely lasts', async (_, held, asked) => {
    server.use(http.get(url('/members/me'), () => HttpResponse.json(member())))
    const getter = vi.fn().mockResolvedValue(fakeToken(900))
    const { c } = client({ customer: { token: held }, getCustomerToken: getter })
    await c.member()
    expect(getter).toHaveBeenCalledTimes(asked)
  })

  it('does not let a late member answer undo a newer balance', async () => {
    // The server's view at the time each GET was answered: 650 before the redemption, 150 after.
    const waiting: (() => void)[] = []
    let served = 650
    server.use(
      http.get(url('/members/me'), async () => {
        const balance = served
        await new Promise<void>((r) => waiting.push(r))
        return HttpResponse.json(member({ balance }))
      }),
      http.post(url('/members/me/redemptions'), () => {
        served = 150
        return HttpResponse.json({ redemption: { id: 'r', rewardId: 'five-off', code: 'C', points: 500 }, balance: 150 }, { status: 201 })
      }),
    )
    const { c } = client({ customer: { token: fakeToken() } })
    c.store.member.value = member({ balance: 650 })
    const late = c.member()
    await vi.waitFor(() => expect(waiting).toHaveLength(1))
    await c.redeem('five-off')
    await vi.waitFor(() => expect(waiting).toHaveLength(2))
    waiting[1]!() // the redemption's own refresh answers first…
    await vi.waitFor(() => expect(c.state.member.value?.balance).toBe(150))
    waiting[0]!() // …then the old one, with 650
    await late
    expect(c.state.member.value?.balance).toBe(150)
  })

  it('announces points and tier changes on refresh', async () => {
    const { c, events } = client({ customer: { token: fakeToken() } })
    await c.load()
    server.use(http.get(url('/members/me'), () => HttpResponse.json(member({ balance: 700, lifetimePoints: 700, tier: { id: 'silver', name: 'Silver' } }))))
    await c.refresh()
    expect(events).toContainEqual(['points', { balance: 700, previous: 100, delta: 600 }])
    expect(events).toContainEqual(['tier', { tier: { id: 'silver', name: 'Silver' }, previous: { id: 'bronze', name: 'Bronze' } }])
  })

  describe('setConsent', () => {
    /** A signed-in client whose member is loaded (marketing: false). */
    const signedIn = async (retries = 0) => {
      const r = client({ customer: { token: fakeToken() }, retries })
      await r.c.load()
      r.events.length = 0
      return r
    }

    it('POSTs the choice with an Idempotency-Key and the token, stores the member it answers and announces it', async () => {
      const seen: { key: string | null; auth: string | null; body: unknown }[] = []
      server.use(
        http.post(url('/members/me/consent'), async ({ request }) => {
          seen.push({ key: request.headers.get('Idempotency-Key'), auth: request.headers.get('Authorization'), body: await request.json() })
          return HttpResponse.json(member({ marketing: true }))
        }),
      )
      const { c, events } = await signedIn()
      const m = await c.setConsent(true)
      expect(seen).toHaveLength(1)
      expect(seen[0]!.body).toEqual({ marketing: true })
      expect(seen[0]!.key).toMatch(/^[0-9a-f-]{36}$/)
      expect(seen[0]!.auth).toMatch(/^Bearer /)
      expect(m.marketing).toBe(true)
      expect(c.state.member.value?.marketing).toBe(true)
      expect(events).toEqual([['consent', { marketing: true }]])
    })

    it('reuses the caller’s key on every retry of a 5xx', async () => {
      const keys: (string | null)[] = []
      server.use(
        http.post(url('/members/me/consent'), ({ request }) => {
          keys.push(request.headers.get('Idempotency-Key'))
          return keys.length < 2 ? problem(500, 'server_error') : HttpResponse.json(member({ marketing: true }))
        }),
      )
      const { c } = await signedIn(2)
      await c.setConsent(true, 'k-consent-1')
      expect(keys).toEqual(['k-consent-1', 'k-consent-1'])
    })

    it('keeps the member as it was when the server fails, and reports it once', async () => {
      server.use(http.post(url('/members/me/consent'), () => problem(500, 'server_error')))
      const { c, events } = await signedIn()
      const e = await c.setConsent(true).catch((x) => x)
      expect(e).toBeInstanceOf(LoyaltyError)
      expect(e.code).toBe('server_error')
      expect(c.state.member.value?.marketing).toBe(false)
      expect(events).toEqual([['error', { code: 'server_error', message: 'server_error', operation: 'setConsent' }]])
    })

    it('rejects an answer that is not a member (invalid_response), keeping the member as it was', async () => {
      server.use(http.post(url('/members/me/consent'), () => HttpResponse.json({ marketing: true })))
      const { c, events } = await signedIn()
      const e = await c.setConsent(true).catch((x) => x)
      expect(e.code).toBe('invalid_response')
      expect(c.state.member.value?.marketing).toBe(false)
      expect(events.map(([n]) => n)).toEqual(['error'])
    })
  })
})

describe('idempotency keys', () => {
  afterEach(() => void vi.unstubAllGlobals())
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
  it.each([
    ['a page on https (crypto.randomUUID there)', () => {}],
    ['a page on plain http (no randomUUID)', () => vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) })],
  ])('with %s: random version-4 UUIDs, each new', (_, setUp) => {
    setUp()
    const keys = Array.from({ length: 500 }, newIdempotencyKey)
    for (const k of keys) expect(k).toMatch(V4)
    expect(new Set(keys).size).toBe(500)
    // Every random digit takes more than one value: none is left at the template's.
    for (const i of [0, 9, 15, 19, 35]) expect(new Set(keys.map((k) => k[i])).size).toBeGreaterThan(1)
  })
})
