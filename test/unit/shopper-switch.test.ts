/**
 * Switching shopper (identify, logout) while requests of the previous one are under way: a late token
 * renewal, a late member answer or a late sign-up must never bring the previous shopper back.
 */
import { http, HttpResponse } from 'msw'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, type Identity } from '../../src/core/client.ts'
import { withMemberActions } from '../../src/core/member-actions.ts'
import type { LoyaltyError } from '../../src/core/errors.ts'
import { ENDPOINT, PROGRAM_KEY, member } from '../fixtures.ts'
import { problem, url, useMsw } from './msw.ts'

const server = useMsw()

/** The Authorization header of every request that went out, whatever its path. */
let sent: (string | null)[] = []
server.events.on('request:start', ({ request }) => void sent.push(request.headers.get('Authorization')))
beforeEach(() => (sent = []))

/** A structurally valid JWT for customer `sub`, expiring in `seconds` (distinct per shopper, unlike fakeToken). */
const jwt = (sub: string, seconds = 900) =>
  ['eyJhbGciOiJIUzI1NiJ9', btoa(JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + seconds })).replace(/=+$/, ''), 'sig'].join('.')

const A = jwt('shopper-a')
const A2 = jwt('shopper-a', 1200)
const B = jwt('shopper-b')
const bearer = (t: string) => 'Bearer ' + t

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** Answers GET /members/me with a member per token (after `hold`), and records every Authorization header sent. */
function members(hold?: (auth: string | null) => Promise<void> | undefined) {
  const seen: (string | null)[] = []
  server.use(
    http.get(url('/members/me'), async ({ request }) => {
      const auth = request.headers.get('Authorization')
      seen.push(auth)
      await hold?.(auth)
      return auth == bearer(B) ? HttpResponse.json(member({ id: 'mem_b', balance: 20 })) : HttpResponse.json(member({ id: 'mem_a', balance: 10 }))
    }),
  )
  return seen
}

const client = (over: Partial<Parameters<typeof createClient>[0]> = {}) => {
  const events: string[] = []
  const c = withMemberActions(createClient({ endpoint: ENDPOINT, program: PROGRAM_KEY, retries: 0, emit: (name) => events.push(name), ...over }))
  return { c, events }
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e as LoyaltyError,
  )

