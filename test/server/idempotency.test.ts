import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Problem, RedemptionResult } from '../../src/core/contract.ts'
import type { RunningServer } from '../../server/src/start.ts'
import type { BeforeCommitHook } from '../../server/src/http/idempotency.ts'
import { createLogger } from '../../server/src/logger.ts'
import { API_KEY, call, me, order, signUp, start } from './helpers.ts'

/** Keys the test holds open inside their transaction, or makes fail once. */
const held = new Map<string, { entered: () => void; release: Promise<void> }>()
const failOnce = new Set<string>()
const beforeCommit: BeforeCommitHook = async ({ key }) => {
  if (failOnce.delete(key)) throw new Error('simulated crash before commit')
  const hold = held.get(key)
  if (hold) {
    hold.entered()
    await hold.release
  }
}

let server: RunningServer
const logLines: string[] = []
beforeAll(async () => {
  server = await start({ testHooks: { beforeCommit }, log: createLogger('error', { write: (line: string) => void logLines.push(line) }) })
})
afterAll(() => server?.close())

async function ledgerSum(memberId: string): Promise<number> {
  const [row] = await server.db.query<{ sum: number }>('SELECT COALESCE(SUM(points), 0)::int AS sum FROM ledger WHERE member_id = $1', [memberId])
  return row!.sum
}

describe('Idempotency-Key', () => {
  it('replays the stored response of a repeated request and applies it once', async () => {
    const { member, token } = await signUp(server)
    await order(server, { email: member.email }, 400)
    const key = randomUUID()
    const first = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'free-shipping' } })
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const firstBody = await first.text()
    const again = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'free-shipping' } })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('content-type')).toBe('application/json')
    expect(await again.text()).toBe(firstBody)
    expect((await me(server, token)).balance).toBe(200)
    expect(await ledgerSum(member.id)).toBe(200)
    expect((await me(server, token)).coupons).toHaveLength(1)
  })

  it('replays business errors too', async () => {
    const { member, token } = await signUp(server)
    const key = randomUUID()
    const first = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'free-shipping' } })
    expect(first.status).toBe(422)
    await order(server, { email: member.email }, 400)
    // Same action retried: same answer, even though the points are there now.
    const again = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'free-shipping' } })
    expect(again.status).toBe(422)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.headers.get('content-type')).toBe('application/problem+json')
    expect(((await again.json()) as Problem).code).toBe('insufficient_points')
  })

  it('422s when a key is reused for another request', async () => {
    const { token } = await signUp(server)
    const key = randomUUID()
    expect((await call(server, '/v1/members/me/claims', { token, key, body: { ruleId: 'newsletter' } })).status).toBe(201)
    const other = await call(server, '/v1/members/me/claims', { token, key, body: { ruleId: 'instagram' } })
    expect(other.status).toBe(422)
    expect(((await other.json()) as Problem).code).toBe('idempotency_conflict')
    const otherPath = await call(server, '/v1/members/me/redemptions', { token, key, body: { ruleId: 'newsletter' } })
    expect(otherPath.status).toBe(422)
    expect(((await otherPath.json()) as Problem).code).toBe('idempotency_conflict')
    // Another member replaying someone's key gets a conflict, never their response.
    const stranger = await signUp(server)
    const stolen = await call(server, '/v1/members/me/claims', { token: stranger.token, key, body: { ruleId: 'newsletter' } })
    expect(stolen.status).toBe(422)
    expect(((await stolen.json()) as Problem).code).toBe('idempotency_conflict')
  })

  it('ignores key order and whitespace of the JSON body', async () => {
    const key = randomUUID()
    const email = `order.${randomUUID().slice(0, 8)}@example.com`
    const a = await call(server, '/v1/members', { key, body: `{"email":"${email}","consent":{"terms":true,"marketing":false}}` })
    expect(a.status).toBe(201)
    const b = await call(server, '/v1/members', { key, body: `{ "consent": { "marketing": false, "terms": true }, "email": "${email}" }` })
    expect(b.status).toBe(201)
    expect(b.headers.get('idempotent-replayed')).toBe('true')
  })

  it('400s a POST without Idempotency-Key', async () => {
    const { token } = await signUp(server)
    for (const [path, body] of [
      ['/v1/members', { email: 'x@example.com', consent: { terms: true, marketing: false } }],
      ['/v1/members/me/claims', { ruleId: 'newsletter' }],
      ['/v1/members/me/redemptions', { rewardId: 'donate-backpacks' }],
      ['/v1/orders', { id: 'o1', customer: { email: 'x@example.com' }, amount: 1, currency: 'EUR' }],
      ['/_demo/token', { customerId: 'c', email: 'x@example.com' }],
    ] as const) {
      const r = await call(server, path, { token: path == '/v1/orders' ? API_KEY : token, key: null, body })
      expect(r.status, path).toBe(400)
      expect(((await r.json()) as Problem).code).toBe('invalid_request')
    }
    expect((await me(server, token)).balance).toBe(100)
  })

  it('409s while the first request with the key is still running', async () => {
    const { token } = await signUp(server)
    const key = randomUUID()
    let entered!: () => void
    let release!: () => void
    const inside = new Promise<void>((resolve) => (entered = resolve))
    held.set(key, { entered, release: new Promise<void>((resolve) => (release = resolve)) })
    const first = call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'donate-backpacks' } })
    await inside
    const during = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'donate-backpacks' } })
    expect(during.status).toBe(409)
    expect(during.headers.get('retry-after')).toBe('1')
    expect((await during.json()) as Problem).toMatchObject({ code: 'idempotency_conflict', retryAfter: 1 })
    const otherBody = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'free-shipping' } })
    expect(otherBody.status).toBe(422)
    release()
    held.delete(key)
    const done = await first
    expect(done.status).toBe(201)
    const after = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'donate-backpacks' } })
    expect(after.status).toBe(201)
    expect(after.headers.get('idempotent-replayed')).toBe('true')
    expect(((await after.json()) as RedemptionResult).redemption.id).toBe(((await done.json()) as RedemptionResult).redemption.id)
    expect((await me(server, token)).balance).toBe(0)
  })

  it('forgets the key after an unexpected error so a retry can proceed', async () => {
    const { member, token } = await signUp(server)
    const key = randomUUID()
    failOnce.add(key)
    logLines.length = 0
    const failed = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'donate-backpacks' } })
    expect(failed.status).toBe(500)
    // One log line for the operator, with the request id the answer carries; nothing of it in the answer.
    expect(logLines).toHaveLength(1)
    const line = JSON.parse(logLines[0]!) as { msg: string; method: string; path: string; status: number; reqId: string; err: { message: string } }
    expect(line).toMatchObject({
      msg: 'request failed',
      method: 'POST',
      path: '/v1/members/me/redemptions',
      status: 500,
      err: { message: 'simulated crash before commit' },
    })
    expect(line.reqId).toBe(failed.headers.get('x-request-id'))
    expect(logLines[0]).not.toContain(token)
    const text = await failed.text()
    expect(text).not.toContain('simulated')
    expect(text).not.toMatch(/at \S+ \(/)
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'server_error' })
    expect(await ledgerSum(member.id)).toBe(100)
    const retry = await call(server, '/v1/members/me/redemptions', { token, key, body: { rewardId: 'donate-backpacks' } })
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
    expect(await ledgerSum(member.id)).toBe(0)
  })
})
