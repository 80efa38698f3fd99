/** Conformance checks of who may call the store's server-to-server routes: its API key, from a server only. */
import { MemberListSchema } from '../../src/core/schemas.ts'
import { check, equal, type SendOptions, type Sent } from './http.ts'
import { enc, type Helpers } from './store-helpers.ts'

/** Who may call: the key, from a server; never a browser or a customer token. */
export function authChecks(h: Helpers): void {
  const { send, json, expectProblem, test, run, apiKey, keyed, fake } = h
  const storeRoutes: [method: string, path: string][] = [
    ['POST', '/orders'],
    ['GET', `/orders/${fake}`],
    ['POST', `/orders/${fake}/refunds`],
    ['GET', `/coupons/${fake.toUpperCase()}`],
    ['POST', `/coupons/${fake.toUpperCase()}/uses`],
    ['GET', `/members?email=${enc(`${fake}@example.com`)}`],
    ['GET', `/members/mem_${fake}`],
    ['DELETE', `/members/mem_${fake}`],
    ['GET', `/members/mem_${fake}/export`],
    ['POST', `/members/mem_${fake}/adjustments`],
    ['POST', `/members/mem_${fake}/consent`],
  ]
  /** Runs `expectation` on every store route, naming the route that fails. */
  const onEveryRoute = async (o: SendOptions, expectation: (r: Sent) => void) => {
    for (const [method, path] of storeRoutes) {
      const r = await send(method, path, { ...(method == 'POST' && { body: {} }), ...o })
      try {
        expectation(r)
      } catch (error) {
        throw new Error(`${method} ${path}: ${(error as Error).message}`)
      }
    }
  }
  const expect401 = (r: Sent) => {
    expectProblem(r, 401, 'unauthorized')
    check(/^Bearer/i.test(r.headers.get('www-authenticate') ?? ''), `WWW-Authenticate: Bearer, got "${r.headers.get('www-authenticate')}"`)
  }
  const browserOrigin = h.origin ?? new URL(h.endpoint).origin

  test('the API key is accepted: GET /members?email= → 200 MemberList', async () => {
    json(await keyed('GET', `/members?email=${enc(`${fake}@example.com`)}`), 200, MemberListSchema, 'member list')
  })

  test('every store route without an API key → 401 unauthorized', () => onEveryRoute({}, expect401))

  test('a store route with an unknown API key → 401 unauthorized', async () =>
    expect401(await send('GET', `/members?email=${enc(`${fake}@example.com`)}`, { token: `lk_sk_conformance_unknown_${run}` })))

  test('a store route with a customer token → 401 unauthorized', async () => {
    const token = await h.customerToken({ email: h.freshEmail('customer') })
    await onEveryRoute({ token }, expect401)
  })

  test('the API key sent from a browser (Origin, Sec-Fetch-Site) → 403 forbidden, without CORS headers', async () => {
    for (const headers of [{ Origin: browserOrigin }, { 'Sec-Fetch-Site': 'same-site' }] as Record<string, string>[]) {
      await onEveryRoute({ token: apiKey, headers }, (r) => {
        expectProblem(r, 403, 'forbidden')
        equal(r.headers.get('access-control-allow-origin'), null, `Access-Control-Allow-Origin (${Object.keys(headers)[0]})`)
      })
    }
  })

  test('a CORS preflight to a store route gets no Access-Control-Allow-Origin', async () => {
    for (const [method, path] of [
      ['POST', '/orders'],
      ['GET', `/members/mem_${fake}`],
      ['DELETE', `/members/mem_${fake}`],
    ] as const) {
      const r = await fetch(h.endpoint + path, {
        method: 'OPTIONS',
        headers: {
          Origin: browserOrigin,
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key, x-loyalkit-program',
        },
      })
      equal(r.headers.get('access-control-allow-origin'), null, `Access-Control-Allow-Origin of the preflight of ${method} ${path}`)
    }
  })

  test('the API key on a shopper route (GET /members/me) → 403 forbidden', async () => {
    expectProblem(await send('GET', '/members/me', { token: apiKey }), 403, 'forbidden')
  })
}
