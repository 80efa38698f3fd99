import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { ENDPOINT, member, program, PROGRAM_KEY } from '../fixtures.ts'

/** Contract-shaped problem response. */
export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  HttpResponse.json(
    { type: 'about:blank', title: code, status, code, ...extra },
    {
      status,
      headers: { 'Content-Type': 'application/problem+json' },
    },
  )

export const url = (path: string) => ENDPOINT + path
/** Where the client fetches the program: by its key in the address (no custom header, no preflight). */
export const PROGRAM_PATH = '/programs/' + PROGRAM_KEY

/** Default happy handlers; tests override with server.use(). */
export const handlers = [
  http.get(url(PROGRAM_PATH), () => HttpResponse.json(program)),
  // The views count a guest's first open (a beacon); nothing to answer but 204. happy-dom's
  // sendBeacon sends a preflight first, which a browser does not for a bodiless POST.
  http.post(url(PROGRAM_PATH + '/opens'), () => new HttpResponse(null, { status: 204 })),
  http.options(url(PROGRAM_PATH + '/opens'), () => new HttpResponse(null, { status: 204, headers: { 'Access-Control-Allow-Origin': '*' } })),
  http.get(url('/members/me'), () => HttpResponse.json(member())),
  http.get(url('/referrals/:code'), ({ params }) =>
    HttpResponse.json({ code: params.code, friend: { kind: 'percent_off', value: 10, description: '10 % off your first order' } }),
  ),
  http.get(url('/members/me/activity'), () => HttpResponse.json({ entries: [], nextCursor: null })),
  http.post(url('/members'), async ({ request }) => {
    const body = (await request.json()) as { email: string; name?: string }
    return HttpResponse.json({ member: member({ email: body.email, name: body.name ?? null }), token: 'a.b.c' }, { status: 201 })
  }),
]

export function useMsw() {
  const server = setupServer(...handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}
