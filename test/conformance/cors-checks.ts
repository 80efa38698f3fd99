/**
 * Conformance checks of CORS, run only when the caller names an origin the program allows:
 * the preflight, CORS headers on GET /program, none for another origin, and the beacon of
 * a guest opening the widget from that origin.
 */
import { check, equal, type ConformanceContext } from './http.ts'

export function corsChecks(ctx: ConformanceContext, options: { program: string; origin: string }): void {
  const { endpoint, run, send, expectStatus, test } = ctx
  // ---- CORS (only when the caller names an allowed origin) ---------------

  const origin = options.origin
  test(`CORS preflight from ${origin} is allowed`, async () => {
    const r = await fetch(endpoint + '/members/me/redemptions', {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key, x-loyalkit-program',
      },
    })
    check(r.status == 200 || r.status == 204, `preflight status 200/204, got ${r.status}`)
    equal(r.headers.get('access-control-allow-origin'), origin, 'Access-Control-Allow-Origin')
    const methods = (r.headers.get('access-control-allow-methods') ?? '').toUpperCase()
    check(methods.includes('POST'), `Access-Control-Allow-Methods includes POST, got "${methods}"`)
    const allowed = (r.headers.get('access-control-allow-headers') ?? '').toLowerCase()
    for (const h of ['authorization', 'content-type', 'idempotency-key', 'x-loyalkit-program']) {
      check(allowed.includes(h) || allowed == '*', `Access-Control-Allow-Headers includes ${h}, got "${allowed}"`)
    }
  })
  test(`GET /program from ${origin} carries CORS headers`, async () => {
    const r = await send('GET', '/program', { headers: { Origin: origin } })
    expectStatus(r, 200, 'program')
    equal(r.headers.get('access-control-allow-origin'), origin, 'Access-Control-Allow-Origin')
    const exposed = (r.headers.get('access-control-expose-headers') ?? '').toLowerCase()
    for (const h of ['etag', 'retry-after', 'idempotent-replayed']) check(exposed.includes(h), `Access-Control-Expose-Headers includes ${h}`)
  })
  test('an origin the program does not allow gets no CORS headers', async () => {
    const r = await send('GET', '/program', { headers: { Origin: `https://conformance-${run}.invalid` } })
    equal(r.headers.get('access-control-allow-origin'), null, 'Access-Control-Allow-Origin')
  })
  test(`POST /programs/{key}/opens (a beacon from ${origin}, no header but Origin) → 204`, async () => {
    const r = await send('POST', `/programs/${encodeURIComponent(options.program)}/opens`, { program: null, idempotencyKey: null, headers: { Origin: origin } })
    expectStatus(r, 204, 'a counted open')
    equal(r.text, '', '204 body')
  })
}
