/**
 * Conformance checks of what a member does with points: claims, redemptions with their
 * Idempotency-Key (replayed, conflicting, missing), refusals, the activity pages, and the
 * member's referral offer.
 */
import { randomUUID } from 'node:crypto'
import type { ActivityPage } from '../../src/core/contract.ts'
import { ActivityPageSchema, ClaimResultSchema, MemberSchema, RedemptionResultSchema, ReferralOfferSchema } from '../../src/core/schemas.ts'
import { check, equal, need, type ConformanceContext } from './http.ts'
import type { ShopperState } from './state.ts'

/** Claims, then redemptions with their Idempotency-Key (replayed, conflicting, missing) and refusals. */
export function pointsChecks(ctx: ConformanceContext, state: ShopperState): void {
  claimChecks(ctx, state)
  redemptionChecks(ctx, state)
  refusedRedemptionChecks(ctx, state)
}

/** A claim of a claimable rule, once only; an unknown rule is refused. */
function claimChecks(ctx: ConformanceContext, state: ShopperState): void {
  const { run, send, expectProblem, json, test } = ctx
  let claimRuleId: string | undefined
  test('POST /members/me/claims → 201 ClaimResult', async () => {
    const p = need(state.program, 'the program')
    const rule = p.rules.find((r) => r.claimable && r.kind != 'birthday') ?? (p.signupFields.birthday ? p.rules.find((r) => r.claimable) : undefined)
    check(rule, 'program assumption: a claimable rule (other than birthday, or birthday with a birthday sign-up field)')
    const before = need(state.member, 'a member').balance
    const result = json(
      await send('POST', '/members/me/claims', { token: need(state.memberToken, 'a member'), body: { ruleId: rule.id } }),
      201,
      ClaimResultSchema,
      'claim',
    )
    equal(result.ruleId, rule.id, 'ruleId')
    equal(result.points, rule.points, 'points')
    equal(result.balance, before + rule.points, 'balance after claim')
    claimRuleId = rule.id
    state.member = { ...state.member!, balance: result.balance }
    if (rule.points > 0) state.expectedEntries++
  })

  test('claiming the same rule again → 422 already_claimed', async () => {
    expectProblem(
      await send('POST', '/members/me/claims', { token: need(state.memberToken, 'a member'), body: { ruleId: need(claimRuleId, 'a claim') } }),
      422,
      'already_claimed',
    )
    const me = json(await send('GET', '/members/me', { token: state.memberToken }), 200, MemberSchema, 'member')
    check(me.claimedRules.includes(claimRuleId!), `claimedRules lists ${claimRuleId}`)
    equal(me.balance, state.member!.balance, 'balance unchanged')
  })

  test('claiming an unknown rule → 422 invalid_request', async () => {
    expectProblem(
      await send('POST', '/members/me/claims', { token: need(state.memberToken, 'a member'), body: { ruleId: `no-such-rule-${run}` } }),
      422,
      'invalid_request',
    )
  })
}

/** The first redemption, and its Idempotency-Key: replayed, reused with another body, missing. */
function redemptionChecks(ctx: ConformanceContext, state: ShopperState): void {
  const { send, expectStatus, expectProblem, json, test } = ctx
  test('POST /members/me/redemptions → 201 RedemptionResult', async () => {
    const balance = need(state.member, 'a member').balance
    const affordable = need(state.program, 'the program')
      .rewards.filter((r) => r.cost <= balance)
      .sort((a, b) => a.cost - b.cost)[0]
    check(affordable, `program assumption: a reward costing ≤ ${balance} points`)
    state.redeemKey = randomUUID()
    state.redeemBody = { rewardId: affordable.id }
    const r = await send('POST', '/members/me/redemptions', { token: state.memberToken, idempotencyKey: state.redeemKey, body: state.redeemBody })
    const result = json(r, 201, RedemptionResultSchema, 'redemption')
    state.redeemText = r.text
    equal(result.redemption.rewardId, affordable.id, 'rewardId')
    equal(result.redemption.points, affordable.cost, 'points')
    equal(result.balance, balance - affordable.cost, 'balance after redemption')
    if (affordable.kind == 'donation') equal(result.redemption.code, null, 'a donation has no code')
    else check(result.redemption.code, 'a coupon code')
    state.member = { ...state.member!, balance: result.balance }
    if (affordable.cost > 0) state.expectedEntries++
    const me = json(await send('GET', '/members/me', { token: state.memberToken }), 200, MemberSchema, 'member')
    equal(me.balance, result.balance, 'balance of /members/me')
    check(
      me.coupons.some((c) => c.id == result.redemption.id),
      'the redemption is among the coupons',
    )
  })

  test('the same Idempotency-Key and body replay the first response, applied once', async () => {
    const r = await send('POST', '/members/me/redemptions', {
      token: need(state.memberToken, 'a member'),
      idempotencyKey: need(state.redeemKey, 'a redemption'),
      body: state.redeemBody,
    })
    expectStatus(r, 201, 'replay')
    equal(r.text, state.redeemText, 'replayed body')
    const me = json(await send('GET', '/members/me', { token: state.memberToken }), 200, MemberSchema, 'member')
    equal(me.balance, state.member!.balance, 'balance after the replay')
  })

  test('the same Idempotency-Key with another body → 422 idempotency_conflict', async () => {
    const other = need(state.program, 'the program').rewards.find((r) => r.id != need(state.redeemBody, 'a redemption').rewardId)
    check(other, 'program assumption: two rewards')
    expectProblem(
      await send('POST', '/members/me/redemptions', { token: state.memberToken, idempotencyKey: state.redeemKey, body: { rewardId: other.id } }),
      422,
      'idempotency_conflict',
    )
  })

  test('POST /members/me/redemptions without Idempotency-Key → 400 invalid_request', async () => {
    expectProblem(
      await send('POST', '/members/me/redemptions', { token: need(state.memberToken, 'a member'), idempotencyKey: null, body: state.redeemBody }),
      400,
      'invalid_request',
    )
  })
}

