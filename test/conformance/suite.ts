/**
 * Black-box conformance checks of the Loyalkit endpoint contract
 * (docs/openapi.yaml, src/core/schemas.ts). Bodies are validated with the
 * contract's valibot schemas, the ones the SDK uses (./conforms.ts). Any backend must pass them; they
 * need only the endpoint, the program key and the program secret (to mint
 * customer tokens as the store's server would), and never use demo routes.
 * Every run uses fresh random customers and emails, so it can be repeated
 * against the same server.
 *
 * What the checks assume of the program (true of the Trailpack demo program):
 *  - at least one reward costs no more than the sign-up bonus (the demo's
 *    100-point donation), so a brand-new member can redeem something;
 *  - at least one claimable rule other than `birthday` exists (newsletter), or
 *    the program asks for a birthday at sign-up (the suite then gives one);
 *  - some reward costs more than the sign-up bonus plus every claimable rule
 *    (the demo's 1000-point discount), to provoke insufficient_points.
 * Ids of rules and rewards are discovered from GET /program, never hard-coded.
 * With the store's secret API key (`apiKey`), the store's server-to-server routes
 * are checked too (./store-checks.ts, which says what it assumes); without it they
 * are reported as not run. The helpers all checks share are in ./http.ts.
 */
import { randomUUID } from 'node:crypto'
import type { ActivityPage, Member, Program } from '../../src/core/contract.ts'
import {
  ActivityPageSchema,
  ClaimResultSchema,
  MemberSchema,
  ProgramSchema,
  RedemptionResultSchema,
  ReferralOfferSchema,
  SignUpResultSchema,
} from '../../src/core/schemas.ts'
import { check, createContext, equal, need, type CheckResult, type Sent } from './http.ts'
import { storeChecks } from './store-checks.ts'

export interface ConformanceOptions {
  /** Base URL of the API, as in data-endpoint (e.g. https://loyalty.example.com/v1). */
  endpoint: string
  /** Program key (X-Loyalkit-Program). */
  program: string
  /** Program secret: HS256 key of customer tokens. */
  secret: string
  /** An origin the program allows; when given, CORS is checked too. */
  origin?: string
  /** The store's secret API key; without it the store's server-to-server routes are not checked. */
  apiKey?: string
  log?: (line: string) => void
}

export interface ConformanceResult {
  passed: number
  failed: number
  results: CheckResult[]
  /** Groups of checks that did not run, and why. */
  notRun: string[]
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  // Shared state, filled by earlier checks; later checks fail clearly when it is missing.
  let program: Program | undefined
  const { context: ctx, runChecks } = createContext(options, () => program)
  const { endpoint, run, freshEmail, send, expectStatus, expectProblem, expectNotJoined, json, customerToken, signUpBody, test } = ctx
  let member: Member | undefined
  let memberToken: string | undefined
  let memberEmail: string | undefined
  let redeemKey: string | undefined
  let redeemBody: { rewardId: string } | undefined
  let redeemText: string | undefined
  let expectedEntries = 0

  // ---- program -----------------------------------------------------------

