import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { call, signUp, start, uniqueEmail } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start({ allowedOrigins: ['https://shop.example'] })
})
afterAll(() => server?.close())

describe('CORS', () => {
  it('answers allowed origins with CORS headers', async () => {
    for (const origin of ['http://localhost:8787', 'http://127.0.0.1:8787', 'https://shop.example']) {
      const r = await call(server, '/v1/program', { headers: { Origin: origin } })
      expect(r.status).toBe(200)
      expect(r.headers.get('access-control-allow-origin')).toBe(origin)
      expect(r.headers.get('access-control-expose-headers')!.split(/, */)).toEqual(['Retry-After', 'ETag', 'Idempotent-Replayed', 'X-Request-Id'])
      expect(r.headers.get('vary')).toContain('Origin')
      expect(r.headers.get('access-control-allow-credentials')).toBeNull()
    }
  })

  it('treats the server’s own origin as allowed', async () => {
    const r = await call(server, '/v1/program', { headers: { Origin: server.url } })
    expect(r.status).toBe(200)
    expect(r.headers.get('access-control-allow-origin')).toBe(server.url)
  })

  it('refuses other origins with 403 and no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost:8788']) {
      const r = await call(server, '/v1/program', { headers: { Origin: origin } })
      expect(r.status, origin).toBe(403)
      expect(r.headers.get('access-control-allow-origin')).toBeNull()
      expect(r.headers.get('content-type')).toBe('application/problem+json')
      expect(((await r.json()) as Problem).code).toBe('invalid_request')
    }
    const post = await call(server, '/v1/members', {
      headers: { Origin: 'https://evil.example' },
      body: { email: uniqueEmail(), consent: { terms: true, marketing: false } },
    })
    expect(post.status).toBe(403)
  })

  it('answers preflights for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(server.url + '/v1/members/me/redemptions', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key, x-loyalkit-program',
        },
      })
    const ok = await preflight('https://shop.example')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(ok.headers.get('access-control-allow-methods')!.split(/, */)).toEqual(['GET', 'POST', 'OPTIONS'])
    const allowed = ok.headers.get('access-control-allow-headers')!.toLowerCase().split(/, */)
    for (const h of ['content-type', 'authorization', 'idempotency-key', 'x-loyalkit-program', 'accept-language', 'if-none-match']) {
      expect(allowed).toContain(h)
    }
    expect(Number(ok.headers.get('access-control-max-age'))).toBeGreaterThan(0)
    const denied = await preflight('https://evil.example')
    expect(denied.status).toBe(403)
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('request bodies', () => {
  it('413s bodies over 16 KB', async () => {
    const r = await call(server, '/v1/members', { body: { email: uniqueEmail(), consent: { terms: true, marketing: false }, name: 'x'.repeat(17 * 1024) } })
    expect(r.status).toBe(413)
    expect(((await r.json()) as Problem).code).toBe('invalid_request')
  })

  it('413s oversized chunked bodies without a Content-Length', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url)
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/v1/members',
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Loyalkit-Program': 'pk_demo_trailpack', 'Idempotency-Key': 'chunked-413' },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode!)
        },
      )
      req.on('error', reject)
      req.write('{"email":"' + 'a'.repeat(10_000))
      req.write('b'.repeat(10_000) + '"}')
      req.end()
    })
    expect(status).toBe(413)
  })

  it('415s bodies that are not JSON', async () => {
    const r = await fetch(server.url + '/v1/members', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Loyalkit-Program': 'pk_demo_trailpack', 'Idempotency-Key': 'k-415' },
      body: 'email=a@b.c',
    })
    expect(r.status).toBe(415)
    expect(r.headers.get('content-type')).toBe('application/problem+json')
    expect(((await r.json()) as Problem).code).toBe('invalid_request')
  })

  it('400s malformed JSON and non-object bodies', async () => {
    for (const body of ['{"email":', '[]', '"text"', 'null', '']) {
      const r = await call(server, '/v1/members', { body, headers: { 'Content-Type': 'application/json; charset=utf-8' } })
      expect(r.status, body).toBe(400)
      expect(((await r.json()) as Problem).code).toBe('invalid_request')
    }
  })

  it('sets nosniff on API responses, errors included', async () => {
    const { token } = await signUp(server)
    for (const r of [
      await call(server, '/v1/members/me', { token }),
      await call(server, '/v1/nowhere'),
      await call(server, '/v1/program', { program: null }),
    ]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })
})