/** Redemptions refused: more than the balance, or a reward that does not exist. */
function refusedRedemptionChecks(ctx: ConformanceContext, state: ShopperState): void {
  const { run, send, expectProblem, json, test } = ctx
  test('redeeming more than the balance → 422 insufficient_points', async () => {
    const balance = need(state.member, 'a member').balance
    const expensive = need(state.program, 'the program').rewards.find((r) => r.cost > balance)
    check(expensive, `program assumption: a reward costing more than ${balance} points`)
    expectProblem(await send('POST', '/members/me/redemptions', { token: state.memberToken, body: { rewardId: expensive.id } }), 422, 'insufficient_points')
    const me = json(await send('GET', '/members/me', { token: state.memberToken }), 200, MemberSchema, 'member')
    equal(me.balance, balance, 'balance unchanged')
  })

  test('redeeming an unknown reward → 422 reward_unavailable', async () => {
    expectProblem(
      await send('POST', '/members/me/redemptions', { token: need(state.memberToken, 'a member'), body: { rewardId: `no-such-reward-${run}` } }),
      422,
      'reward_unavailable',
    )
  })
}

/** The member's activity pages, and their referral offer. */
export function activityChecks(ctx: ConformanceContext, state: ShopperState): void {
  const { run, send, expectProblem, json, test } = ctx
  test('GET /members/me/activity answers an ActivityPage, newest first', async () => {
    const page = json(await send('GET', '/members/me/activity', { token: need(state.memberToken, 'a member') }), 200, ActivityPageSchema, 'activity')
    equal(page.entries.length, state.expectedEntries, 'number of entries (sign-up, claim, redemption)')
    equal(page.nextCursor, null, 'nextCursor of the only page')
    const last = page.entries[page.entries.length - 1]
    if (state.program!.signupBonus > 0) check(last?.type == 'signup' && last.points == state.program!.signupBonus, 'the oldest entry is the sign-up bonus')
    const redemption = page.entries.find((e) => e.type == 'redemption')
    check(!redemption || redemption.points < 0, 'redemption entries are negative')
    const times = page.entries.map((e) => Date.parse(e.createdAt))
    check(
      times.every((t, i) => i == 0 || t <= times[i - 1]!),
      'entries are newest first',
    )
  })

  test('activity pages with limit and an opaque cursor', async () => {
    const token = need(state.memberToken, 'a member')
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
    equal(ids.length, state.expectedEntries, 'entries over all pages')
    equal(new Set(ids).size, ids.length, 'no entry twice')
  })

  test('GET /referrals/{code} of a member → ReferralOffer', async () => {
    const code = need(state.member, 'a member').referral.code
    const offer = json(await send('GET', `/referrals/${encodeURIComponent(code)}`), 200, ReferralOfferSchema, 'referral offer')
    equal(offer.friend, state.program!.referral.friend, 'friend offer matches the program')
  })

  test('GET /referrals/{unknown} → 404 not_found', async () => {
    expectProblem(await send('GET', `/referrals/NOPE${run.toUpperCase()}X`), 404, 'not_found')
  })
}