  test('GET /program answers a well-formed Program', async () => {
    program = json(await send('GET', '/program'), 200, ProgramSchema, 'program')
    equal(program.key, options.program, 'program.key')
    check(program.tiers.length > 0 && program.tiers[0]!.threshold == 0, 'the first tier starts at 0 points')
    check(
      program.tiers.every((t, i) => i == 0 || t.threshold > program!.tiers[i - 1]!.threshold),
      'tier thresholds increase',
    )
    for (const rule of program.rules) if (rule.kind == 'social_follow') check(rule.url, `rule ${rule.id} has a url`)
    check(new Set(program.rewards.map((r) => r.id)).size == program.rewards.length, 'reward ids are unique')
    check(new Set(program.rules.map((r) => r.id)).size == program.rules.length, 'rule ids are unique')
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

  // ---- sign-up -----------------------------------------------------------

  test('POST /members without Idempotency-Key → 400 invalid_request', async () => {
    expectProblem(await send('POST', '/members', { body: signUpBody(freshEmail('nokey')), idempotencyKey: null }), 400, 'invalid_request')
  })

  test('POST /members with a malformed email → 422 invalid_request with field errors', async () => {
    const problem = expectProblem(await send('POST', '/members', { body: signUpBody('not-an-email') }), 422, 'invalid_request')
    check(problem.errors?.some((e) => e.field == 'email'), `errors name the email field, got ${JSON.stringify(problem.errors)}`)
  })

  test('POST /members without accepting the terms → 422 invalid_request', async () => {
    const problem = expectProblem(
      await send('POST', '/members', { body: signUpBody(freshEmail('noterms'), { consent: { terms: false, marketing: false } }) }),
      422,
      'invalid_request',
    )
    check(problem.errors?.some((e) => e.field.startsWith('consent')), `errors name the consent field, got ${JSON.stringify(problem.errors)}`)
  })

  test('POST /members with malformed JSON → 400 invalid_request', async () => {
    expectProblem(await send('POST', '/members', { body: '{"email":' }), 400, 'invalid_request')
  })

  test('POST /members with a non-JSON body → 415', async () => {
    const r = await send('POST', '/members', { body: 'email=a@example.com', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expectProblem(r, 415, 'invalid_request')
  })

  test('POST /members → 201 { member, token } with the sign-up bonus', async () => {
    memberEmail = freshEmail('member')
    const result = json(await send('POST', '/members', { body: signUpBody(memberEmail) }), 201, SignUpResultSchema, 'sign-up')
    equal(result.member.email.toLowerCase(), memberEmail.toLowerCase(), 'member.email')
    equal(result.member.balance, program!.signupBonus, 'balance after sign-up')
    check(result.member.lifetimePoints >= result.member.balance, 'lifetimePoints ≥ balance')
    equal(result.member.coupons, [], 'coupons of a new member')
    member = result.member
    memberToken = result.token
    expectedEntries = program!.signupBonus > 0 ? 1 : 0
  })

  test('the sign-up token authenticates GET /members/me', async () => {
    const r = await send('GET', '/members/me', { token: need(memberToken, 'a member') })
    const me = json(r, 200, MemberSchema, 'member')
    equal(me.id, member!.id, 'member id')
    check((r.headers.get('cache-control') ?? '').includes('no-store'), `Cache-Control: no-store on member data, got "${r.headers.get('cache-control')}"`)
  })

  test('POST /members with a taken email (other case) → 422 email_taken', async () => {
    const email = need(memberEmail, 'a member')
    expectProblem(await send('POST', '/members', { body: signUpBody(email.toUpperCase()) }), 422, 'email_taken')
  })

  test('a store-identified shopper signs up and is found by their customer id', async () => {
    const sub = `conformance-${randomUUID()}`
    const email = freshEmail('store')
    const storeToken = await customerToken({ sub, email })
    expectNotJoined(await send('GET', '/members/me', { token: storeToken }))
    const result = json(
      await send('POST', '/members', { body: signUpBody(email), token: storeToken }),
      201,
      SignUpResultSchema,
      'sign-up',
    )
    const me = json(await send('GET', '/members/me', { token: await customerToken({ sub }) }), 200, MemberSchema, 'member')
    equal(me.id, result.member.id, 'member found by customer id')
  })

  test('POST /members with an unknown referral code → 422 invalid_request', async () => {
    const problem = expectProblem(
      await send('POST', '/members', { body: signUpBody(freshEmail('badref'), { referralCode: `NOPE${run.toUpperCase()}` }) }),
      422,
      'invalid_request',
    )
    check(problem.errors?.some((e) => e.field == 'referralCode'), `errors name referralCode, got ${JSON.stringify(problem.errors)}`)
  })

  test('POST /members with a member’s referral code → 201 with the welcome coupon', async () => {
    const code = need(member, 'a member').referral.code
    const friend = json(await send('POST', '/members', { body: signUpBody(freshEmail('friend'), { referralCode: code }) }), 201, SignUpResultSchema, 'sign-up')
    check(friend.member.coupons.some((c) => c.state == 'active' && c.code), `the friend's coupons hold the welcome coupon, got ${JSON.stringify(friend.member.coupons)}`)
  })

  // ---- auth --------------------------------------------------------------

  const expect401 = (r: Sent) => {
    expectProblem(r, 401, 'unauthorized')
    check(/^Bearer/i.test(r.headers.get('www-authenticate') ?? ''), `WWW-Authenticate: Bearer, got "${r.headers.get('www-authenticate')}"`)
  }
  const now = () => Math.floor(Date.now() / 1000)
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

  test('GET /members/me without a token → 401 unauthorized', async () => expect401(await send('GET', '/members/me')))
  test('a token for another audience → 401', async () => expect401(await send('GET', '/members/me', { token: await customerToken({ aud: `${options.program}-other` }) })))
  test('an expired token → 401', async () =>
    expect401(await send('GET', '/members/me', { token: await customerToken({ iat: now() - 1800, exp: now() - 900 }) })))
  test('a token with a bad signature → 401', async () =>
    expect401(await send('GET', '/members/me', { token: await customerToken({}, new TextEncoder().encode(options.secret + '-wrong')) })))
  test('an unsigned token (alg none) → 401', async () =>
    expect401(
      await send('GET', '/members/me', {
        token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', aud: options.program, iat: now(), exp: now() + 600 })}.`,
      }),
    ))
  test('a token living longer than 15 minutes → 401', async () =>
    expect401(await send('GET', '/members/me', { token: await customerToken({ iat: now(), exp: now() + 3600 }) })))
  test('a valid token of a customer who has not joined → 204 No Content', async () => {
    expectNotJoined(await send('GET', '/members/me', { token: await customerToken({ email: freshEmail('stranger') }) }))
  })

  // ---- claims ------------------------------------------------------------

  let claimRuleId: string | undefined
  test('POST /members/me/claims → 201 ClaimResult', async () => {
    const p = need(program, 'the program')
    const rule = p.rules.find((r) => r.claimable && r.kind != 'birthday') ?? (p.signupFields.birthday ? p.rules.find((r) => r.claimable) : undefined)
    check(rule, 'program assumption: a claimable rule (other than birthday, or birthday with a birthday sign-up field)')
    const before = need(member, 'a member').balance
    const result = json(
      await send('POST', '/members/me/claims', { token: need(memberToken, 'a member'), body: { ruleId: rule.id } }),
      201,
      ClaimResultSchema,
      'claim',
    )
    equal(result.ruleId, rule.id, 'ruleId')
    equal(result.points, rule.points, 'points')
    equal(result.balance, before + rule.points, 'balance after claim')
    claimRuleId = rule.id
    member = { ...member!, balance: result.balance }
    if (rule.points > 0) expectedEntries++
  })

  test('claiming the same rule again → 422 already_claimed', async () => {
    expectProblem(
      await send('POST', '/members/me/claims', { token: need(memberToken, 'a member'), body: { ruleId: need(claimRuleId, 'a claim') } }),
      422,
      'already_claimed',
    )
    const me = json(await send('GET', '/members/me', { token: memberToken }), 200, MemberSchema, 'member')
    check(me.claimedRules.includes(claimRuleId!), `claimedRules lists ${claimRuleId}`)
    equal(me.balance, member!.balance, 'balance unchanged')
  })

  test('claiming an unknown rule → 422 invalid_request', async () => {
    expectProblem(
      await send('POST', '/members/me/claims', { token: need(memberToken, 'a member'), body: { ruleId: `no-such-rule-${run}` } }),
      422,
      'invalid_request',
    )
  })

  // ---- redemptions and idempotency ----------------------------------------

  test('POST /members/me/redemptions → 201 RedemptionResult', async () => {
    const balance = need(member, 'a member').balance
    const affordable = need(program, 'the program')
      .rewards.filter((r) => r.cost <= balance)
      .sort((a, b) => a.cost - b.cost)[0]
    check(affordable, `program assumption: a reward costing ≤ ${balance} points`)
    redeemKey = randomUUID()
    redeemBody = { rewardId: affordable.id }
    const r = await send('POST', '/members/me/redemptions', { token: memberToken, idempotencyKey: redeemKey, body: redeemBody })
    const result = json(r, 201, RedemptionResultSchema, 'redemption')
    redeemText = r.text
    equal(result.redemption.rewardId, affordable.id, 'rewardId')
    equal(result.redemption.points, affordable.cost, 'points')
    equal(result.balance, balance - affordable.cost, 'balance after redemption')
    if (affordable.kind == 'donation') equal(result.redemption.code, null, 'a donation has no code')
    else check(result.redemption.code, 'a coupon code')
    member = { ...member!, balance: result.balance }
    if (affordable.cost > 0) expectedEntries++
    const me = json(await send('GET', '/members/me', { token: memberToken }), 200, MemberSchema, 'member')
    equal(me.balance, result.balance, 'balance of /members/me')
    check(me.coupons.some((c) => c.id == result.redemption.id), 'the redemption is among the coupons')
  })

  test('the same Idempotency-Key and body replay the first response, applied once', async () => {
    const r = await send('POST', '/members/me/redemptions', {
      token: need(memberToken, 'a member'),
      idempotencyKey: need(redeemKey, 'a redemption'),
      body: redeemBody,
    })
    expectStatus(r, 201, 'replay')
    equal(r.text, redeemText, 'replayed body')
    const me = json(await send('GET', '/members/me', { token: memberToken }), 200, MemberSchema, 'member')
    equal(me.balance, member!.balance, 'balance after the replay')
  })

  test('the same Idempotency-Key with another body → 422 idempotency_conflict', async () => {
    const other = need(program, 'the program').rewards.find((r) => r.id != need(redeemBody, 'a redemption').rewardId)
    check(other, 'program assumption: two rewards')
    expectProblem(
      await send('POST', '/members/me/redemptions', { token: memberToken, idempotencyKey: redeemKey, body: { rewardId: other.id } }),
      422,
      'idempotency_conflict',
    )
  })

  test('POST /members/me/redemptions without Idempotency-Key → 400 invalid_request', async () => {
    expectProblem(
      await send('POST', '/members/me/redemptions', { token: need(memberToken, 'a member'), idempotencyKey: null, body: redeemBody }),
      400,
      'invalid_request',
    )
  })

  test('redeeming more than the balance → 422 insufficient_points', async () => {
    const balance = need(member, 'a member').balance
    const expensive = need(program, 'the program').rewards.find((r) => r.cost > balance)
    check(expensive, `program assumption: a reward costing more than ${balance} points`)
    expectProblem(await send('POST', '/members/me/redemptions', { token: memberToken, body: { rewardId: expensive.id } }), 422, 'insufficient_points')
    const me = json(await send('GET', '/members/me', { token: memberToken }), 200, MemberSchema, 'member')
    equal(me.balance, balance, 'balance unchanged')
  })

  test('redeeming an unknown reward → 422 reward_unavailable', async () => {
    expectProblem(
      await send('POST', '/members/me/redemptions', { token: need(memberToken, 'a member'), body: { rewardId: `no-such-reward-${run}` } }),
      422,
      'reward_unavailable',
    )
  })

  // ---- activity ----------------------------------------------------------

  test('GET /members/me/activity answers an ActivityPage, newest first', async () => {
    const page = json(await send('GET', '/members/me/activity', { token: need(memberToken, 'a member') }), 200, ActivityPageSchema, 'activity')
    equal(page.entries.length, expectedEntries, 'number of entries (sign-up, claim, redemption)')
    equal(page.nextCursor, null, 'nextCursor of the only page')
    const last = page.entries[page.entries.length - 1]
    if (program!.signupBonus > 0) check(last?.type == 'signup' && last.points == program!.signupBonus, 'the oldest entry is the sign-up bonus')
    const redemption = page.entries.find((e) => e.type == 'redemption')
    check(!redemption || redemption.points < 0, 'redemption entries are negative')
    const times = page.entries.map((e) => Date.parse(e.createdAt))
    check(times.every((t, i) => i == 0 || t <= times[i - 1]!), 'entries are newest first')
  })

  test('activity pages with limit and an opaque cursor', async () => {
    const token = need(memberToken, 'a member')
    const ids: string[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 10; pages++) {
      const query: string = `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page: ActivityPage = json(await send('GET', '/members/me/activity' + query, { token }), 200, ActivityPageSchema, 'activity')
      check(page.entries.length <= 1, `limit=1 gives at most one entry, got ${page.entries.length}`)
      ids.push(...page.entries.map((e) => e.id))
      cursor = page.nextCursor
      if (!cursor) break
    }
    equal(ids.length, expectedEntries, 'entries over all pages')
    equal(new Set(ids).size, ids.length, 'no entry twice')
  })

  // ---- referrals ---------------------------------------------------------

  test('GET /referrals/{code} of a member → ReferralOffer', async () => {
    const code = need(member, 'a member').referral.code
    const offer = json(await send('GET', `/referrals/${encodeURIComponent(code)}`), 200, ReferralOfferSchema, 'referral offer')
    equal(offer.friend, program!.referral.friend, 'friend offer matches the program')
  })

  test('GET /referrals/{unknown} → 404 not_found', async () => {
    expectProblem(await send('GET', `/referrals/NOPE${run.toUpperCase()}X`), 404, 'not_found')
  })

  // ---- CORS (only when the caller names an allowed origin) ---------------

  if (options.origin) {
    const origin = options.origin
    test(`CORS preflight from ${origin} is allowed`, async () => {
      const r = await fetch(endpoint + '/members/me/redemptions', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key, x-loyalkit-program',
        },
      })
      check(r.status == 200 || r.status == 204, `preflight status 200/204, got ${r.status}`)
      equal(r.headers.get('access-control-allow-origin'), origin, 'Access-Control-Allow-Origin')
      const methods = (r.headers.get('access-control-allow-methods') ?? '').toUpperCase()
      check(methods.includes('POST'), `Access-Control-Allow-Methods includes POST, got "${methods}"`)
      const allowed = (r.headers.get('access-control-allow-headers') ?? '').toLowerCase()
      for (const h of ['authorization', 'content-type', 'idempotency-key', 'x-loyalkit-program']) {
        check(allowed.includes(h) || allowed == '*', `Access-Control-Allow-Headers includes ${h}, got "${allowed}"`)
      }
    })
    test(`GET /program from ${origin} carries CORS headers`, async () => {
      const r = await send('GET', '/program', { headers: { Origin: origin } })
      expectStatus(r, 200, 'program')
      equal(r.headers.get('access-control-allow-origin'), origin, 'Access-Control-Allow-Origin')
      const exposed = (r.headers.get('access-control-expose-headers') ?? '').toLowerCase()
      for (const h of ['etag', 'retry-after', 'idempotent-replayed']) check(exposed.includes(h), `Access-Control-Expose-Headers includes ${h}`)
    })
    test('an origin the program does not allow gets no CORS headers', async () => {
      const r = await send('GET', '/program', { headers: { Origin: `https://conformance-${run}.invalid` } })
      equal(r.headers.get('access-control-allow-origin'), null, 'Access-Control-Allow-Origin')
    })
    test(`POST /programs/{key}/opens (a beacon from ${origin}, no header but Origin) → 204`, async () => {
      const r = await send('POST', `/programs/${encodeURIComponent(options.program)}/opens`, { program: null, idempotencyKey: null, headers: { Origin: origin } })
      expectStatus(r, 204, 'a counted open')
      equal(r.text, '', '204 body')
    })
  }

  test('POST /programs/{key}/opens: without an Origin → 403 forbidden; an unknown program → 404 not_found', async () => {
    expectProblem(await send('POST', `/programs/${encodeURIComponent(options.program)}/opens`, { program: null, idempotencyKey: null }), 403, 'forbidden')
    expectProblem(await send('POST', `/programs/pk_conformance_unknown_${run}/opens`, { program: null, idempotencyKey: null }), 404, 'not_found')
  })

  // ---- the store's server-to-server API (./store-checks.ts) -------------

  const notRun = options.apiKey ? [] : ['store API checks (orders, refunds, coupons, members): no API key given']
  if (options.apiKey) storeChecks({ ...ctx, apiKey: options.apiKey, origin: options.origin })

  const results = await runChecks(options.log)
  if (notRun.length) options.log?.("- store API checks not run: give the store's secret API key (--api-key or LOYALKIT_API_KEY) to run them")
  const passed = results.filter((r) => r.ok).length
  return { passed, failed: results.length - passed, results, notRun }
}
