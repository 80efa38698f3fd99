/**
 * The fault run's checks (test/fault/checks.ts) on hand-made rows: a clean sequence
 * gives no problem, and each kind of wrong row is found and counted where the run
 * counts it. (In the server project for the node environment; it starts no server.)
 */
import { describe, expect, test } from 'vitest'
import {
  type ActionSeen,
  balanceHistory,
  countFailedButApplied,
  doubleSubmitProblems,
  findProblems,
  type KeyRow,
  type LedgerRow,
  type Problem,
  type ProgramFacts,
  type SequenceFacts,
} from '../fault/checks.ts'

const program: ProgramFacts = {
  signupBonus: 100,
  rewards: [
    { id: 'coffee', cost: 300, kind: 'amount_off' },
    { id: 'trees', cost: 200, kind: 'donation' },
  ],
  rules: [
    { id: 'newsletter', points: 50, claimable: true },
    { id: 'birthday', points: 100, claimable: true },
    { id: 'purchase', points: 1, claimable: false },
  ],
}

const ANN = 'ann@example.com'
const BOB = 'bob@example.com'
const coffeeResult = { redemption: { id: 'r-coffee', rewardId: 'coffee', code: 'CODE1', points: 300 }, balance: 400 }
const treesResult = { redemption: { id: 'r-trees', rewardId: 'trees', code: null, points: 200 }, balance: 250 }

/** Ann signs up, redeems, claims, gets two definite answers, a guest joins, and one redeem times out although the server applied it. */
const actions = (): ActionSeen[] => [
  { kind: 'signup', key: 'k-ann', target: ANN, outcome: 'ok', result: { member: { id: 'm-ann' }, token: 't-ann' } },
  { kind: 'redeem', key: 'k-coffee', target: 'coffee', outcome: 'ok', result: coffeeResult },
  { kind: 'claim', key: 'k-news', target: 'newsletter', outcome: 'ok', result: { ruleId: 'newsletter', points: 50, balance: 450 } },
  { kind: 'redeem', key: 'k-nothing', target: 'no-such-reward', outcome: 'answer', code: 'reward_unavailable', status: 422 },
  { kind: 'signup-other', key: 'k-bob', target: BOB, outcome: 'ok', result: { member: { id: 'm-bob' }, token: 't-bob' } },
  { kind: 'claim', key: 'k-news-again', target: 'newsletter', outcome: 'answer', code: 'already_claimed', status: 422 },
  { kind: 'redeem', key: 'k-trees', target: 'trees', outcome: 'failed', code: 'timeout', status: 0 },
]

const done = (key: string, status: number, body: unknown): KeyRow => ({ key, state: 'done', status, body: JSON.stringify(body) })
const entry = (type: string, points: number, more: Partial<LedgerRow> = {}): LedgerRow => ({ type, points, rule_id: null, redemption_id: null, ...more })

/** A sequence where everything is as it should be: ledger sum 100 + 600 − 300 + 50 − 200 = 250. */
function clean(): SequenceFacts {
  const seen = actions()
  return {
    program,
    topUpType: 'adjustment',
    seen: {
      email: ANN,
      emails: [ANN, BOB],
      signedIn: true,
      topUp: 600,
      actions: seen,
      seenBefore: 450,
      finalBalance: 250,
      shown: { balance: 250, coupons: [{ id: 'r-coffee' }, { id: 'r-trees' }], claimedRules: ['newsletter'] },
    },
    rows: {
      keys: [
        done('k-ann', 201, seen[0]!.result),
        done('k-coffee', 201, coffeeResult),
        done('k-news', 200, seen[2]!.result),
        done('k-nothing', 422, { code: 'reward_unavailable' }),
        done('k-bob', 201, seen[4]!.result),
        done('k-news-again', 422, { code: 'already_claimed' }),
        done('k-trees', 201, treesResult),
      ],
      replays: [{ key: 'k-trees', status: 201, body: JSON.stringify(treesResult), replayed: 'true' }],
      members: [
        {
          id: 'm-ann',
          email: ANN,
          ledger: [
            entry('signup', 100),
            entry('adjustment', 600),
            entry('redemption', -300, { redemption_id: 'r-coffee' }),
            entry('claim', 50, { rule_id: 'newsletter' }),
            entry('redemption', -200, { redemption_id: 'r-trees' }),
          ],
          redemptions: 2,
        },
        { id: 'm-bob', email: BOB, ledger: [entry('signup', 100)] },
      ],
    },
  }
}

