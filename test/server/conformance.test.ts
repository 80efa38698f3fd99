import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v1Routes } from '../../server/src/routes/v1.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { OPERATIONS } from '../../src/core/operations.ts'
import { runConformance } from '../conformance/suite.ts'
import { API_KEY, backends, PROGRAM, SECRET, start } from './helpers.ts'

describe.each(backends)('conformance ($name)', (backend) => {
  let server: RunningServer
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    const storage = await backend.make()
    cleanup = storage.cleanup
    server = await start(storage.options)
  })
  afterAll(async () => {
    await server?.close()
    await cleanup?.()
  })

  it('the reference server passes the conformance suite', async () => {
    const lines: string[] = []
    const result = await runConformance({
      endpoint: server.url + '/v1',
      program: PROGRAM,
      secret: SECRET,
      origin: 'http://localhost:8787',
      apiKey: API_KEY,
      log: (l) => lines.push(l),
    })
    expect(result.results.filter((r) => !r.ok)).toEqual([])
    expect(result.failed).toBe(0)
    expect(result.passed).toBeGreaterThan(60)
    expect(result.notRun).toEqual([])
    expect(lines).toHaveLength(result.results.length)
    // It is repeatable against the same server (fresh customers and orders every run).
    const again = await runConformance({ endpoint: server.url + '/v1/', program: PROGRAM, secret: SECRET, apiKey: API_KEY })
    expect(again.results.filter((r) => !r.ok)).toEqual([])
  })

  it('without an API key, says the store API checks were not run', async () => {
    const lines: string[] = []
    const result = await runConformance({ endpoint: server.url + '/v1', program: PROGRAM, secret: SECRET, log: (l) => lines.push(l) })
    expect(result.failed).toBe(0)
    expect(result.notRun).toHaveLength(1)
    expect(result.results.some((r) => r.name.startsWith('POST /orders'))).toBe(false)
    expect(lines.filter((l) => /store API checks not run/.test(l))).toHaveLength(1)
  })

  it('reports failures instead of throwing when the backend is wrong', async () => {
    const result = await runConformance({ endpoint: server.url + '/v1', program: PROGRAM, secret: 'not-the-secret', apiKey: 'lk_sk_not_the_key' })
    expect(result.failed).toBeGreaterThan(0)
    expect(result.passed + result.failed).toBe(result.results.length)
    expect(result.results.find((r) => r.name.startsWith('a store-identified'))!.ok).toBe(false)
    expect(result.results.find((r) => r.name.startsWith('POST /orders of a member'))!.ok).toBe(false)
  })
})

it('the server serves exactly the routes the contract documents', async () => {
  const server = await start()
  try {
    // Hono's own route table: what really answers, not a list kept by hand.
    const served = v1Routes(server.deps)
      .routes.filter((r) => r.method != 'ALL' && r.path != '/*') // '/*': middleware
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    const documented = OPERATIONS.map((o) => `${o.method} ${o.path}`)
    expect([...new Set(served)].sort()).toEqual(documented.sort())
  } finally {
    await server.close()
  }
})
