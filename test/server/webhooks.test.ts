/**
 * Webhook delivery from the outbox: events emitted in a transaction reach a local
 * receiver signed the Standard Webhooks way (checked with the `standardwebhooks`
 * package), failures are retried on the schedule with the same webhook-id, then
 * given up; disabled endpoints and redirects get nothing delivered. Also: the
 * environment's endpoint, leases (at least once), the settings.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/src/config.ts'
import { createLogger } from '../../server/src/logger.ts'
import {
  addEndpoint,
  disableEndpoint,
  leaseDue,
  listEndpoints,
  purgeOld,
  recentDeliveries,
  recordAttempt,
  retryDelivery,
  setEnvEndpoint,
} from '../../server/src/repositories/webhooks.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { emit } from '../../server/src/webhooks/outbox.ts'
import { newSecret, sign } from '../../server/src/webhooks/signing.ts'
import { start } from './helpers.ts'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
const STEP = 200
const SCHEDULE = [STEP, STEP, STEP, STEP]
const SECRET = newSecret()

interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
  status: number
}

/** What the receiver answers to the `n`th request (1-based) of an event id on a path. */
type Plan = (n: number, path: string) => { status: number; location?: string }

/** A local webhook receiver: answers by each event's plan (200 when it has none) and keeps every request. */
async function receiver() {
  const received: Received[] = []
  const plans = new Map<string, Plan>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const id = String(req.headers['webhook-id'])
      const path = req.url ?? '/'
      const n = received.filter((r) => r.path == path && r.headers['webhook-id'] == id).length + 1
      const answer = plans.get(id)?.(n, path) ?? { status: 200 }
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: answer.status })
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end('ok')
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    received,
    plans,
    of: (id: string, path = '/hook') => received.filter((r) => r.path == path && r.headers['webhook-id'] == id),
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}

let hooks: Awaited<ReturnType<typeof receiver>>
let server: RunningServer
const logLines: string[] = []
beforeAll(async () => {
  hooks = await receiver()
  server = await start({
    webhookUrl: hooks.url + '/hook',
    webhookSecret: SECRET,
    webhookSchedule: SCHEDULE,
    webhookPollMs: 50,
    log: createLogger('info', { write: (line: string) => void logLines.push(line) }),
  })
})
afterAll(async () => {
  await server?.close()
  await hooks?.close()
})

/** Emits an event in a transaction (its plan registered before it commits), then nudges the worker. */
async function emitEvent(data: Record<string, unknown> = {}, plan?: Plan, during?: (tx: RunningServer['db'], id: string) => Promise<void>): Promise<string> {
  const id = await server.db.transaction(async (tx) => {
    const id = await emit(tx, server.deps.def.key, 'points.changed', { memberId: 'mem_test', delta: 10, balance: 110, ...data })
    if (plan) hooks.plans.set(id, plan)
    await during?.(tx, id)
    return id
  })
  server.deps.webhooks.nudge()
  return id
}

async function until(what: string, ready: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

const deliveriesOf = (eventId: string) =>
  server.db.query<{ id: number; endpoint_id: string; state: string; attempts: number; last_status: number | null; last_error: string | null }>(
    'SELECT id, endpoint_id, state, attempts, last_status, last_error FROM webhook_deliveries WHERE event_id = $1 ORDER BY id',
    [eventId],
  )
const attemptsOf = (deliveryId: number) =>
  server.db.query<{ attempt: number; status: number | null; error: string | null; duration_ms: number }>(
    'SELECT attempt, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id',
    [deliveryId],
  )
const envEndpointId = async () => (await listEndpoints(server.db, server.deps.def.key)).find((e) => e.name == 'LOYALKIT_WEBHOOK_URL' && !e.disabled_at)!.id
const webhookLogs = (eventId: string) => logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.eventId == eventId)