/** The sequence's own member (Ann), whose rows the tests change. */
const ann = (f: SequenceFacts) => f.rows.members[0]!
/** Ann's ledger with entry i replaced (undefined: removed), or entries added at the end. */
const replaceEntry = (f: SequenceFacts, i: number, row?: LedgerRow) => {
  ann(f).ledger = ann(f).ledger.flatMap((r, j) => (j != i ? [r] : row ? [row] : []))
}
const addEntries = (f: SequenceFacts, ...rows: LedgerRow[]) => {
  ann(f).ledger = [...ann(f).ledger, ...rows]
}
const mismatch = (what: string): Problem => ({ kind: 'mismatch', count: 1, what })
/** What the problems add to the run's totals, by kind. */
const totals = (problems: Problem[]) => {
  const t: Partial<Record<Problem['kind'], number>> = {}
  for (const p of problems) t[p.kind] = (t[p.kind] ?? 0) + p.count
  return t
}

describe('a clean sequence', () => {
  test('has no problem', () => {
    expect(findProblems(clean())).toEqual([])
  })

  test('counts the failed action the server applied', () => {
    expect(countFailedButApplied(clean())).toBe(1)
  })

  test('on PGlite, top-ups are purchases', () => {
    const f = clean()
    f.topUpType = 'purchase'
    replaceEntry(f, 1, entry('purchase', 600))
    expect(findProblems(f)).toEqual([])
  })
})

describe('duplicate applications', () => {
  test('a redemption applied twice', () => {
    const f = clean()
    addEntries(f, entry('redemption', -300, { redemption_id: 'r-coffee' }))
    ann(f).redemptions = 3
    const problems = findProblems(f)
    expect(problems).toContainEqual({ kind: 'duplicate', count: 1, what: 'redeem k-coffee: 2 ledger entries for redemption r-coffee' })
    expect(problems).toContainEqual({ kind: 'duplicate', count: 1, what: '3 redemptions for 2 applied keys' })
    expect(totals(problems).duplicate).toBe(2)
  })

  test('a claim applied twice', () => {
    const f = clean()
    addEntries(f, entry('claim', 50, { rule_id: 'newsletter' }))
    expect(findProblems(f)).toEqual([
      { kind: 'duplicate', count: 1, what: 'claim newsletter: 2 entries for 1 applied keys' },
      mismatch('ledger sum 300, applied keys say 250'),
      mismatch('client shows 250 (member() said 250), ledger says 300'),
    ])
  })

  test('a sign-up bonus twice', () => {
    const f = clean()
    f.rows.members[1]!.ledger = [entry('signup', 100), entry('signup', 100)]
    expect(findProblems(f)).toEqual([
      { kind: 'duplicate', count: 1, what: `${BOB}: 2 sign-up bonus entries` },
      mismatch(`${BOB}: 2 ledger entries for a member who only signed up`),
    ])
  })

  test('two members for one email', () => {
    const f = clean()
    f.rows.members = [...f.rows.members, { id: 'm-bob-2', email: 'Bob@Example.com', ledger: [entry('signup', 100)] }]
    expect(findProblems(f)).toEqual([
      { kind: 'duplicate', count: 1, what: `${BOB}: 2 members, 1 applied sign-ups` },
      mismatch(`${BOB}: 2 members but 1 applied sign-up keys`),
    ])
  })

  test('a redemption entry that no applied key explains', () => {
    const f = clean()
    addEntries(f, entry('redemption', -1, { redemption_id: 'r-unknown' }))
    ann(f).redemptions = 3
    expect(findProblems(f)).toEqual([
      { kind: 'duplicate', count: 1, what: '1 redemption entries without an applied key' },
      { kind: 'duplicate', count: 1, what: '3 redemptions for 2 applied keys' },
      mismatch('ledger sum 249, applied keys say 250'),
      mismatch('client shows 250 (member() said 250), ledger says 249'),
    ])
  })

  test('a double submit with two different successes, or a success and a definite answer', () => {
    const a = { kind: 'redeem', key: 'k' } as const
    expect(doubleSubmitProblems(a, [{ id: 1 }, { id: 2 }], undefined)).toEqual([
      { kind: 'duplicate', count: 1, what: 'redeem k: a double submit got two different successes: [{"id":1},{"id":2}]' },
    ])
    expect(doubleSubmitProblems(a, [{ id: 1 }], 'LoyaltyError: insufficient_points')).toEqual([
      mismatch('redeem k: a double submit got a success and LoyaltyError: insufficient_points'),
    ])
    expect(doubleSubmitProblems(a, [{ id: 1 }, { id: 1 }], undefined)).toEqual([])
    expect(doubleSubmitProblems(a, [], 'LoyaltyError: insufficient_points')).toEqual([])
  })
})

