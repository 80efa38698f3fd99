import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RunningServer } from '../../demo/server/app.ts'
import { runConformance } from '../conformance/suite.ts'
import { PROGRAM, SECRET, start } from './helpers.ts'

let server: RunningServer
beforeAll(async () => {
  server = await start()
})
afterAll(() => server?.close())

it('the reference server passes the conformance suite', async () => {
  const lines: string[] = []
  const result = await runConformance({ endpoint: server.url + '/v1', program: PROGRAM, secret: SECRET, origin: 'http://localhost:8787', log: (l) => lines.push(l) })
  expect(result.results.filter((r) => !r.ok)).toEqual([])
  expect(result.failed).toBe(0)
  expect(result.passed).toBeGreaterThan(20)
  expect(lines).toHaveLength(result.results.length)
  // It is repeatable against the same server (fresh customers every run).
  const again = await runConformance({ endpoint: server.url + '/v1/', program: PROGRAM, secret: SECRET })
  expect(again.failed).toBe(0)
})

it('reports failures instead of throwing when the backend is wrong', async () => {
  const result = await runConformance({ endpoint: server.url + '/v1', program: PROGRAM, secret: 'not-the-secret' })
  expect(result.failed).toBeGreaterThan(0)
  expect(result.passed + result.failed).toBe(result.results.length)
  expect(result.results.find((r) => r.name.startsWith('a store-identified'))!.ok).toBe(false)
})
