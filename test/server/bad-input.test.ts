/**
 * Bad input on every route, as data: malformed and oversized bodies, wrong types,
 * control characters and huge strings in every field, odd numbers, unknown fields,
 * wrong Content-Type, bad Idempotency-Key / Authorization / X-Loyalkit-Program /
 * Accept-Language headers, bad cursors, limits and referral codes.
 *
 * Every case must be answered (never a hang: each request has a timeout) with a 4xx
 * `application/problem+json` carrying `status`, `code` and `title` — never a 500 —
 * and the whole table must write no domain rows (members, ledger, redemptions,
 * claims). The few inputs a route tolerates by design (a garbled Accept-Language on
 * a GET) are marked `tolerated`: they must answer 2xx, not fail.
 *
 * The table is in ./bad-input/: one file per topic (bodies, fields, headers, paths), each adding its
 * cases to the table of case.ts as it is imported below; wire.ts sends each case by fetch, node:http
 * or a raw socket, whichever can carry it.
 *
 * Decisions per field: NUL and C0/C1 controls (U+0000–U+001F, U+007F–U+009F) are
 * refused in every text field. A `name` also refuses bidi embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) and line separators, but keeps the marks
 * and joiners right-to-left names and emoji need; fields with a fixed alphabet
 * (emails, ids, codes) refuse anything outside it.
 * `amount` is money: fractional amounts (19.99) are valid and not in this table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LANGUAGES } from '../../server/src/program/i18n.ts'
import type { RunningServer } from '../../server/src/start.ts'
import './bad-input/bodies.ts'
import { type Case, cases } from './bad-input/case.ts'
import './bad-input/fields.ts'
import './bad-input/headers.ts'
import './bad-input/paths.ts'
import { ALL, type Ctx } from './bad-input/routes.ts'
import { mintBadTokens } from './bad-input/tokens.ts'
import { send, wire } from './bad-input/wire.ts'
import { backends, signUp, start, uniqueEmail } from './helpers.ts'

const TABLES = ['members', 'ledger', 'redemptions', 'claims', 'orders'] as const
async function rowCounts(server: RunningServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of TABLES) {
    const [row] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${table}`)
    counts[table] = Number(row!.n)
  }
  return counts
}

describe.each(backends)('bad input on every route ($name)', (backend) => {
  let server: RunningServer
  let cleanup: (() => Promise<void>) | undefined
  let ctx: Ctx
  let before: Record<string, number>

  beforeAll(async () => {
    const storage = await backend.make()
    cleanup = storage.cleanup
    server = await start(storage.options)
    const email = uniqueEmail('bad-input')
    const { member, token } = await signUp(server, { email })
    ctx = { token, email: member.email, referralCode: member.referral.code, bad: await mintBadTokens() }
    before = await rowCounts(server)
  })
  afterAll(async () => {
    await server?.close()
    await cleanup?.()
  })

  it('has a case for every route', () => {
    for (const route of ALL) expect(cases.filter((c) => c.route == route).length, route).toBeGreaterThan(10)
  })

  const check = (c: Case) => async () => {
    const w = wire(c, ctx)
    const label = `${w.method} ${w.path.slice(0, 80)} — ${c.name}`
    const answer = await send(server, w)
    const said = `${label}: ${answer.status} ${answer.headers['content-type'] ?? ''} ${answer.body.slice(0, 300)}`
    if (c.status == 'tolerated') {
      expect(answer.status, said).toBeGreaterThanOrEqual(200)
      expect(answer.status, said).toBeLessThan(300)
      expect(LANGUAGES, said).toContain(answer.headers['content-language'])
      return
    }
    expect(answer.status, said).toBeGreaterThanOrEqual(400)
    expect(answer.status, said).toBeLessThan(500)
    if (c.status !== undefined) expect(answer.status, said).toBe(c.status)
    expect(answer.headers['content-type'], said).toBe('application/problem+json')
    const problem = JSON.parse(answer.body) as Record<string, unknown>
    expect(problem, said).toMatchObject({ status: answer.status, code: expect.any(String), title: expect.any(String) })
    // A field or one inside it (`consent: []` is reported as consent.terms missing).
    if (c.field) {
      const fields = ((problem.errors ?? []) as { field: string }[]).map((e) => e.field)
      expect(
        fields.some((f) => f == c.field || f.startsWith(c.field + '.')),
        `${said}: names ${c.field}`,
      ).toBe(true)
    }
  }

  for (const c of cases) it(`${c.route}: ${c.name}`, check(c))

  it('wrote no members, ledger entries, redemptions or claims', async () => {
    expect(await rowCounts(server)).toEqual(before)
  })
})