describe('negative balances', () => {
  test('a balance below zero at some moment, even if the sum ends right', () => {
    const f = clean()
    const [signup, adjustment, redemption, ...rest] = ann(f).ledger
    ann(f).ledger = [signup!, redemption!, adjustment!, ...rest]
    expect(findProblems(f)).toEqual([{ kind: 'negative', count: 1, what: `${ANN}: balance went negative` }])
  })

  test('balanceHistory follows every prefix', () => {
    expect(balanceHistory([entry('signup', 100), entry('redemption', -150), entry('adjustment', 100)])).toEqual({ sum: 50, negative: true })
    expect(balanceHistory([entry('signup', 100), entry('redemption', -100)])).toEqual({ sum: 0, negative: false })
    expect(balanceHistory([])).toEqual({ sum: 0, negative: false })
  })
})

describe('keys against what the client saw', () => {
  test('a success the server has no record of', () => {
    const f = clean()
    f.rows.keys = f.rows.keys.filter((k) => k.key != 'k-bob')
    f.rows.members = f.rows.members.filter((m) => m.id != 'm-bob')
    expect(findProblems(f)).toEqual([mismatch('signup-other k-bob: the client saw success, the server has no record')])
  })

  test('a business answer the server did not store', () => {
    const f = clean()
    f.rows.keys = f.rows.keys.map((k) => (k.key == 'k-nothing' ? { ...k, state: 'running', status: null, body: null } : k))
    expect(findProblems(f)).toEqual([mismatch('redeem k-nothing: the client got reward_unavailable 422, the server stored running null')])
  })

  test('a failed key still running', () => {
    const f = clean()
    f.rows.keys = f.rows.keys.map((k) => (k.key == 'k-trees' ? { ...k, state: 'running', status: null, body: null } : k))
    replaceEntry(f, 4)
    ann(f).redemptions = 1
    f.seen.finalBalance = 450
    f.seen.shown = { balance: 450, coupons: [{ id: 'r-coffee' }], claimedRules: ['newsletter'] }
    expect(findProblems(f)).toEqual([mismatch('redeem k-trees: key still running after the client went quiet')])
    expect(countFailedButApplied(f)).toBe(0)
  })

  test('a replay that is not the stored answer', () => {
    const f = clean()
    f.rows.replays = [{ key: 'k-trees', status: 201, body: JSON.stringify(treesResult), replayed: null }]
    expect(findProblems(f)).toEqual([mismatch('redeem k-trees: replay answered 201 (null), stored 201')])
    f.rows.replays = [{ key: 'k-trees', status: 422, body: '{}', replayed: 'true' }]
    expect(findProblems(f)).toEqual([mismatch('redeem k-trees: replay answered 422 (true), stored 201')])
  })

  test("a client's success that differs from the stored one", () => {
    const f = clean()
    f.rows.keys = f.rows.keys.map((k) => (k.key == 'k-news' ? done('k-news', 200, { ruleId: 'newsletter', points: 50, balance: 999 }) : k))
    expect(findProblems(f)).toEqual([mismatch("claim k-news: the client's result differs from the stored one")])
  })

  test('a business answer that cannot be true', () => {
    const f = clean()
    const seen = [...f.seen.actions]
    // email_taken for Bob before anyone signed Bob up.
    seen.splice(1, 0, { kind: 'signup-other', key: 'k-early', target: BOB, outcome: 'answer', code: 'email_taken', status: 422 })
    f.seen.actions = seen
    f.rows.keys = [...f.rows.keys, done('k-early', 422, { code: 'email_taken' })]
    expect(findProblems(f)).toEqual([mismatch(`signup-other ${BOB}: unexpected answer email_taken 422`)])
  })

  test('a sign-up key that stored another member', () => {
    const f = clean()
    f.rows.members[1]!.id = 'm-someone-else'
    expect(findProblems(f)).toEqual([mismatch(`${BOB}: member m-someone-else is not the one its sign-up key stored`)])
  })

  test('a donation given a code', () => {
    const f = clean()
    const withCode = { ...treesResult, redemption: { ...treesResult.redemption, code: 'CODE2' } }
    f.rows.keys = f.rows.keys.map((k) => (k.key == 'k-trees' ? done('k-trees', 201, withCode) : k))
    f.rows.replays = [{ key: 'k-trees', status: 201, body: JSON.stringify(withCode), replayed: 'true' }]
    expect(findProblems(f)).toEqual([mismatch('redeem k-trees: code CODE2 for a donation')])
  })
})