describe('identify with what is not an identity', () => {
  it.each<[string, unknown]>([
    ['a bare token', B],
    ['nothing', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a token that is not a string', { token: 42 }],
    ['a getter that is not a function', { getCustomerToken: 'x' }],
  ])('%s: rejected as the integration’s mistake, naming neither token nor member, and nothing asked or changed', async (_, identity) => {
    members()
    const { c, events } = client({ customer: { token: A } })
    const e = await failure(c.identify(identity as Identity))
    expect([e.code, e.operation, e.message]).toEqual(['invalid_argument', 'identify', 'loyalkit: identify needs { token } or { getCustomerToken }'])
    expect(sent).toEqual([])
    expect(events).toEqual([])
    expect(c.state.error.value).toBe(null)
    // The shopper the client had is still the one it asks for.
    expect((await c.member())?.id).toBe('mem_a')
    expect(sent).toEqual([bearer(A)])
  })
})

describe('a slow token renewal never brings the previous shopper back', () => {
  it.each<[string, Identity]>([
    ['a token', { token: B }],
    ['a token getter', { getCustomerToken: () => B }],
  ])('identify with %s during it: every later request carries the new token, never the old one', async (_, identity) => {
    const seen = members()
    const slow = deferred<string>()
    const { c } = client({ getCustomerToken: () => slow.promise })
    const first = c.member() // waits for the getter

    expect((await c.identify(identity))?.id).toBe('mem_b')
    slow.resolve(A) // the old getter answers late
    await first.catch(() => {})
    expect((await c.member())?.id).toBe('mem_b')

    expect(seen).toEqual([bearer(B), bearer(B)])
    expect(sent).not.toContain(bearer(A))
    expect(c.state.member.value?.id).toBe('mem_b')
  })

  it('logout during it: no request carries the old token and the shopper stays logged out', async () => {
    const seen = members()
    const slow = deferred<string>()
    const { c, events } = client({ getCustomerToken: () => slow.promise })
    const load = c.load()

    await c.logout()
    slow.resolve(A)
    await load
    expect(await c.member()).toBeNull()
    await c.activity()

    expect(seen).toEqual([])
    expect(sent).toEqual([null, null]) // GET /program, GET /members/me/activity
    expect(c.store.identified.value).toBe(false)
    expect(c.state.member.value).toBeNull()
    expect(c.state.status.value).toBe('ready')
    expect(events).toEqual(['logout'])
  })

  it('logout during the renewal after a 401: the request is not sent again with the old token', async () => {
    const seen: (string | null)[] = []
    server.use(
      http.get(url('/members/me/activity'), ({ request }) => {
        seen.push(request.headers.get('Authorization'))
        return problem(401, 'unauthorized')
      }),
    )
    const slow = deferred<string>()
    const getter = vi.fn().mockResolvedValueOnce(A).mockReturnValueOnce(slow.promise)
    const { c } = client({ getCustomerToken: getter })
    const activity = failure(c.activity())
    await vi.waitFor(() => expect(getter).toHaveBeenCalledTimes(2)) // the 401 asked for a new token

    await c.logout()
    slow.resolve(A2)

    expect((await activity).code).toBe('unauthorized')
    expect(seen).toEqual([bearer(A)])
    expect(sent).not.toContain(bearer(A2))
    expect(c.store.identified.value).toBe(false)
  })

  it("identify while a request is under way: its 401 is not retried with the new shopper's token", async () => {
    const claims: (string | null)[] = []
    const answer = deferred<void>()
    server.use(
      http.post(url('/members/me/claims'), async ({ request }) => {
        claims.push(request.headers.get('Authorization'))
        await answer.promise
        return problem(401, 'unauthorized')
      }),
    )
    members()
    const getB = vi.fn(() => B)
    const { c } = client({ customer: { token: A } })
    c.store.member.value = member({ id: 'mem_a' })
    const claim = failure(c.claim('newsletter'))
    await vi.waitFor(() => expect(claims).toHaveLength(1))

    await c.identify({ getCustomerToken: getB })
    answer.resolve()

    expect((await claim).code).toBe('unauthorized')
    expect(claims).toEqual([bearer(A)])
    expect(getB).toHaveBeenCalledTimes(1) // by identify's own member request only
    expect(c.state.member.value?.id).toBe('mem_b')
  })
})

describe('an answer about the previous shopper arriving late is dropped', () => {
  it.each<[string, (c: ReturnType<typeof client>['c']) => Promise<unknown>, string | undefined]>([
    ['logout', (c) => c.logout(), undefined],
    ['identify', (c) => c.identify({ token: B }), 'mem_b'],
  ])('a member answer after %s', async (_, change, expected) => {
    const gate = deferred<void>()
    const seen = members((auth) => (auth == bearer(A) ? gate.promise : undefined))
    const { c, events } = client({ customer: { token: A } })
    const late = c.member()
    await vi.waitFor(() => expect(seen).toHaveLength(1))

    await change(c) // identify's own member answer comes first…
    gate.resolve() // …then the old one
    await late

    expect(c.state.member.value?.id).toBe(expected)
    expect(events).not.toContain('error')
  })

  it("a sign-up answer after identify does not replace the new shopper's token", async () => {
    const seen = members()
    const answer = deferred<void>()
    server.use(
      http.post(url('/members'), async () => {
        await answer.promise
        return HttpResponse.json({ member: member({ id: 'mem_new' }), token: A }, { status: 201 })
      }),
    )
    const { c, events } = client()
    const signUp = failure(c.signUp({ email: 'new@example.com', consent: { terms: true, marketing: false } }))
    await c.identify({ token: B })
    answer.resolve()

    expect((await signUp).code).toBe('unauthorized')
    expect((await c.member())?.id).toBe('mem_b')
    expect(seen).toEqual([bearer(B), bearer(B)])
    expect(sent).not.toContain(bearer(A))
    expect(events).not.toContain('signup')
  })
})

describe("nothing of the previous shopper's shows to the next one", () => {
  it.each<[string, Identity]>([
    ['a token for another customer', { token: B }],
    ['a getter (it may return anyone)', { getCustomerToken: async () => B }],
  ])('identify with %s: the member is cleared at once, the membership asked for, then the new member', async (_, identity) => {
    const gate = deferred<void>()
    members((auth) => (auth == bearer(B) ? gate.promise : undefined))
    const { c } = client({ customer: { token: A } })
    await c.member()
    expect(c.state.member.value?.id).toBe('mem_a')

    const switching = c.identify(identity)
    expect(c.state.member.value).toBeNull()
    expect(c.store.memberPending.value).toBe('asking')
    gate.resolve()
    await switching
    expect(c.state.member.value?.id).toBe('mem_b')
    expect(c.store.memberPending.value).toBe('')
  })

  it('identify with a new token for the same customer keeps what is shown while it is checked', async () => {
    const gate = deferred<void>()
    members((auth) => (auth == bearer(A2) ? gate.promise : undefined))
    const { c } = client({ customer: { token: A } })
    await c.load()

    const renewing = c.identify({ token: A2 })
    expect(c.state.member.value?.id).toBe('mem_a')
    expect(c.store.hold.value).toBeFalsy()
    gate.resolve()
    await renewing
    expect(c.state.member.value?.id).toBe('mem_a')
  })

  it('a renewal still on its way when the same customer’s new token comes does not replace that token', async () => {
    const seen = members()
    const slow = deferred<string | null>()
    // A's token has expired: the first request asks the getter, which takes its time and then fails.
    const { c } = client({ customer: { token: jwt('shopper-a', -60) }, getCustomerToken: () => slow.promise })
    const first = c.member().catch((e: LoyaltyError) => e)
    await c.identify({ token: A2 })
    slow.resolve(null)
    // The request the renewal was for goes out with the token that came, and stands.
    expect(((await first) as { id?: string }).id).toBe('mem_a')
    expect(seen).toEqual([bearer(A2), bearer(A2)])
    sent = []
    await c.load()
    expect(sent.filter((a) => a)).toEqual([bearer(A2)])
    expect(c.state.member.value?.id).toBe('mem_a')
  })

  it('identify with a new token for the same customer does not fail what is under way: the claim sent with the old token stands', async () => {
    members()
    const gate = deferred<void>()
    server.use(
      http.post(url('/members/me/claims'), async () => {
        await gate.promise
        return HttpResponse.json({ ruleId: 'newsletter', points: 25, balance: 125 }, { status: 201 })
      }),
    )
    const { c } = client({ customer: { token: A } })
    await c.load()
    const claiming = c.claim('newsletter', 'key-1')
    await vi.waitFor(() => expect(sent).toContain(bearer(A)))
    await c.identify({ token: A2 })
    gate.resolve()
    expect((await claiming).points).toBe(25)
    // The token that came is the one used from now on.
    await c.load()
    expect(sent.at(-1)).toBe(bearer(A2))
  })
})

describe('a signed-in shopper whose membership could not be asked is neither member nor guest: it failed', () => {
  it('identify whose /members/me fails: failed (not an offer to join); a retry that works shows the member', async () => {
    let down = true
    server.use(http.get(url('/members/me'), () => (down ? problem(503, 'unavailable') : HttpResponse.json(member({ id: 'mem_b' })))))
    const { c } = client()
    await c.program()
    expect((await failure(c.identify({ token: B }))).code).toBe('server_error')
    expect(c.state.member.value).toBeNull()
    expect(c.store.memberPending.value).toBe('failed')
    expect(c.store.hold.value).toBe('failed')

    down = false
    await c.load()
    expect(c.store.hold.value).toBeFalsy()
    expect(c.state.member.value?.id).toBe('mem_b')
  })

  it('a refresh of a known membership that fails keeps what is known (stale, not failed)', async () => {
    let down = false
    server.use(http.get(url('/members/me'), () => (down ? problem(503, 'unavailable') : HttpResponse.json(member({ id: 'mem_a' })))))
    const { c } = client({ customer: { token: A } })
    await c.load()
    down = true
    await c.load().catch(() => {})
    expect(c.state.member.value?.id).toBe('mem_a')
    expect(c.store.memberPending.value).toBe('')
  })

  it("a token getter that never answers: after a request's time limit the membership failed (with a retry), not a placeholder forever", async () => {
    const seen = members()
    server.use(http.get(url('/members/me'), ({ request }) => (request.headers.get('Authorization') ? undefined : problem(401, 'unauthorized'))))
    let answering = false
    let asked = 0
    const { c } = client({ timeout: 150, getCustomerToken: () => (asked++, answering ? B : new Promise<string>(() => {})) })
    await c.program()
    expect((await failure(c.member())).code).toBe('unauthorized')
    // Asked once: the 401 of a request that went out with no token does not wait on the getter again.
    expect(asked).toBe(1)
    expect(c.store.hold.value).toBe('failed')
    expect(seen).toEqual([])

    answering = true
    await c.load()
    expect(c.state.member.value?.id).toBe('mem_b')
  })

  it('a shopper who has just joined is known: a failing refresh after it never marks their membership failed', async () => {
    server.use(
      http.post(url('/members'), () => HttpResponse.json({ member: member({ id: 'mem_new' }), token: A }, { status: 201 })),
      http.get(url('/members/me'), () => problem(503, 'unavailable')),
    )
    const { c } = client()
    await c.program()
    await c.signUp({ email: 'new@example.com', consent: { terms: true, marketing: false } })
    await c.member().catch(() => {})
    expect(c.store.memberPending.value).toBe('')
    expect(c.state.member.value?.id).toBe('mem_new')
  })

  it('logout after a failed membership: a guest, nothing failed', async () => {
    server.use(http.get(url('/members/me'), () => problem(503, 'unavailable')))
    const { c } = client()
    await c.program()
    await c.identify({ token: B }).catch(() => {})
    expect(c.store.hold.value).toBe('failed')
    await c.logout()
    expect(c.store.hold.value).toBeFalsy()
  })
})
