/**
 * Secret API keys: the store's server calls the store routes with one; a browser
 * never can, a customer token cannot stand in for one, and a key cannot be used
 * as a customer token. Keys are stored hashed; changing LOYALKIT_API_KEY rotates.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem } from '../../src/core/contract.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { loadConfig } from '../../server/src/config.ts'
import { createLogger } from '../../server/src/logger.ts'
import { startServer, type RunningServer } from '../../server/src/start.ts'
import { API_KEY, call, signUp, start } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

describe('the store routes', () => {
  it('answer the key, and refuse a browser whatever it holds (no CORS headers, 403 on the preflight too)', async () => {
    expect((await call(server, '/v1/members?email=a@example.com', { token: API_KEY })).status).toBe(200)
    const fromPage = await call(server, '/v1/members?email=a@example.com', { token: API_KEY, headers: { Origin: 'http://localhost:8787' } })
    expect(fromPage.status).toBe(403)
    expect(((await fromPage.json()) as Problem).code).toBe('forbidden')
    expect(fromPage.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await fetch(server.url + '/v1/orders', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8787', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    // The shopper's sign-up on the same path keeps its CORS.
    const signupPreflight = await fetch(server.url + '/v1/members', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8787', 'Access-Control-Request-Method': 'POST' },
    })
    expect(signupPreflight.status).toBe(204)
    expect(signupPreflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8787')
  })

  it('tell a customer token from a key, and a key sent to a shopper route is refused as such', async () => {
    const { token } = await signUp(server)
    const withToken = await call(server, '/v1/members?email=a@example.com', { token })
    expect(withToken.status).toBe(401)
    expect(((await withToken.json()) as Problem).detail).toMatch(/secret API key, not a customer token/)
    const keyAsShopper = await call(server, '/v1/members/me', { token: API_KEY })
    expect(keyAsShopper.status).toBe(403)
    expect(((await keyAsShopper.json()) as Problem).detail).toMatch(/customer token/)
  })

  it('store keys hashed, never in the clear', async () => {
    const rows = await server.db.query<{ hash: string; prefix: string }>('SELECT hash, prefix FROM api_keys')
    expect(rows).toEqual([{ hash: createHash('sha256').update(API_KEY).digest('hex'), prefix: API_KEY.slice(0, 10) }])
  })
})

describe('path parameters of the store routes', () => {
  it('answer 404 for ids no store could have given (NUL, controls, very long, odd encodings), never 500', async () => {
    const odd = ['%00', 'a%00b', '%07', '%1b', 'x'.repeat(300), '%E0%A4%A', '%FF%FE', encodeURIComponent("' OR '1'='1"), encodeURIComponent('a\u202eb')]
    for (const id of odd) {
      for (const [method, path, body] of [
        ['GET', `/v1/orders/${id}`],
        ['POST', `/v1/orders/${id}/refunds`, { amount: 1 }],
        ['GET', `/v1/coupons/${id}`],
        ['POST', `/v1/coupons/${id}/uses`, { orderId: 'o1' }],
        ['GET', `/v1/members/${id}`],
        ['DELETE', `/v1/members/${id}`],
        ['GET', `/v1/members/${id}/export`],
        ['POST', `/v1/members/${id}/adjustments`, { points: 1, reason: 'x' }],
        ['POST', `/v1/members/${id}/consent`, { marketing: true }],
      ] as const) {
        const r = await call(server, path, { method, token: API_KEY, ...(body && { body }) })
        expect(r.status, `${method} ${path}`).toBe(404)
      }
    }
  })
})

describe('LOYALKIT_API_KEY', () => {
  it('rotates: the new key works after a restart, the old one is revoked; rolling back brings it back', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'loyalkit-keys-'))
    const env = {
      LOYALKIT_SECRET: 'keys-test-secret-0123456789abcdef0123',
      LOYALKIT_PROGRAM: DEMO_PROGRAM,
      LOYALKIT_ALLOWED_HOSTS: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
    }
    const first = 'lk_sk_first_' + 'a'.repeat(32)
    const second = 'lk_sk_second_' + 'b'.repeat(32)
    const lookup = (s: RunningServer, key: string) => call(s, '/v1/members?email=a@example.com', { token: key }).then((r) => r.status)
    try {
      let s = await startServer(loadConfig({ ...env, LOYALKIT_API_KEY: first }, 'production'), { log: createLogger('silent') })
      expect(await lookup(s, first)).toBe(200)
      await s.close()
      s = await startServer(loadConfig({ ...env, LOYALKIT_API_KEY: second }, 'production'), { log: createLogger('silent') })
      expect(await lookup(s, second)).toBe(200)
      expect(await lookup(s, first)).toBe(401)
      await s.close()
      // Rolled back: the first key is active again, the second revoked.
      s = await startServer(loadConfig({ ...env, LOYALKIT_API_KEY: first }, 'production'), { log: createLogger('silent') })
      expect(await lookup(s, first)).toBe(200)
      expect(await lookup(s, second)).toBe(401)
      await s.close()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
