import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Member } from '../../src/core/contract.ts'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { loadProgram, renderProgram } from '../../server/src/program/program.ts'
import { v1Routes } from '../../server/src/routes/v1.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { OPERATIONS } from '../../src/core/operations.ts'
import { checkMemberMechanics, checkProgramMechanics } from '../conformance/mechanics-checks.ts'
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

describe('the conformance checks of campaigns, badges and punch cards', () => {
  const program = renderProgram(loadProgram(DEMO_PROGRAM), 'en')
  const member = {
    createdAt: '2026-01-01T00:00:00.000Z',
    badges: [{ id: 'first-order', earnedAt: '2026-02-01T00:00:00.000Z' }],
    punchCards: [{ ruleId: 'pouch-card', count: 4 }],
  } as Member
  const now = Date.parse('2026-06-01T00:00:00Z')

  it('pass the demo program and a member of it, and a backend that has none of them', () => {
    expect(() => checkProgramMechanics(program, now)).not.toThrow()
    expect(() => checkMemberMechanics(member, program, now)).not.toThrow()
    const bare = { ...program, rules: program.rules.filter((r) => r.kind != 'punch_card') }
    delete bare.campaigns
    delete bare.badges
    expect(() => checkProgramMechanics(bare, now)).not.toThrow()
    expect(() => checkMemberMechanics({ createdAt: member.createdAt } as Member, bare, now)).not.toThrow()
  })

  it('catch what does not add up', () => {
    const rule = program.rules.find((r) => r.kind == 'punch_card')!
    const withRule = (r: object) => ({ ...program, rules: program.rules.map((x) => (x == rule ? { ...x, ...r } : x)) })
    expect(() => checkProgramMechanics(withRule({ every: undefined }), now)).toThrow(/every ≥ 2/)
    expect(() => checkProgramMechanics(withRule({ rewardId: 'nope' }), now)).toThrow(/reward nope/)
    expect(() => checkProgramMechanics({ ...program, badges: [{ id: 'x', kind: 'tier', name: 'X', tier: 'platinum' }] }, now)).toThrow(/names a tier/)
    expect(() => checkProgramMechanics({ ...program, badges: [{ id: 'x', kind: 'orders', name: 'X' }] }, now)).toThrow(/count ≥ 1/)
    const ended = { id: 'c', name: 'C', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z', multiplier: 2 }
    expect(() => checkProgramMechanics({ ...program, campaigns: [ended] }, now)).toThrow(/has not ended/)
    expect(() => checkMemberMechanics({ ...member, badges: [{ id: 'nope', earnedAt: member.createdAt }] }, program, now)).toThrow(/one of the program's badges/)
    expect(() => checkMemberMechanics({ ...member, punchCards: [{ ruleId: 'pouch-card', count: 5 }] }, program, now)).toThrow(/below its rule's every/)
    expect(() => checkMemberMechanics({ ...member, punchCards: [{ ruleId: 'purchase', count: 0 }] }, program, now)).toThrow(/punch_card rule/)
  })
})
