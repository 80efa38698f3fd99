/**
 * Two servers on one PostgreSQL schema deliver one outbox: 200 events reach the
 * receiver once each (leases with SKIP LOCKED keep the replicas off each other's
 * deliveries). Runs in the server-pg project only.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/src/logger.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { emit } from '../../server/src/webhooks/outbox.ts'
import { newSecret } from '../../server/src/webhooks/signing.ts'
import { freshSchema, start } from './helpers.ts'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
const EVENTS = 200

describe('webhook delivery by two replicas on one PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('delivers each of 200 events exactly once, spread over both', async () => {
    // The receiver answers 200 after a short wait, so posts overlap and both replicas have work.
    const received: { id: string; body: string; headers: Record<string, string> }[] = []
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), body: Buffer.concat(chunks).toString('utf8'), headers: req.headers as Record<string, string> })
        setTimeout(() => res.writeHead(200).end(), 10)
      })
    })
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
    cleanups.push(() => new Promise<void>((done) => receiver.close(() => done())))

    const schema = await freshSchema()
    cleanups.push(schema.drop)
    const secret = newSecret()
    const logs: string[][] = [[], []]
    const replicas: RunningServer[] = []
    for (const lines of logs) {
      const server = await start({
        databaseUrl: schema.url,
        webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        webhookSecret: secret,
        webhookSchedule: [200, 200, 200],
        webhookPollMs: 50,
        log: createLogger('info', { write: (line: string) => void lines.push(line) }),
      })
      replicas.push(server)
      cleanups.push(() => server.close())
    }
    const [a, b] = replicas as [RunningServer, RunningServer]
    // Both started with the same variables: one endpoint.
    expect((await a.db.query('SELECT id FROM webhook_endpoints WHERE disabled_at IS NULL')).length).toBe(1)

    const ids = await a.db.transaction(async (tx) => {
      const out: string[] = []
      for (let i = 0; i < EVENTS; i++) out.push(await emit(tx, a.deps.def.key, 'points.changed', { memberId: `mem_${i}`, delta: i, balance: i }))
      return out
    })
    a.deps.webhooks.nudge()
    b.deps.webhooks.nudge()

    const deadline = Date.now() + 20_000
    while (new Set(received.map((r) => r.id)).size < EVENTS && Date.now() < deadline) await sleep(20)
    // A few more poll rounds: a second delivery of anything would show now.
    await sleep(500)

    expect(received).toHaveLength(EVENTS)
    expect(new Set(received.map((r) => r.id))).toEqual(new Set(ids))
    const verifier = new Webhook(secret)
    for (const r of received) expect(verifier.verify(r.body, r.headers)).toMatchObject({ type: 'points.changed' })

    const states = await a.db.query<{ state: string; attempts: number; n: number }>(
      'SELECT state, attempts, COUNT(*)::int AS n FROM webhook_deliveries GROUP BY state, attempts',
    )
    expect(states).toEqual([{ state: 'delivered', attempts: 1, n: EVENTS }])
    expect((await a.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM webhook_attempts'))[0]!.n).toBe(EVENTS)

    const delivered = logs.map((lines) => lines.filter((l) => (JSON.parse(l) as { msg: string }).msg == 'webhook delivered').length)
    console.log(`webhook deliveries per replica: ${delivered.join(' + ')} = ${EVENTS}`)
    expect(delivered[0]! + delivered[1]!).toBe(EVENTS)
  })
})
