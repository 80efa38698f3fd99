/**
 * The retry policy ("Exactly once"), against msw:
 * - a POST is retried with its one Idempotency-Key on network errors, timeouts, 408, 409 and 5xx,
 *   with backoff and jitter, honouring Retry-After on 429/503 (a Retry-After longer than the client
 *   would wait is not cut short: no retry, the caller gets `retryAfter`);
 * - a POST is never retried on 400/401/403/404/422, and never without its key;
 * - a GET retries per ky defaults, within a total time limit.
 * Delays are kept small: ky's first backoff is ≤ 300 ms (full jitter), Retry-After is 1 s.
 */
import { delay, http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { createApi } from '../../src/core/api.ts'
import { createClient } from '../../src/core/client.ts'
import { withMemberActions } from '../../src/core/member-actions.ts'
import type { LoyaltyError } from '../../src/core/errors.ts'
import { ClaimResultSchema } from '../../src/core/schemas.ts'
import { ENDPOINT, PROGRAM_KEY, fakeToken, program } from '../fixtures.ts'
import { problem, url, useMsw, PROGRAM_PATH } from './msw.ts'

const server = useMsw()

type Reply = () => Response | Promise<Response>

const claimed = () => HttpResponse.json({ ruleId: 'newsletter', points: 25, balance: 125 }, { status: 201 })
const networkError: Reply = () => HttpResponse.error()
const status =
  (code: number, headers: Record<string, string> = {}): Reply =>
  () => {
    const r = problem(code, code == 409 ? 'idempotency_conflict' : code == 429 ? 'rate_limited' : 'server_error')
    for (const [k, v] of Object.entries(headers)) r.headers.set(k, v)
    return r
  }

/** Answers the n-th request with replies[n] (the last one repeats); records keys and times. */
function script(method: 'get' | 'post', path: string, replies: Reply[]) {
  const seen: { key: string | null; at: number }[] = []
  server.use(
    http[method](url(path), ({ request }) => {
      seen.push({ key: request.headers.get('Idempotency-Key'), at: performance.now() })
      return replies[Math.min(seen.length - 1, replies.length - 1)]!()
    }),
  )
  return {
    seen,
    get keys() {
      return seen.map((s) => s.key)
    },
    gaps: () => seen.slice(1).map((s, i) => s.at - seen[i]!.at),
  }
}

const client = (over: Partial<Parameters<typeof createClient>[0]> = {}) =>
  withMemberActions(createClient({ endpoint: ENDPOINT, program: PROGRAM_KEY, customer: { token: fakeToken() }, retries: 2, ...over }))

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => e as LoyaltyError,
  )

