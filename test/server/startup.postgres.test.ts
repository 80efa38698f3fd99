/**
 * A server starting on PostgreSQL waits for a database that does not answer yet (refused, reset, slow:
 * a replica restarting on a busy machine), saying so each time, and gives up at once on a refusal for
 * good (no such database) or after its deadline. Runs in the server-pg project only.
 */
import { createServer, type Socket, connect } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import type { Db } from '../../server/src/db/types.ts'
import { firstConnection, openPostgres } from '../../server/src/db/postgres.ts'
import { postgresUrl } from './helpers.ts'

const TIMEOUTS = { connectMs: 2_000, statementMs: 5_000, lockMs: 2_000, idleInTransactionMs: 10_000 }

/** A TCP proxy in front of the test PostgreSQL that hangs up on the first `drop` connections. */
async function flakyProxy(target: URL, drop: number) {
  let seen = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    if (++seen <= drop) return client.destroy()
    const upstream = connect(Number(target.port), target.hostname)
    sockets.add(upstream)
    client.pipe(upstream).pipe(client)
    const end = () => (client.destroy(), upstream.destroy())
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const url = new URL(target)
  url.hostname = '127.0.0.1'
  url.port = String((server.address() as { port: number }).port)
  return {
    url: url.toString(),
    connections: () => seen,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((done) => server.close(() => done()))
    },
  }
}

const closers: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const close of closers.reverse()) await close()
})

describe('the first connection to PostgreSQL', () => {
  it('is tried again while the database hangs up, and each miss is said', async () => {
    const proxy = await flakyProxy(new URL(await postgresUrl()), 2)
    closers.push(proxy.close)
    const said: string[] = []
    const db = await openPostgres(proxy.url, 2, TIMEOUTS, (m) => said.push(m))
    closers.push(() => db.close())
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }])
    expect(proxy.connections()).toBeGreaterThanOrEqual(3)
    expect(said).toHaveLength(2)
    expect(said[0]).toMatch(/^the database did not answer \(.+\); trying again in 250 ms$/)
  })

  it('gives up at once when the database refuses for good (no such database), with its reason', async () => {
    const url = new URL(await postgresUrl())
    url.pathname = '/no_such_database'
    const said: string[] = []
    const started = Date.now()
    await expect(openPostgres(url.toString(), 2, TIMEOUTS, (m) => said.push(m))).rejects.toMatchObject({ code: '3D000' })
    expect(said).toEqual([])
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('gives up after its deadline, with the last failure', async () => {
    let tries = 0
    const unreachable = {
      query: async () => {
        tries++
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
      },
    } as unknown as Db
    const said: string[] = []
    await expect(firstConnection(unreachable, (m) => said.push(m), 1_000)).rejects.toThrow('ECONNREFUSED')
    // 250 + 500 ms of pauses fit in the second; the next pause would not.
    expect(tries).toBe(3)
    expect(said).toHaveLength(2)
  })
})
