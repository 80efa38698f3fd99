/**
 * Conformance checks of joining and of who the shopper is: `POST /members` (validation,
 * the bonus, taken emails, store-identified shoppers, referral codes) and customer tokens
 * (what is refused with 401, and 204 for a customer who has not joined), and the offers open to a new member.
 */
import { randomUUID } from 'node:crypto'
import { MemberOffersSchema, MemberSchema, SignUpResultSchema } from '../../src/core/schemas.ts'
import { check, equal, need, type ConformanceContext, type Sent } from './http.ts'
import type { ShopperState } from './state.ts'

/** `POST /members`: validation, the bonus, taken emails, store-identified shoppers, referral codes. */
export function memberChecks(ctx: ConformanceContext, state: ShopperState): void {
  signUpRefusalChecks(ctx)
  joinChecks(ctx, state)
  referralSignUpChecks(ctx, state)
}

/** Sign-ups refused before anyone joins: no Idempotency-Key, bad fields, bodies that are not JSON. */
function signUpRefusalChecks(ctx: ConformanceContext): void {
  const { freshEmail, send, expectProblem, signUpBody, test } = ctx
  test('POST /members without Idempotency-Key → 400 invalid_request', async () => {
    expectProblem(await send('POST', '/members', { body: signUpBody(freshEmail('nokey')), idempotencyKey: null }), 400, 'invalid_request')
  })

  test('POST /members with a malformed email → 422 invalid_request with field errors', async () => {
    const problem = expectProblem(await send('POST', '/members', { body: signUpBody('not-an-email') }), 422, 'invalid_request')
    check(
      problem.errors?.some((e) => e.field == 'email'),
      `errors name the email field, got ${JSON.stringify(problem.errors)}`,
    )
  })

  test('POST /members without accepting the terms → 422 invalid_request', async () => {
    const problem = expectProblem(
      await send('POST', '/members', { body: signUpBody(freshEmail('noterms'), { consent: { terms: false, marketing: false } }) }),
      422,
      'invalid_request',
    )
    check(
      problem.errors?.some((e) => e.field.startsWith('consent')),
      `errors name the consent field, got ${JSON.stringify(problem.errors)}`,
    )
  })

  test('POST /members with malformed JSON → 400 invalid_request', async () => {
    expectProblem(await send('POST', '/members', { body: '{"email":' }), 400, 'invalid_request')
  })

  test('POST /members with a non-JSON body → 415', async () => {
    const r = await send('POST', '/members', { body: 'email=a@example.com', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expectProblem(r, 415, 'invalid_request')
  })
}

/** The member the shopper's checks use (the bonus, the token, the offers), a taken email, and a store-identified shopper. */
function joinChecks(ctx: ConformanceContext, state: ShopperState): void {
  const { freshEmail, send, expectProblem, expectNotJoined, json, customerToken, signUpBody, test } = ctx
  test('POST /members → 201 { member, token } with the sign-up bonus', async () => {
    state.memberEmail = freshEmail('member')
    const result = json(await send('POST', '/members', { body: signUpBody(state.memberEmail) }), 201, SignUpResultSchema, 'sign-up')
    equal(result.member.email.toLowerCase(), state.memberEmail.toLowerCase(), 'member.email')
    equal(result.member.balance, state.program!.signupBonus, 'balance after sign-up')
    check(result.member.lifetimePoints >= result.member.balance, 'lifetimePoints ≥ balance')
    equal(result.member.coupons, [], 'coupons of a new member')
    state.member = result.member
    state.memberToken = result.token
    state.expectedEntries = state.program!.signupBonus > 0 ? 1 : 0
  })

  test('the sign-up token authenticates GET /members/me', async () => {
    const r = await send('GET', '/members/me', { token: need(state.memberToken, 'a member') })
    const me = json(r, 200, MemberSchema, 'member')
    equal(me.id, state.member!.id, 'member id')
    check((r.headers.get('cache-control') ?? '').includes('no-store'), `Cache-Control: no-store on member data, got "${r.headers.get('cache-control')}"`)
  })

  test('GET /members/me/offers answers the program’s offers open to a new member, not cached', async () => {
    const r = await send('GET', '/members/me/offers', { token: need(state.memberToken, 'a member') })
    const open = json(r, 200, MemberOffersSchema, 'offers')
    const listed = state.program!.offers ?? []
    const lowest = state.program!.tiers[0]!.id
    for (const o of open.offers) {
      const offer = listed.find((x) => x.id == o.id)
      check(offer, `offer ${o.id} is one of the program's offers`)
      // A new member is at the lowest tier: an offer of a higher tier is not open to them yet.
      check(offer!.tier === null || offer!.tier == lowest, `offer ${o.id} (tier ${offer!.tier}) is open to a member at ${lowest}`)
      check(offer!.startsAt === null || Date.parse(offer!.startsAt) <= Date.now() + 60_000, `offer ${o.id} has started`)
    }
    check(new Set(open.offers.map((o) => o.id)).size == open.offers.length, 'offer ids are unique')
    check((r.headers.get('cache-control') ?? '').includes('no-store'), `Cache-Control: no-store on member offers, got "${r.headers.get('cache-control')}"`)
  })

  test('POST /members with a taken email (other case) → 422 email_taken', async () => {
    const email = need(state.memberEmail, 'a member')
    expectProblem(await send('POST', '/members', { body: signUpBody(email.toUpperCase()) }), 422, 'email_taken')
  })

  test('a store-identified shopper signs up and is found by their customer id', async () => {
    const sub = `conformance-${randomUUID()}`
    const email = freshEmail('store')
    const storeToken = await customerToken({ sub, email })
    expectNotJoined(await send('GET', '/members/me', { token: storeToken }))
    const result = json(await send('POST', '/members', { body: signUpBody(email), token: storeToken }), 201, SignUpResultSchema, 'sign-up')
    const me = json(await send('GET', '/members/me', { token: await customerToken({ sub }) }), 200, MemberSchema, 'member')
    equal(me.id, result.member.id, 'member found by customer id')
  })
}

/** Sign-ups with a referral code: an unknown one is refused, a member's gives the welcome coupon. */
function referralSignUpChecks(ctx: ConformanceContext, state: ShopperState): void {
  const { run, freshEmail, send, expectProblem, json, signUpBody, test } = ctx
  test('POST /members with an unknown referral code → 422 invalid_request', async () => {
    const problem = expectProblem(
      await send('POST', '/members', { body: signUpBody(freshEmail('badref'), { referralCode: `NOPE${run.toUpperCase()}` }) }),
      422,
      'invalid_request',
    )
    check(
      problem.errors?.some((e) => e.field == 'referralCode'),
      `errors name referralCode, got ${JSON.stringify(problem.errors)}`,
    )
  })

  test('POST /members with a member’s referral code → 201 with the welcome coupon', async () => {
    const code = need(state.member, 'a member').referral.code
    const friend = json(await send('POST', '/members', { body: signUpBody(freshEmail('friend'), { referralCode: code }) }), 201, SignUpResultSchema, 'sign-up')
    check(
      friend.member.coupons.some((c) => c.state == 'active' && c.code),
      `the friend's coupons hold the welcome coupon, got ${JSON.stringify(friend.member.coupons)}`,
    )
  })
}

/** Customer tokens: what is refused with 401, and 204 for a customer who has not joined. */
export function tokenChecks(ctx: ConformanceContext, options: { program: string; secret: string }): void {
  const { freshEmail, send, expectProblem, expectNotJoined, customerToken, test } = ctx
  const expect401 = (r: Sent) => {
    expectProblem(r, 401, 'unauthorized')
    check(/^Bearer/i.test(r.headers.get('www-authenticate') ?? ''), `WWW-Authenticate: Bearer, got "${r.headers.get('www-authenticate')}"`)
  }
  const now = () => Math.floor(Date.now() / 1000)
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

  test('GET /members/me without a token → 401 unauthorized', async () => expect401(await send('GET', '/members/me')))
  test('a token for another audience → 401', async () =>
    expect401(await send('GET', '/members/me', { token: await customerToken({ aud: `${options.program}-other` }) })))
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
}