describe('POST retries (one Idempotency-Key per user action)', () => {
  it.each<[string, Reply]>([
    ['a network error', networkError],
    ['408', status(408)],
    ['409 (same key still running)', status(409)],
    ['500', status(500)],
    ['502', status(502)],
    ['503', status(503)],
    ['504', status(504)],
  ])('retries after %s with the same key', async (_, first) => {
    const s = script('post', '/members/me/claims', [first, claimed])
    const r = await client().claim('newsletter', 'key-action-1')
    expect(r.balance).toBe(125)
    expect(s.keys).toEqual(['key-action-1', 'key-action-1'])
    // Backoff: the first retry waits 0–300 ms (full jitter).
    expect(s.gaps()[0]).toBeLessThan(600)
  })

  it('retries after a per-attempt timeout with the same key', async () => {
    const s = script('post', '/members/me/claims', [async () => (await delay(400), claimed()), claimed])
    const r = await client({ timeout: 100 }).claim('newsletter', 'key-slow')
    expect(r.points).toBe(25)
    expect(s.keys).toEqual(['key-slow', 'key-slow'])
  })

  it('uses a fresh key per user action, reused by every retry of it', async () => {
    const s = script('post', '/members/me/claims', [status(503), claimed, status(502), claimed])
    const c = client()
    await c.claim('newsletter')
    await c.claim('newsletter')
    expect(s.keys).toHaveLength(4)
    expect(s.keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(s.keys[1]).toBe(s.keys[0])
    expect(s.keys[3]).toBe(s.keys[2])
    expect(s.keys[2]).not.toBe(s.keys[0])
  })

  it('gives up after the retry limit with a typed error, every attempt with the same key', async () => {
    const s = script('post', '/members/me/claims', [status(503)])
    const e = await failure(client({ retries: 2 }).claim('newsletter', 'key-down'))
    expect(e.code).toBe('server_error')
    expect(s.keys).toEqual(['key-down', 'key-down', 'key-down'])
  })

  it.each([
    [429, 'rate_limited'],
    [503, 'server_error'],
  ])('honours Retry-After on %i', async (code) => {
    const s = script('post', '/members/me/claims', [status(code, { 'Retry-After': '1' }), claimed])
    await client().claim('newsletter', 'key-after')
    expect(s.keys).toEqual(['key-after', 'key-after'])
    // Not the ≤ 300 ms backoff: the server's second, without jitter.
    expect(s.gaps()[0]).toBeGreaterThanOrEqual(950)
    expect(s.gaps()[0]).toBeLessThan(1600)
  })

  it('does not cut a long Retry-After short: no retry, the wait goes to the caller', async () => {
    const s = script('post', '/members/me/claims', [status(429, { 'Retry-After': '120' }), claimed])
    const started = performance.now()
    const e = await failure(client().claim('newsletter', 'key-limited'))
    expect(e.code).toBe('rate_limited')
    expect(e.retryAfter).toBe(120)
    expect(s.keys).toEqual(['key-limited'])
    expect(performance.now() - started).toBeLessThan(500)
  })

  it.each([
    [400, 'invalid_request'],
    [401, 'unauthorized'],
    [403, 'invalid_request'],
    [404, 'not_found'],
    [422, 'already_claimed'],
  ])('never retries a %i', async (code, expected) => {
    const s = script('post', '/members/me/claims', [() => problem(code, expected), claimed])
    // No getCustomerToken: a 401 has no renewal to try (that path is tested in client.test.ts).
    const e = await failure(client({ retries: 3 }).claim('newsletter', 'key-4xx'))
    expect(e.code).toBe(expected)
    expect(e.status).toBe(code)
    expect(s.keys).toEqual(['key-4xx'])
  })

  it('never retries a POST that has no Idempotency-Key', async () => {
    const s = script('post', '/members/me/claims', [status(503), claimed])
    const api = createApi({
      endpoint: ENDPOINT,
      program: PROGRAM_KEY,
      language: () => 'en',
      auth: () => async (renew) => (renew ? null : fakeToken()),
      retries: 2,
    })
    const e = await failure(api('claim', 'post', 'members/me/claims', ClaimResultSchema, { json: { ruleId: 'newsletter' }, auth: true }))
    expect(e.code).toBe('server_error')
    expect(s.keys).toEqual([null])
  })
})

describe('GET retries (ky defaults, total time limit)', () => {
  const programOk = () => HttpResponse.json(program)

  it.each<[string, Reply]>([
    ['a network error', networkError],
    ['408', status(408)],
    ['429', status(429)],
    ['500', status(500)],
    ['502', status(502)],
    ['503', status(503)],
    ['504', status(504)],
  ])('retries after %s', async (_, first) => {
    const s = script('get', PROGRAM_PATH, [first, programOk])
    const p = await client().program()
    expect(p.name).toBe(program.name)
    expect(s.seen).toHaveLength(2)
    expect(s.keys).toEqual([null, null])
  })

  it.each([400, 401, 403, 404])('does not retry a %i', async (code) => {
    const s = script('get', PROGRAM_PATH, [() => problem(code, 'invalid_request'), programOk])
    await failure(client({ retries: 3 }).program())
    expect(s.seen).toHaveLength(1)
  })

  it('stops at the total time limit (twice the per-attempt timeout), retries included', async () => {
    const s = script('get', PROGRAM_PATH, [async () => (await delay(2_000), programOk())])
    const started = performance.now()
    // Without a total limit: 6 attempts of 100 ms plus up to 0.3 + 0.6 + 1.2 + 2.4 + 4.8 s of backoff.
    const e = await failure(client({ retries: 5, timeout: 100 }).program())
    const took = performance.now() - started
    expect(e.code).toBe('timeout')
    expect(took).toBeGreaterThanOrEqual(190)
    expect(took).toBeLessThan(450)
    expect(s.seen.length).toBeLessThanOrEqual(2)
  })

  it('leaves no time-limit timer armed once the GET has answered (nothing outlives a destroyed widget)', async () => {
    script('get', PROGRAM_PATH, [programOk])
    const set = vi.spyOn(globalThis, 'setTimeout')
    const clear = vi.spyOn(globalThis, 'clearTimeout')
    try {
      await client({ timeout: 30_000 }).program()
      // Timers of 30 s and more are the per-attempt limit (ky) and the total limit (ours).
      const limits = set.mock.calls.flatMap(([, ms], i) => ((ms ?? 0) >= 30_000 ? [set.mock.results[i]!.value] : []))
      const cleared = new Set(clear.mock.calls.map(([id]) => id))
      expect(limits.length).toBeGreaterThanOrEqual(2)
      expect(limits.filter((id) => !cleared.has(id))).toEqual([])
    } finally {
      set.mockRestore()
      clear.mockRestore()
    }
  })

  it('is not cut short when the attempts are quick', async () => {
    const s = script('get', PROGRAM_PATH, [status(503), status(503), programOk])
    const p = await client({ retries: 2, timeout: 1_000 }).program()
    expect(p.key).toBe(PROGRAM_KEY)
    expect(s.seen).toHaveLength(3)
  })
})
