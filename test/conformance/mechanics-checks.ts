/**
 * Conformance checks of the program's optional mechanics: campaigns, badges and punch-card rules
 * in `GET /program`, and a member's `badges` and `punchCards`. Each is checked only when the
 * backend sends it: a backend without them conforms as it is. What is checked is that they are
 * well-formed beyond their shape and agree with each other and with the program.
 */
import { MemberSchema } from '../../src/core/schemas.ts'
import type { Member, Program } from '../../src/core/contract.ts'
import { check, equal, need, type ConformanceContext } from './http.ts'
import type { ShopperState } from './state.ts'

/** Clocks of the checker and the backend may differ this much. */
const SKEW_MS = 60_000
const COUNTED: readonly string[] = ['orders', 'referrals', 'member_years', 'lifetime_points']

const unique = (ids: readonly string[]) => new Set(ids).size == ids.length

/** The program's campaigns, badges and punch-card rules: what their shapes cannot say. */
export function checkProgramMechanics(program: Program, now = Date.now()): void {
  const campaigns = program.campaigns ?? []
  check(unique(campaigns.map((c) => c.id)), 'campaign ids are unique')
  for (const c of campaigns) {
    check(Date.parse(c.endsAt) > Date.parse(c.startsAt), `campaign ${c.id} ends after it starts`)
    check(Date.parse(c.endsAt) > now - SKEW_MS, `campaign ${c.id} has not ended (ended ones are not listed)`)
    check(c.multiplier !== undefined || c.bonus !== undefined, `campaign ${c.id} has a multiplier, a bonus or both`)
    check(c.multiplier === undefined || c.multiplier > 0, `campaign ${c.id}'s multiplier is > 0`)
  }
  const badges = program.badges ?? []
  check(unique(badges.map((b) => b.id)), 'badge ids are unique')
  for (const b of badges) {
    if (COUNTED.includes(b.kind)) check(b.count !== undefined && b.count >= 1, `${b.kind} badge ${b.id} has a count ≥ 1`)
    if (b.kind == 'tier')
      check(
        program.tiers.some((t) => t.id == b.tier),
        `tier badge ${b.id} names a tier of the program, got ${b.tier}`,
      )
  }
  for (const rule of program.rules.filter((r) => r.kind == 'punch_card')) {
    check(rule.every !== undefined && rule.every >= 2, `punch_card rule ${rule.id} has every ≥ 2, got ${rule.every}`)
    check(!rule.claimable, `punch_card rule ${rule.id} is not claimable`)
    check(rule.points > 0 || rule.rewardId !== undefined, `punch_card rule ${rule.id} earns points, a reward or both`)
    if (rule.rewardId !== undefined)
      check(
        program.rewards.some((r) => r.id == rule.rewardId),
        `punch_card rule ${rule.id}'s reward ${rule.rewardId} is a reward of the program`,
      )
  }
}

/** A member's badges and punch cards against the program. */
export function checkMemberMechanics(member: Member, program: Program, now = Date.now()): void {
  const badges = member.badges ?? []
  check(unique(badges.map((b) => b.id)), 'the member has each badge once')
  for (const b of badges) {
    check(
      program.badges?.some((x) => x.id == b.id),
      `the member's badge ${b.id} is one of the program's badges`,
    )
    const at = Date.parse(b.earnedAt)
    check(at <= now + SKEW_MS, `badge ${b.id} was earned by now, got ${b.earnedAt}`)
    check(at >= Date.parse(member.createdAt) - SKEW_MS, `badge ${b.id} was earned after joining, got ${b.earnedAt}`)
  }
  const cards = member.punchCards ?? []
  check(unique(cards.map((c) => c.ruleId)), 'the member has one punch card per rule')
  for (const card of cards) {
    const rule = program.rules.find((r) => r.id == card.ruleId)
    check(rule?.kind == 'punch_card', `punch card ${card.ruleId} is a punch_card rule of the program`)
    check(rule.every !== undefined && card.count < rule.every, `punch card ${card.ruleId}: count ${card.count} is below its rule's every (${rule.every})`)
  }
}

export function mechanicsChecks(ctx: ConformanceContext, state: ShopperState): void {
  const { send, json, test } = ctx
  test('GET /program: campaigns, badges and punch-card rules, when listed, are consistent', async () => {
    checkProgramMechanics(need(state.program, 'the program'))
  })

  test('GET /members/me: badges and punch cards, when present, agree with the program', async () => {
    const member = json(await send('GET', '/members/me', { token: need(state.memberToken, 'a member') }), 200, MemberSchema, 'member')
    checkMemberMechanics(member, need(state.program, 'the program'))
  })

  // Optional: a backend that keeps what the widget last showed sends it back as `seen`. Nothing happens
  // to the member between these two answers, so the second's `seen` is what the first showed.
  test('GET /members/me twice: `seen`, when sent, is what the answer before showed', async () => {
    const token = need(state.memberToken, 'a member')
    const first = json(await send('GET', '/members/me', { token }), 200, MemberSchema, 'member')
    const { seen } = json(await send('GET', '/members/me', { token }), 200, MemberSchema, 'member')
    if (!seen) return
    const ids = (badges?: { id: string }[]) => (badges ?? []).map((b) => b.id).sort()
    equal([seen.balance, seen.tier.id, ids(seen.badges)], [first.balance, first.tier.id, ids(first.badges)], 'seen [balance, tier.id, badge ids]')
  })
}