describe('the ledger against the keys', () => {
  test('a sum that the applied keys do not explain', () => {
    const f = clean()
    f.seen.topUp = 900
    expect(findProblems(f)).toEqual([mismatch('ledger sum 250, applied keys say 550')])
  })

  test('a top-up that is missing', () => {
    const f = clean()
    replaceEntry(f, 1, entry('claim', 600, { rule_id: 'birthday' }))
    expect(findProblems(f)).toContainEqual(mismatch('0 adjustment entries for 1 top-ups'))
  })

  test('a purchase where top-ups are adjustments', () => {
    const f = clean()
    addEntries(f, entry('purchase', 10))
    expect(findProblems(f)).toContainEqual(mismatch('1 adjustment entries for 1 top-ups'))
  })
})

describe('what the client shows', () => {
  test('a wrong balance, a missing coupon and a claim not shown', () => {
    const f = clean()
    f.seen.shown = { balance: 240, coupons: [{ id: 'r-trees' }], claimedRules: [] }
    expect(findProblems(f)).toEqual([
      mismatch('client shows 240 (member() said 250), ledger says 250'),
      mismatch('redemption r-coffee the client was given is missing from its coupons'),
      mismatch('claimed rule newsletter not shown as claimed'),
    ])
  })

  test('nothing to show for a client the sign-up left signed out', () => {
    const f = clean()
    f.seen.signedIn = false
    f.seen.shown = null
    f.seen.finalBalance = undefined
    expect(findProblems(f)).toEqual([{ kind: 'other', count: 0, what: 'signed up without a token' }])
  })

  test('a stale balance before the final refresh, when every action had a definite answer', () => {
    const f = clean()
    f.seen.actions = f.seen.actions.filter((a) => a.key != 'k-trees')
    f.rows.keys = f.rows.keys.filter((k) => k.key != 'k-trees')
    f.rows.replays = []
    replaceEntry(f, 4)
    ann(f).redemptions = 1
    f.seen.finalBalance = 450
    f.seen.shown = { balance: 450, coupons: [{ id: 'r-coffee' }], claimedRules: ['newsletter'] }
    expect(findProblems(f)).toEqual([])
    f.seen.seenBefore = 400
    expect(findProblems(f)).toEqual([
      { kind: 'stale', count: 1, what: 'before the final refresh the client showed 400, the ledger says 450 (every action had a definite answer)' },
    ])
  })
})
