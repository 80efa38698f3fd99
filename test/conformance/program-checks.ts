/**
 * Conformance checks of the program routes: `GET /program` (shape, caching, languages, the
 * program header), `GET /programs/{key}` (public, no custom header) and the guest-open count.
 */
import { BADGE_KINDS, FRIEND_KINDS, ProgramSchema, REWARD_KINDS, RULE_KINDS } from '../../src/core/schemas.ts'
import { check, equal, type ConformanceContext } from './http.ts'
import type { ShopperState } from './state.ts'

export function programChecks(ctx: ConformanceContext, state: ShopperState, options: { program: string }): void {
  const { run, send, expectStatus, expectProblem, json, test } = ctx
  // ---- program -----------------------------------------------------------

  test('GET /program answers a well-formed Program', async () => {
    state.program = json(await send('GET', '/program'), 200, ProgramSchema, 'program')
    equal(state.program.key, options.program, 'program.key')
    check(state.program.tiers.length > 0 && state.program.tiers[0]!.threshold == 0, 'the first tier starts at 0 points')
    check(
      state.program.tiers.every((t, i) => i == 0 || t.threshold > state.program!.tiers[i - 1]!.threshold),
      'tier thresholds increase',
    )
    for (const rule of state.program.rules) if (rule.kind == 'social_follow') check(rule.url, `rule ${rule.id} has a url`)
    check(new Set(state.program.rewards.map((r) => r.id)).size == state.program.rewards.length, 'reward ids are unique')
    check(new Set(state.program.rules.map((r) => r.id)).size == state.program.rules.length, 'rule ids are unique')
    const offers = state.program.offers ?? []
    check(new Set(offers.map((o) => o.id)).size == offers.length, 'offer ids are unique')
    // Clients tolerate kinds of a later version; a backend of this one sends only the kinds it defines.
    const known = (kinds: readonly string[], items: { id?: string; kind: string }[], what: string) => {
      for (const x of items) check(kinds.includes(x.kind), `${what} ${x.id ?? ''} has a kind of this contract (${kinds.join(', ')}), got "${x.kind}"`)
    }
    known(RULE_KINDS, state.program.rules, 'rule')
    known(REWARD_KINDS, state.program.rewards, 'reward')
    known(BADGE_KINDS, state.program.badges ?? [], 'badge')
    known(FRIEND_KINDS, [state.program.referral.friend], 'the referred friend’s offer')
  })

  test('GET /program is cacheable (ETag, Cache-Control)', async () => {
    const r = await send('GET', '/program')
    check(r.headers.get('etag'), 'ETag header')
    check(/max-age=\d+/.test(r.headers.get('cache-control') ?? ''), `Cache-Control with max-age, got "${r.headers.get('cache-control')}"`)
    const vary = (r.headers.get('vary') ?? '').toLowerCase()
    check(vary.includes('accept-language'), `Vary includes Accept-Language, got "${vary}"`)
  })

  test('GET /program with a matching If-None-Match answers 304', async () => {
    const etag = (await send('GET', '/program')).headers.get('etag')
    check(etag, 'ETag header')
    const r = await send('GET', '/program', { headers: { 'If-None-Match': etag } })
    expectStatus(r, 304, 'conditional GET')
    equal(r.text, '', '304 body')
  })

  test('GET /program in another language is still a well-formed Program', async () => {
    json(await send('GET', '/program', { headers: { 'Accept-Language': 'lv-LV,lv;q=0.9' } }), 200, ProgramSchema, 'program')
  })

  test('GET /programs/{key} answers the same Program without a custom header, public and cacheable', async () => {
    const path = `/programs/${encodeURIComponent(options.program)}?locale=en`
    const r = await send('GET', path, { program: null, headers: { Origin: `https://conformance-${run}.invalid` } })
    const byKey = json(r, 200, ProgramSchema, 'program by key')
    equal(byKey.key, options.program, 'program.key')
    equal(r.headers.get('access-control-allow-origin'), '*', 'Access-Control-Allow-Origin')
    const cache = r.headers.get('cache-control') ?? ''
    check(/public/.test(cache) && /max-age=\d+/.test(cache), `Cache-Control public with max-age, got "${cache}"`)
    check(!/origin/i.test(r.headers.get('vary') ?? ''), `no Vary: Origin (one cached copy for every page), got "${r.headers.get('vary')}"`)
    const etag = r.headers.get('etag')
    check(etag, 'ETag header')
    expectStatus(await send('GET', path, { program: null, headers: { 'If-None-Match': etag! } }), 304, 'conditional GET by key')
    expectProblem(await send('GET', `/programs/pk_conformance_unknown_${run}`, { program: null }), 404, 'not_found')
  })

  test('a request without X-Loyalkit-Program → 400 invalid_request', async () => {
    expectProblem(await send('GET', '/program', { program: null }), 400, 'invalid_request')
  })

  test('an unknown program → 404 not_found', async () => {
    expectProblem(await send('GET', '/program', { program: `pk_conformance_unknown_${run}` }), 404, 'not_found')
  })

  test('POST /programs/{key}/opens: without an Origin → 403 forbidden; an unknown program → 404 not_found', async () => {
    expectProblem(await send('POST', `/programs/${encodeURIComponent(options.program)}/opens`, { program: null, idempotencyKey: null }), 403, 'forbidden')
    expectProblem(await send('POST', `/programs/pk_conformance_unknown_${run}/opens`, { program: null, idempotencyKey: null }), 404, 'not_found')
  })
}
