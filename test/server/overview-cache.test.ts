/**
 * The console's Overview is answered from its latest computation while a new one runs behind it: no
 * request waits for that one, its failure is logged and keeps the last good figures, and a computation
 * that ends after a newer one replaces nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { OVERVIEW_MAX_AGE_MS, overviewCache, type OverviewCache } from '../../server/src/admin/overview.ts'
import type { Db } from '../../server/src/db/index.ts'
import { createLogger } from '../../server/src/logger.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { start } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())
afterEach(() => vi.restoreAllMocks())

/** The server's database, whose queries can be held (then let go or failed) or failed at once. */
function gatedDb(db: Db) {
  let mode: 'pass' | 'hold' | 'fail' = 'pass'
  let held: { go(): void; fail(): void }[] = []
  const query = async (...args: unknown[]) => {
    if (mode == 'fail') throw new Error('the database is gone')
    if (mode == 'hold') await new Promise<void>((go, fail) => held.push({ go, fail: () => fail(new Error('the database is gone')) }))
    return (db.query as (...a: unknown[]) => Promise<unknown>)(...args)
  }
  const gated = new Proxy(db, { get: (target, name) => (name == 'query' ? query : Reflect.get(target, name)) })
  return {
    db: gated,
    set: (m: typeof mode) => void (mode = m),
    /** Lets the held queries go on (`true`) or fail them. */
    release(ok: boolean) {
      const now = held
      held = []
      for (const h of now) ok ? h.go() : h.fail()
    },
    heldCount: () => held.length,
  }
}

/** Date.now(), moved forward from here on. */
function clock() {
  const real = Date.now.bind(Date)
  let ahead = 0
  vi.spyOn(Date, 'now').mockImplementation(() => real() + ahead)
  return (ms: number) => void (ahead += ms)
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms))
/** What `p` gives within 200 ms, or 'waited'. */
const within200 = <T>(p: Promise<T>) => Promise.race([p, pause(200).then(() => 'waited' as const)])
/** Until `check` holds (a computation is a few queries long). */
async function until(check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 300 && !(await check()); i++) await pause(10)
  expect(await check()).toBe(true)
}

function setUp() {
  const gate = gatedDb(server.db)
  const warnings: string[] = []
  const log = createLogger('warn', { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) })
  const cache: OverviewCache = overviewCache(gate.db, server.deps.def, log)
  const computedAt = async () => (await cache.get(7, 'en')).computedAt
  return { gate, warnings, cache, computedAt, advance: clock() }
}

describe('the Overview cache', () => {
  it('answers a stale Overview at once, to every request, while a new one is computed; then the new one', async () => {
    const { gate, cache, computedAt, advance } = setUp()
    const first = await computedAt()
    advance(OVERVIEW_MAX_AGE_MS + 60_000)
    gate.set('hold')
    // The request that found it stale, and one while the new computation runs: neither waits for it.
    expect(await within200(cache.get(7, 'en'))).toMatchObject({ computedAt: first })
    await until(() => gate.heldCount() > 0)
    expect(await within200(cache.get(7, 'en'))).toMatchObject({ computedAt: first })
    gate.set('pass')
    gate.release(true)
    await until(async () => (await computedAt()) != first)
    expect(Date.parse(await computedAt())).toBeGreaterThan(Date.parse(first))
  })

  it('keeps the last good Overview when the one behind it fails, and logs the failure', async () => {
    const { gate, warnings, cache, computedAt, advance } = setUp()
    const first = await computedAt()
    advance(OVERVIEW_MAX_AGE_MS + 60_000)
    gate.set('hold')
    expect(await computedAt()).toBe(first)
    await until(() => gate.heldCount() > 0)
    gate.set('fail')
    gate.release(false)
    await until(() => warnings.length > 0)
    expect(warnings).toEqual(['overview computation failed; the last one is shown'])
    // Still answered, from the last good computation; a request that waits for nothing is not failed.
    expect(await within200(cache.get(7, 'en'))).toMatchObject({ computedAt: first })
  })

  it.each([
    ['fails', false],
    ['succeeds', true],
  ])('a fresh Overview is not undone by an older computation that ends after it and %s', async (_, ok) => {
    const { gate, cache, computedAt, advance } = setUp()
    await computedAt()
    advance(OVERVIEW_MAX_AGE_MS + 60_000)
    gate.set('hold')
    await computedAt() // starts the computation behind the page, held
    await until(() => gate.heldCount() > 0)
    gate.set('pass')
    advance(1000)
    const fresh = (await cache.get(7, 'en', true)).computedAt
    expect(await computedAt()).toBe(fresh)
    // Failing, it fails all the way (a failed roll-up alone is only slower figures).
    gate.set(ok ? 'pass' : 'fail')
    gate.release(ok)
    await cache.settled()
    expect(await computedAt()).toBe(fresh)
  })

  it('settled() waits for every computation under way, the one behind the page too', async () => {
    const { gate, cache, computedAt, advance } = setUp()
    await computedAt()
    advance(OVERVIEW_MAX_AGE_MS + 60_000)
    gate.set('hold')
    await computedAt()
    await until(() => gate.heldCount() > 0)
    let settled = false
    const waiting = cache.settled().then(() => (settled = true))
    await pause(100)
    expect(settled).toBe(false)
    gate.set('pass')
    gate.release(true)
    await waiting
    // Settled once the new figures are in.
    expect(Date.parse(await computedAt())).toBeGreaterThan(Date.now() - 10_000)
  })

  it('a first request waits for the computation (there is nothing to show before it), and hears of its failure', async () => {
    const { gate, cache } = setUp()
    gate.set('fail')
    await expect(cache.get(30, 'en')).rejects.toThrow('the database is gone')
    gate.set('pass')
    await expect(cache.get(30, 'en')).resolves.toMatchObject({ from: expect.any(String) })
  })
})