describe('webhook delivery', () => {
  it('retries a failing endpoint with the same webhook-id, every attempt signed, until one 2xx; then nothing more', async () => {
    const id = await emitEvent({ note: 'payload-marker-7f3a' }, (n) => ({ status: n <= 3 ? 500 : 200 }))
    await until('a 2xx', () => hooks.of(id).some((r) => r.status == 200))
    await sleep(4 * STEP + 300)
    const got = hooks.of(id)
    expect(got.map((r) => r.status)).toEqual([500, 500, 500, 200])
    const [stored] = await server.db.query<{ payload: string }>('SELECT payload FROM webhook_events WHERE id = $1', [id])
    const verifier = new Webhook(SECRET)
    for (const r of got) {
      expect(r.headers['webhook-id']).toBe(id)
      expect(r.headers['content-type']).toBe('application/json')
      expect(r.headers['user-agent']).toBe('Loyalkit-Webhooks/1')
      expect(r.headers['webhook-timestamp']).toMatch(/^\d{10}$/)
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30)
      expect(r.body).toBe(stored!.payload)
      expect(verifier.verify(r.body, r.headers as Record<string, string>)).toMatchObject({ type: 'points.changed', data: { note: 'payload-marker-7f3a' } })
    }
    // Another secret does not verify.
    expect(() => new Webhook(newSecret()).verify(got[0]!.body, got[0]!.headers as Record<string, string>)).toThrow()

    const [delivery] = await deliveriesOf(id)
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 4, last_status: 200, last_error: null })
    const attempts = await attemptsOf(delivery!.id)
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ])
    // One log line per attempt, with what an operator needs and never the payload.
    const lines = webhookLogs(id)
    expect(lines.map((l) => [l.attempt, l.status, l.msg])).toEqual([
      [1, 500, 'webhook attempt failed'],
      [2, 500, 'webhook attempt failed'],
      [3, 500, 'webhook attempt failed'],
      [4, 200, 'webhook delivered'],
    ])
    expect(lines[0]).toMatchObject({ type: 'points.changed', endpointId: delivery!.endpoint_id, retryInMs: STEP })
    expect(typeof lines[0]!.ms).toBe('number')
    expect(logLines.join('\n')).not.toContain('payload-marker-7f3a')
  })

  it('marks a delivery failed once the schedule is exhausted; a retry sends it once more', async () => {
    let answer = 503
    const id = await emitEvent({}, () => ({ status: answer }))
    await until('failed', async () => (await deliveriesOf(id))[0]?.state == 'failed')
    const [delivery] = await deliveriesOf(id)
    expect(delivery).toMatchObject({ attempts: SCHEDULE.length + 1, last_status: 503 })
    expect((await attemptsOf(delivery!.id)).map((a) => a.status)).toEqual(Array(SCHEDULE.length + 1).fill(503))
    expect(webhookLogs(id).at(-1)).toMatchObject({ msg: 'webhook failed: retries exhausted', level: 50 })
    await sleep(3 * STEP)
    expect(hooks.of(id)).toHaveLength(SCHEDULE.length + 1)

    // A console's "send again": one more attempt, same webhook-id.
    answer = 204
    expect(await retryDelivery(server.db, server.deps.def.key, delivery!.id)).toBe(true)
    server.deps.webhooks.nudge()
    await until('delivered', async () => (await deliveriesOf(id))[0]?.state == 'delivered')
    expect(hooks.of(id).map((r) => r.status)).toEqual([...Array(SCHEDULE.length + 1).fill(503), 204])
    const [recent] = await recentDeliveries(server.db, server.deps.def.key, { eventId: id })
    expect(recent).toMatchObject({ event_id: id, type: 'points.changed', state: 'delivered', attempts: SCHEDULE.length + 2 })
    expect(recent!.attempt_list.map((a) => a.status)).toEqual([...Array(SCHEDULE.length + 1).fill(503), 204])
    expect(recent!.attempt_list[0]).toMatchObject({ attempt: 1, error: null })
    expect(recent).not.toHaveProperty('payload')
  })

  it('sends nothing to a disabled endpoint', async () => {
    const key = server.deps.def.key
    const other = await addEndpoint(server.db, key, { id: 'ep_other_' + Date.now(), url: hooks.url + '/other', secret: newSecret() })

    // Disabled before its delivery was due: the pending delivery fails, unsent.
    const first = await emitEvent({}, undefined, async (tx) => void (await disableEndpoint(tx, key, other.id)))
    // Disabled in a way that left its delivery pending (another replica's event committing meanwhile): still unsent.
    const second = await addEndpoint(server.db, key, { id: 'ep_second_' + Date.now(), url: hooks.url + '/second', secret: newSecret() })
    const raced = await emitEvent(
      {},
      undefined,
      async (tx) => void (await tx.query('UPDATE webhook_endpoints SET disabled_at = now() WHERE id = $1', [second.id])),
    )
    // Created after it was disabled: no delivery at all.
    const later = await emitEvent()

    for (const id of [first, raced, later]) await until('the active endpoint', () => hooks.of(id).length == 1)
    await sleep(3 * STEP)
    expect(hooks.received.filter((r) => r.path != '/hook')).toEqual([])
    const env = await envEndpointId()
    const byEndpoint = (rows: Awaited<ReturnType<typeof deliveriesOf>>) =>
      rows.map((d) => [d.endpoint_id, d.state, d.attempts, d.last_error]).sort((x, y) => (x[0] == env ? -1 : y[0] == env ? 1 : 0))
    expect(byEndpoint(await deliveriesOf(first))).toEqual([
      [env, 'delivered', 1, null],
      [other.id, 'failed', 0, 'endpoint disabled'],
    ])
    expect((await deliveriesOf(raced)).find((d) => d.endpoint_id == second.id)).toMatchObject({ state: 'pending', attempts: 0 })
    expect((await deliveriesOf(later)).map((d) => d.endpoint_id)).toEqual([env])
    expect(await disableEndpoint(server.db, key, other.id)).toBe(false)
    expect(await retryDelivery(server.db, key, (await deliveriesOf(first)).find((d) => d.endpoint_id == other.id)!.id)).toBe(false)
  })

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const id = await emitEvent({}, (_, path) => (path == '/hook' ? { status: 302, location: hooks.url + '/moved' } : { status: 200 }))
    await until('failed', async () => (await deliveriesOf(id))[0]?.state == 'failed')
    expect(hooks.of(id).map((r) => r.status)).toEqual(Array(SCHEDULE.length + 1).fill(302))
    expect(hooks.received.filter((r) => r.path == '/moved')).toEqual([])
    const attempts = await attemptsOf((await deliveriesOf(id))[0]!.id)
    expect(attempts.every((a) => a.status == 302 && a.error == 'redirect (not followed)')).toBe(true)
  })

  it('records an unreachable endpoint as an error without a status', async () => {
    const key = server.deps.def.key
    // A port that was just free: nothing listens there.
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((done) => closed.close(() => done()))
    const dead = await addEndpoint(server.db, key, { id: 'ep_dead_' + Date.now(), url: `http://127.0.0.1:${port}/hook`, secret: newSecret() })
    try {
      const id = await emitEvent()
      await until('an attempt', async () => ((await deliveriesOf(id)).find((d) => d.endpoint_id == dead.id)?.attempts ?? 0) >= 1)
      await until('it recorded', async () => (await deliveriesOf(id)).find((d) => d.endpoint_id == dead.id)?.last_error != null)
      expect((await deliveriesOf(id)).find((d) => d.endpoint_id == dead.id)).toMatchObject({ last_status: null, last_error: 'ECONNREFUSED' })
    } finally {
      await disableEndpoint(server.db, key, dead.id)
    }
  })
})

