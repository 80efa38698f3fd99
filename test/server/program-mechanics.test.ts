/**
 * The program file's punch-card rules and badges: what it accepts, what it refuses (every problem
 * with its path), and how GET /program renders them.
 */
import { describe, expect, it } from 'vitest'
import { DEMO_PROGRAM } from '../../demo/start.ts'
import { loadProgram, parseProgram, renderProgram, type ProgramDef } from '../../server/src/program/program.ts'

const demo = (): Record<string, any> => JSON.parse(JSON.stringify(loadProgram(DEMO_PROGRAM)))

/** The problems parseProgram lists for `json` (none: it passed). */
function problems(json: unknown): string[] {
  try {
    parseProgram(json, 'test')
    return []
  } catch (error) {
    return (error as { problems: string[] }).problems
  }
}

const punchCard = (o: Record<string, unknown> = {}) => ({
  id: 'card',
  kind: 'punch_card',
  name: 'Every 3rd order',
  points: 30,
  claimable: false,
  every: 3,
  ...o,
})

describe('punch-card rules in the program file', () => {
  it('accepts points, a reward or both, and renders every and rewardId', () => {
    const program = demo()
    program.rules.push(punchCard(), punchCard({ id: 'pouch', points: 0, rewardId: 'travel-pouch', every: 5 }))
    expect(problems(program)).toEqual([])
    const rules = renderProgram(parseProgram(program) as ProgramDef, 'en').rules
    expect(rules.find((r) => r.id == 'card')).toEqual({ id: 'card', kind: 'punch_card', name: 'Every 3rd order', points: 30, claimable: false, every: 3 })
    expect(rules.find((r) => r.id == 'pouch')).toMatchObject({ points: 0, every: 5, rewardId: 'travel-pouch' })
  })

  it('refuses a card without every, below 2, earning nothing, naming no reward, or claimable', () => {
    const program = demo()
    program.rules.push(
      punchCard({ id: 'a', every: undefined }),
      punchCard({ id: 'b', every: 1 }),
      punchCard({ id: 'c', points: 0 }),
      punchCard({ id: 'd', rewardId: 'nope' }),
      punchCard({ id: 'e', claimable: true }),
    )
    const n = program.rules.length
    expect(problems(program)).toEqual([
      `program.rules[${n - 4}].every: expected a whole number ≥ 2`,
      `program.rules[${n - 5}].every: is required for punch_card rules`,
      `program.rules[${n - 3}]: a punch_card rule earns points, a reward or both`,
      `program.rules[${n - 2}].rewardId: no reward has the id "nope"`,
      `program.rules[${n - 1}].claimable: a punch_card rule cannot be claimable`,
    ])
  })

  it('refuses every and rewardId on other rules', () => {
    const program = demo()
    Object.assign(program.rules[1], { every: 3, rewardId: 'travel-pouch' })
    expect(problems(program)).toEqual([
      'program.rules[1].every: only punch_card rules have every',
      'program.rules[1].rewardId: only punch_card rules have rewardId',
    ])
  })
})

describe('badges in the program file', () => {
  const badges = [
    { id: 'first-order', kind: 'orders', name: { en: 'First order', lv: 'Pirmais pasūtījums' }, description: { en: 'You placed your first order.' }, count: 1 },
    { id: 'friend', kind: 'referrals', name: 'A friend joined', count: 1 },
    { id: 'cake', kind: 'birthday', name: 'Birthday' },
    { id: 'year', kind: 'member_years', name: 'A year with us', count: 1 },
    { id: 'thousand', kind: 'lifetime_points', name: '1,000 points', count: 1000 },
    { id: 'gold', kind: 'tier', name: 'Gold', tier: 'gold' },
  ]

  it('accepts each kind and renders them localized, to guests too', () => {
    const program = { ...demo(), badges }
    expect(problems(program)).toEqual([])
    const rendered = renderProgram(parseProgram(program), 'lv').badges
    expect(rendered).toEqual([
      { id: 'first-order', kind: 'orders', name: 'Pirmais pasūtījums', description: 'You placed your first order.', count: 1 },
      { id: 'friend', kind: 'referrals', name: 'A friend joined', count: 1 },
      { id: 'cake', kind: 'birthday', name: 'Birthday' },
      { id: 'year', kind: 'member_years', name: 'A year with us', count: 1 },
      { id: 'thousand', kind: 'lifetime_points', name: '1,000 points', count: 1000 },
      { id: 'gold', kind: 'tier', name: 'Gold', tier: 'gold' },
    ])
  })

  it('refuses a missing or extra count or tier, a count below 1, an unknown tier or kind, and a duplicate id', () => {
    const program = {
      ...demo(),
      badges: [
        { id: 'a', kind: 'orders', name: 'A' },
        { id: 'b', kind: 'referrals', name: 'B', count: 0 },
        { id: 'c', kind: 'birthday', name: 'C', count: 2 },
        { id: 'd', kind: 'tier', name: 'D' },
        { id: 'e', kind: 'tier', name: 'E', tier: 'platinum' },
        { id: 'f', kind: 'lifetime_points', name: 'F', count: 10, tier: 'gold' },
        { id: 'g', kind: 'streak', name: 'G' },
        { id: 'a', kind: 'birthday', name: 'A again' },
      ],
    }
    expect(problems(program)).toEqual([
      'program.badges[1].count: expected a whole number ≥ 1',
      'program.badges[6].kind: expected one of orders, referrals, birthday, member_years, lifetime_points, tier',
      'program.badges[0].count: is required for orders badges',
      'program.badges[2].count: a birthday badge has no count',
      'program.badges[3].tier: is required for tier badges',
      'program.badges[4].tier: no tier has the id "platinum"',
      'program.badges[5].tier: only tier badges have tier',
      'program.badges[7].id: duplicate id "a"',
    ])
  })
})

describe('pictures of rewards and offers in the program file', () => {
  it('accepts an https: URL or a path on the store’s own site, and renders it as written', () => {
    const program = demo()
    program.rewards[0].imageUrl = 'https://cdn.trailpack.example/five.png'
    program.offers[0].imageUrl = '/images/thermos.svg'
    expect(problems(program)).toEqual([])
    const rendered = renderProgram(parseProgram(program) as ProgramDef, 'en')
    expect(rendered.rewards[0]!.imageUrl).toBe('https://cdn.trailpack.example/five.png')
    expect(rendered.offers![0]!.imageUrl).toBe('/images/thermos.svg')
  })

  it.each(['http://trailpack.example/a.png', '//evil.example/a.png', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'images/a.png', '/a b.png'])(
    'refuses %s, naming the field',
    (imageUrl) => {
      const program = demo()
      program.rewards[0].imageUrl = imageUrl
      expect(problems(program)).toEqual(['program.rewards[0].imageUrl: must be an https: URL or a path on the store’s site such as /images/pouch.png'])
    },
  )
})