describe('webhook endpoints and leases (SQL)', () => {
  // Another program in the same database: the server's worker delivers its own program's events only.
  const OTHER = 'pk_webhooks_other'

  it('the environment variable owns one endpoint: kept, its secret rotated, replaced, removed', async () => {
    const db = server.db
    const a = { id: 'ep_env_a', url: 'https://a.example/hook', secret: newSecret() }
    expect(await setEnvEndpoint(db, OTHER, 'LOYALKIT_WEBHOOK_URL', a)).toBe(0)
    expect(await setEnvEndpoint(db, OTHER, 'LOYALKIT_WEBHOOK_URL', { ...a, id: 'ep_env_a2' })).toBe(0)
    // Same URL, new secret: the same endpoint (its pending deliveries go on), signed with the new secret.
    const rotated = newSecret()
    expect(await setEnvEndpoint(db, OTHER, 'LOYALKIT_WEBHOOK_URL', { ...a, id: 'ep_env_a3', secret: rotated })).toBe(0)
    expect((await listEndpoints(db, OTHER)).map((e) => [e.id, e.name, e.url, e.disabled_at])).toEqual([['ep_env_a', 'LOYALKIT_WEBHOOK_URL', a.url, null]])
    expect((await db.query<{ secret: string }>('SELECT secret FROM webhook_endpoints WHERE id = $1', ['ep_env_a']))[0]!.secret).toBe(rotated)
    expect(await listEndpoints(db, OTHER)).not.toContainEqual(expect.objectContaining({ secret: expect.anything() }))

    // Another endpoint (a console's) is never touched by the variable.
    await addEndpoint(db, OTHER, { id: 'ep_console', url: 'https://console.example/hook', secret: newSecret() })
    // A new URL: the old endpoint disabled, the new one added.
    expect(await setEnvEndpoint(db, OTHER, 'LOYALKIT_WEBHOOK_URL', { id: 'ep_env_b', url: 'https://b.example/hook', secret: newSecret() })).toBe(1)
    const active = async () => (await listEndpoints(db, OTHER)).filter((e) => !e.disabled_at).map((e) => e.id)
    expect(await active()).toEqual(['ep_console', 'ep_env_b'])
    // The variable removed: its endpoint disabled.
    expect(await setEnvEndpoint(db, OTHER, 'LOYALKIT_WEBHOOK_URL', undefined)).toBe(1)
    expect(await active()).toEqual(['ep_console'])
    // The variable set to the console endpoint's URL: that endpoint becomes the variable's.
    expect(await setEnvEndpoint(db, OTHER, 'LOYALKIT_WEBHOOK_URL', { id: 'ep_env_c', url: 'https://console.example/hook', secret: newSecret() })).toBe(0)
    expect((await listEndpoints(db, OTHER)).filter((e) => !e.disabled_at).map((e) => [e.id, e.name])).toEqual([['ep_console', 'LOYALKIT_WEBHOOK_URL']])
    await setEnvEndpoint(db, OTHER, 'LOYALKIT_WEBHOOK_URL', undefined)
  })

  it('a lease keeps other replicas off until it expires; then the delivery goes again and the stale attempt loses', async () => {
    const db = server.db
    await addEndpoint(db, OTHER, { id: 'ep_lease', url: 'https://lease.example/hook', secret: newSecret() })
    const id = await db.transaction((tx) => emit(tx, OTHER, 'member.created', { memberId: 'mem_lease', email: 'lease@example.com' }))
    const [first, ...more] = await leaseDue(db, OTHER, 10, 0.3)
    expect(more).toEqual([])
    expect(first).toMatchObject({ event_id: id, type: 'member.created', endpoint_id: 'ep_lease', url: 'https://lease.example/hook', attempt: 1 })
    expect(JSON.parse(first!.payload)).toMatchObject({ type: 'member.created', data: { memberId: 'mem_lease' } })
    // Leased: another replica finds nothing due.
    expect(await leaseDue(db, OTHER, 10, 0.3)).toEqual([])
    // The holder died mid-attempt: after the lease, the same delivery (same event id) is due again.
    await sleep(400)
    const [second] = await leaseDue(db, OTHER, 10, 60)
    expect(second).toMatchObject({ id: first!.id, event_id: id, attempt: 2 })
    // The first holder comes back late: its attempt is kept, its outcome is not.
    const late = { deliveryId: first!.id, attempt: 1, status: 200, error: null, durationMs: 5, outcome: { state: 'delivered' } as const }
    expect(await recordAttempt(db, late)).toBe(false)
    expect(await recordAttempt(db, { ...late, attempt: 2, status: 500, outcome: { state: 'pending', retryInMs: 60_000 } })).toBe(true)
    const [row] = await recentDeliveries(db, OTHER, { eventId: id })
    expect(row).toMatchObject({ state: 'pending', attempts: 2, last_status: 500 })
    expect(row!.attempt_list.map((a) => [a.attempt, a.status])).toEqual([
      [1, 200],
      [2, 500],
    ])
    expect(Date.parse(row!.next_at) - Date.now()).toBeGreaterThan(50_000)
    expect(await leaseDue(db, OTHER, 10, 60)).toEqual([])
    await disableEndpoint(db, OTHER, 'ep_lease')
  })
})

describe('webhook signatures', () => {
  it('are what the standardwebhooks package computes and verifies', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const body = '{"type":"points.changed","timestamp":"2024-01-01T00:00:00.000Z","data":{"memberId":"mem_1"}}'
    const timestamp = Math.floor(Date.now() / 1000)
    const signature = sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp, body)
    expect(signature).toBe(new Webhook(secret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(timestamp * 1000), body))
    const headers = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
    expect(() => new Webhook(secret).verify(body.replace('mem_1', 'mem_2'), headers)).toThrow()
    expect(newSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(newSecret().slice(6), 'base64')).toHaveLength(32)
  })
})

describe('webhook settings', () => {
  const load = (env: Record<string, string>) => loadConfig({ LOYALKIT_PROGRAM: 'program.json', ...env }, 'demo')
  const secret = newSecret()

  it('takes an https URL, or http to loopback, with a whsec_ secret', () => {
    expect(load({}).webhook).toBeUndefined()
    expect(load({ LOYALKIT_WEBHOOK_URL: 'https://shop.example/hooks/loyalty', LOYALKIT_WEBHOOK_SECRET: secret }).webhook).toEqual({
      url: 'https://shop.example/hooks/loyalty',
      secret,
    })
    for (const url of ['http://127.0.0.1:9000/h', 'http://localhost/h', 'http://[::1]:8080/h']) {
      expect(load({ LOYALKIT_WEBHOOK_URL: url, LOYALKIT_WEBHOOK_SECRET: secret }).webhook?.url).toBe(url)
    }
  })

  it('refuses one without the other, other URLs and weak secrets, in one line', () => {
    const refused = (env: Record<string, string>, message: RegExp) => {
      expect(() => load(env)).toThrow(ConfigError)
      expect(() => load(env)).toThrow(message)
      try {
        load(env)
      } catch (e) {
        expect((e as Error).message).not.toContain('\n')
      }
    }
    refused({ LOYALKIT_WEBHOOK_URL: 'https://shop.example/h' }, /^LOYALKIT_WEBHOOK_URL and LOYALKIT_WEBHOOK_SECRET go together/)
    refused({ LOYALKIT_WEBHOOK_SECRET: secret }, /go together/)
    for (const url of ['http://shop.example/h', 'http://10.0.0.5/h', 'ftp://shop.example/h', 'https://user:pw@shop.example/h', 'shop.example/h']) {
      refused({ LOYALKIT_WEBHOOK_URL: url, LOYALKIT_WEBHOOK_SECRET: secret }, /^LOYALKIT_WEBHOOK_URL must be an https:\/\/ URL/)
    }
    for (const s of ['whsec_' + Buffer.alloc(16).toString('base64'), secret.slice(6), 'whsec_not base64!']) {
      refused({ LOYALKIT_WEBHOOK_URL: 'https://shop.example/h', LOYALKIT_WEBHOOK_SECRET: s }, /^LOYALKIT_WEBHOOK_SECRET must be whsec_/)
    }
  })
})

describe('retention', () => {
  it('forgets events older than 30 days once nothing waits to send them; pending ones stay', async () => {
    const s = await start()
    try {
      const program = s.deps.def.key
      const endpoint = await addEndpoint(s.db, program, { id: 'ep_retention', url: 'http://127.0.0.1:9/hooks', secret: SECRET })
      const sent = await s.db.transaction((tx) => emit(tx, program, 'member.erased', { memberId: 'mem_a' }))
      const waiting = await s.db.transaction((tx) => emit(tx, program, 'member.erased', { memberId: 'mem_b' }))
      await s.db.query(`UPDATE webhook_deliveries SET state = 'delivered' WHERE event_id = $1`, [sent])
      await s.db.query(`UPDATE webhook_events SET created_at = now() - interval '31 days'`)
      await purgeOld(s.db, program, 30)
      const left = await s.db.query<{ id: string }>('SELECT id FROM webhook_events ORDER BY id')
      expect(left.map((e) => e.id)).toEqual([waiting])
      expect(await s.db.query('SELECT 1 FROM webhook_deliveries WHERE event_id = $1', [sent])).toEqual([])
      await disableEndpoint(s.db, program, endpoint.id)
    } finally {
      await s.close()
    }
  })
})
