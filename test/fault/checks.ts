/**
 * The fault run's checks as pure functions. In: what the client did and saw in one
 * sequence, and the database rows behind it (read by verify.ts, never through the API).
 * Out: the problems found, in the order the run reports them. No I/O here, so the
 * checks themselves can be tested on hand-made rows (test/server/fault-checks.test.ts).
 */
import type { RedemptionResult, SignUpResult } from '../../src/core/contract.ts'
import { type Action, NO_SUCH_REWARD } from './types.ts'

/** The run total a problem adds to: `stale` fails a sequence only with --strict, `other` adds to none. */
export type ProblemKind = 'duplicate' | 'negative' | 'mismatch' | 'stale' | 'other'

export interface Problem {
  kind: ProblemKind
  /** What it adds to its total: a duplicate may be several extra applications, or none when only a count is off. */
  count: number
  /** The violation line, without its `seq N: ` prefix. */
  what: string
}

/** The parts of the program the checks need (a `Program` from the API fits). */
export interface ProgramFacts {
  signupBonus: number
  rewards: readonly { id: string; cost: number; kind: string }[]
  rules: readonly { id: string; points: number; claimable: boolean }[]
}

/** What the checks read of an action: how it ended for the user. */
export type ActionSeen = Pick<Action, 'kind' | 'key' | 'target' | 'outcome' | 'code' | 'status' | 'result'>

/** What the client side of one sequence did and saw. */
export interface SequenceSeen {
  /** The sequence's member, and every email the sequence signed up (the member's first). */
  email: string
  emails: readonly string[]
  /** Whether the sign-up gave the client a token (a failed one leaves it signed out). */
  signedIn: boolean
  /** Points added outside the API (0: none). */
  topUp: number
  actions: readonly ActionSeen[]
  /** The client's balance before the final refresh, and what the final member() returned. */
  seenBefore: number | undefined
  finalBalance: number | undefined
  /** What the client shows after the final refresh. */
  shown: ClientView | null | undefined
}

export interface ClientView {
  balance: number
  coupons: readonly { id: string }[]
  claimedRules: readonly string[]
}

/** An `idempotency_keys` row of one of the sequence's keys. */
export interface KeyRow {
  key: string
  state: string
  status: number | null
  body: string | null
}

/** A `ledger` row of one member. */
export interface LedgerRow {
  type: string
  points: number
  rule_id: string | null
  redemption_id: string | null
}

/** A `members` row with its ledger (in insertion order) and, for the sequence's own member, its count of `redemptions` rows. */
export interface MemberRows {
  id: string
  email: string
  ledger: readonly LedgerRow[]
  redemptions?: number
}

/** A direct replay of a key that failed for the client but is done on the server. */
export interface Replay {
  key: string
  status: number
  body: string
  /** Its Idempotent-Replayed header (null: none). */
  replayed: string | null
}

/** The database's word on one sequence. */
export interface SequenceRows {
  keys: readonly KeyRow[]
  replays: readonly Replay[]
  members: readonly MemberRows[]
}

/** Everything the checks look at for one sequence. */
export interface SequenceFacts {
  program: ProgramFacts
  /** The ledger type of a top-up on this backend. */
  topUpType: 'purchase' | 'adjustment'
  seen: SequenceSeen
  rows: SequenceRows
}

/** The checks of one sequence: what the database says against what the client saw. */
export function findProblems(facts: SequenceFacts): Problem[] {
  const keys = keyIndex(facts.rows.keys)
  const { seen } = facts
  return [
    ...keyStateProblems(seen.actions, keys, facts.rows.replays),
    ...storedResultProblems(seen.actions, keys),
    ...answerProblems(seen.actions, keys),
    ...memberCountProblems(seen, facts.rows.members, keys),
    ...facts.rows.members.flatMap((m) => ledgerProblems(facts, m, keys)),
    ...(!seen.signedIn && seen.actions[0]?.outcome == 'ok' ? [problem('other', 'signed up without a token')] : []),
  ]
}

/** Failed actions the server applied all the same (reported, not a problem: a replay returns the success). */
export function countFailedButApplied(facts: SequenceFacts): number {
  const keys = keyIndex(facts.rows.keys)
  return facts.seen.actions.filter((a) => a.outcome == 'failed' && keys.applied(a)).length
}

/** A double submit's two tries must agree: never two different successes, never a success and a definite answer. */
export function doubleSubmitProblems(a: Pick<ActionSeen, 'kind' | 'key'>, successes: readonly unknown[], answered: unknown): Problem[] {
  const problems: Problem[] = []
  if (successes.length == 2 && JSON.stringify(successes[0]) != JSON.stringify(successes[1])) {
    problems.push(problem('duplicate', `${a.kind} ${a.key}: a double submit got two different successes: ${JSON.stringify(successes)}`))
  }
  if (successes.length && answered) problems.push(problem('mismatch', `${a.kind} ${a.key}: a double submit got a success and ${String(answered)}`))
  return problems
}

const problem = (kind: ProblemKind, what: string, count = kind == 'other' ? 0 : 1): Problem => ({ kind, count, what })

interface KeyIndex {
  row(a: ActionSeen): KeyRow | undefined
  /** Done with a 2xx: the action took effect. */
  applied(a: ActionSeen): boolean
  /** The stored answer of an applied action. */
  stored<T>(a: ActionSeen): T
}

function keyIndex(rows: readonly KeyRow[]): KeyIndex {
  const rowOf = new Map(rows.map((r) => [r.key, r]))
  const applied = (a: ActionSeen) => {
    const r = rowOf.get(a.key)
    return !!r && r.state == 'done' && r.status! >= 200 && r.status! < 300
  }
  return { row: (a) => rowOf.get(a.key), applied, stored: <T>(a: ActionSeen) => JSON.parse(rowOf.get(a.key)!.body!) as T }
}

const isSignup = (a: ActionSeen) => a.kind == 'signup' || a.kind == 'signup-other'
const describe = (r: KeyRow | undefined, none: string) => (r ? `${r.state} ${r.status}` : none)

/** Each key as its action ended: a success applied, an answer stored, a failure not left running and replayed as stored. */
function keyStateProblems(actions: readonly ActionSeen[], keys: KeyIndex, replays: readonly Replay[]): Problem[] {
  const replayOf = new Map(replays.map((r) => [r.key, r]))
  const problems: Problem[] = []
  for (const a of actions) {
    const r = keys.row(a)
    if (a.outcome == 'ok' && !keys.applied(a)) {
      problems.push(problem('mismatch', `${a.kind} ${a.key}: the client saw success, the server has ${describe(r, 'no record')}`))
    }
    if (a.outcome == 'answer' && (r?.state != 'done' || r.status != a.status)) {
      problems.push(problem('mismatch', `${a.kind} ${a.key}: the client got ${a.code} ${a.status}, the server stored ${describe(r, 'nothing')}`))
    }
    if (a.outcome == 'failed' && r?.state == 'running') problems.push(problem('mismatch', `${a.kind} ${a.key}: key still running after the client went quiet`))
    if (a.outcome == 'failed' && r?.state == 'done') {
      // A failure the server finished: a retry of its key must get the stored answer back, marked as a replay.
      const replay = replayOf.get(a.key)
      if (!replay || replay.status != r.status || replay.body != r.body || replay.replayed != 'true') {
        problems.push(problem('mismatch', `${a.kind} ${a.key}: replay answered ${replay?.status} (${replay?.replayed}), stored ${r.status}`))
      }
    }
  }
  return problems
}

/** The client's successes are the stored ones. */
function storedResultProblems(actions: readonly ActionSeen[], keys: KeyIndex): Problem[] {
  return actions
    .filter((a) => a.outcome == 'ok' && keys.applied(a) && JSON.stringify(keys.stored(a)) != JSON.stringify(a.result))
    .map((a) => problem('mismatch', `${a.kind} ${a.key}: the client's result differs from the stored one`))
}

/** Business answers are truthful where the run can tell. */
function answerProblems(actions: readonly ActionSeen[], keys: KeyIndex): Problem[] {
  return actions
    .filter((a, i) => a.outcome == 'answer' && !answerIsTruthful(a, actions.slice(0, i), keys))
    .map((a) => problem('mismatch', `${a.kind} ${a.target}: unexpected answer ${a.code} ${a.status}`))
}

function answerIsTruthful(a: ActionSeen, earlier: readonly ActionSeen[], keys: KeyIndex): boolean {
  switch (a.code) {
    case 'already_claimed':
      return earlier.some((x) => x.kind == 'claim' && x.target == a.target && keys.applied(x))
    case 'email_taken':
      return earlier.some((x) => isSignup(x) && x.target == a.target && keys.applied(x))
    case 'reward_unavailable':
      return a.target == NO_SUCH_REWARD
    case 'insufficient_points':
      // The run does not follow the balance from moment to moment: any such answer is accepted.
      return true
    case 'invalid_request':
      // Birthday points need a birthday on the membership, which some sign-ups leave out.
      return a.kind == 'claim' && a.target == 'birthday'
    default:
      return false
  }
}

/** One member per email, the one its applied sign-up key stored. */
function memberCountProblems(seen: SequenceSeen, members: readonly MemberRows[], keys: KeyIndex): Problem[] {
  const problems: Problem[] = []
  for (const e of seen.emails) {
    const mine = members.filter((m) => m.email.toLowerCase() == e.toLowerCase())
    const appliedSignups = seen.actions.filter((a) => isSignup(a) && a.target == e && keys.applied(a))
    if (mine.length > 1 || appliedSignups.length > 1)
      problems.push(problem('duplicate', `${e}: ${mine.length} members, ${appliedSignups.length} applied sign-ups`))
    if (mine.length != appliedSignups.length)
      problems.push(problem('mismatch', `${e}: ${mine.length} members but ${appliedSignups.length} applied sign-up keys`))
    const [m] = mine
    const [first] = appliedSignups
    if (m && first && keys.stored<SignUpResult>(first).member.id != m.id) {
      problems.push(problem('mismatch', `${e}: member ${m.id} is not the one its sign-up key stored`))
    }
  }
  return problems
}

/** The ledger's sum, and whether any prefix of it (a balance at some moment) was negative. */
export function balanceHistory(ledger: readonly LedgerRow[]): { sum: number; negative: boolean } {
  let sum = 0
  let negative = false
  for (const row of ledger) {
    sum += row.points
    if (sum < 0) negative = true
  }
  return { sum, negative }
}

const countOf = (ledger: readonly LedgerRow[], type: string, f: (r: LedgerRow) => boolean = () => true) => ledger.filter((r) => r.type == type && f(r)).length

/** Every member: never negative, one sign-up bonus; another shopper has nothing else, the sequence's member what its keys say. */
function ledgerProblems(facts: SequenceFacts, m: MemberRows, keys: KeyIndex): Problem[] {
  const problems: Problem[] = []
  const { sum, negative } = balanceHistory(m.ledger)
  if (negative) problems.push(problem('negative', `${m.email}: balance went negative`))
  const bonuses = countOf(m.ledger, 'signup')
  if (bonuses != 1) problems.push(problem('duplicate', `${m.email}: ${bonuses} sign-up bonus entries`, Math.max(0, bonuses - 1)))
  if (m.email.toLowerCase() != facts.seen.email.toLowerCase()) {
    if (m.ledger.length != 1) problems.push(problem('mismatch', `${m.email}: ${m.ledger.length} ledger entries for a member who only signed up`))
    return problems
  }
  problems.push(...redeemProblems(facts, m, keys), ...claimProblems(facts, m, keys), ...topUpProblems(facts, m), ...sumProblems(facts, sum, keys))
  // A sign-up that failed for the client (even if applied) leaves it signed out: nothing to show.
  if (facts.seen.signedIn) problems.push(...clientViewProblems(facts.seen, sum, keys))
  return problems
}

/** Each applied redeem has exactly one ledger entry of its cost and one redemption (with a code unless a donation); no others. */
function redeemProblems(facts: SequenceFacts, m: MemberRows, keys: KeyIndex): Problem[] {
  const problems: Problem[] = []
  const redeems = facts.seen.actions.filter((a) => a.kind == 'redeem' && keys.applied(a))
  for (const a of redeems) {
    const { redemption } = keys.stored<RedemptionResult>(a)
    const entries = m.ledger.filter((r) => r.type == 'redemption' && r.redemption_id == redemption.id)
    if (entries.length != 1 || entries[0]!.points != -cost(facts.program, a.target)) {
      const what = `redeem ${a.key}: ${entries.length} ledger entries for redemption ${redemption.id}`
      problems.push(entries.length > 1 ? problem('duplicate', what, entries.length - 1) : problem('mismatch', what))
    }
    const kind = facts.program.rewards.find((r) => r.id == a.target)?.kind
    if ((redemption.code === null) != (kind == 'donation')) problems.push(problem('mismatch', `redeem ${a.key}: code ${redemption.code} for a ${kind}`))
  }
  const redeemed = new Set(redeems.map((a) => keys.stored<RedemptionResult>(a).redemption.id))
  const stray = m.ledger.filter((r) => r.type == 'redemption' && !redeemed.has(r.redemption_id ?? ''))
  if (stray.length) problems.push(problem('duplicate', `${stray.length} redemption entries without an applied key`, stray.length))
  const rows = m.redemptions ?? 0
  if (rows != redeems.length) problems.push(problem('duplicate', `${rows} redemptions for ${redeems.length} applied keys`, Math.max(0, rows - redeems.length)))
  return problems
}

/** Each claimable rule: as many claim entries as applied keys, and at most one of each. */
function claimProblems(facts: SequenceFacts, m: MemberRows, keys: KeyIndex): Problem[] {
  const claims = facts.seen.actions.filter((a) => a.kind == 'claim' && keys.applied(a))
  const problems: Problem[] = []
  for (const rule of facts.program.rules.filter((r) => r.claimable)) {
    const keysFor = claims.filter((a) => a.target == rule.id).length
    const entries = countOf(m.ledger, 'claim', (r) => r.rule_id == rule.id)
    if (keysFor > 1 || entries != keysFor) {
      const what = `claim ${rule.id}: ${entries} entries for ${keysFor} applied keys`
      problems.push(entries <= 1 && keysFor <= 1 ? problem('mismatch', what) : problem('duplicate', what, Math.max(entries - 1, keysFor - 1)))
    }
  }
  return problems
}

/** One top-up entry if the sequence topped up, none otherwise; no purchases unless top-ups are purchases. */
function topUpProblems(facts: SequenceFacts, m: MemberRows): Problem[] {
  const { topUpType } = facts
  const expected = facts.seen.topUp ? 1 : 0
  const found = countOf(m.ledger, topUpType)
  if (found == expected && (topUpType == 'purchase' || countOf(m.ledger, 'purchase') == 0)) return []
  return [problem('mismatch', `${found} ${topUpType} entries for ${expected} top-ups`)]
}

/** The ledger's sum is what the applied keys say: bonus + top-up + claims − redeems. */
function sumProblems(facts: SequenceFacts, sum: number, keys: KeyIndex): Problem[] {
  const { program, seen } = facts
  const applied = (kind: ActionSeen['kind']) => seen.actions.filter((a) => a.kind == kind && keys.applied(a))
  const claimed = applied('claim').reduce((t, a) => t + rulePoints(program, a.target), 0)
  const spent = applied('redeem').reduce((t, a) => t + cost(program, a.target), 0)
  const expected = program.signupBonus + seen.topUp + claimed - spent
  return sum == expected ? [] : [problem('mismatch', `ledger sum ${sum}, applied keys say ${expected}`)]
}

/** Truthful UI: after the final refresh the client shows the ledger's balance, its coupons and claimed rules. */
function clientViewProblems(seen: SequenceSeen, sum: number, keys: KeyIndex): Problem[] {
  const problems: Problem[] = []
  const { shown } = seen
  if (seen.finalBalance !== sum || shown?.balance !== sum) {
    problems.push(problem('mismatch', `client shows ${shown?.balance} (member() said ${seen.finalBalance}), ledger says ${sum}`))
  }
  const coupons = new Set(shown?.coupons.map((c) => c.id))
  for (const a of seen.actions.filter((x) => x.kind == 'redeem' && x.outcome == 'ok')) {
    const id = (a.result as RedemptionResult).redemption.id
    if (!coupons.has(id)) problems.push(problem('mismatch', `redemption ${id} the client was given is missing from its coupons`))
  }
  for (const a of seen.actions.filter((x) => x.kind == 'claim' && keys.applied(x))) {
    if (!shown?.claimedRules.includes(a.target)) problems.push(problem('mismatch', `claimed rule ${a.target} not shown as claimed`))
  }
  return [...problems, ...staleProblems(seen, sum)]
}

/**
 * Without a refresh, the client knows the balance of its last successful redeem or claim
 * (not the top-up's points): it must still show it when nothing after that is uncertain.
 */
function staleProblems(seen: SequenceSeen, sum: number): Problem[] {
  const lastSuccess = seen.actions.findLastIndex((a) => (a.kind == 'redeem' || a.kind == 'claim') && a.outcome == 'ok')
  if (lastSuccess < 0 || seen.seenBefore === sum || seen.actions.some((a) => a.outcome == 'failed')) return []
  return [problem('stale', `before the final refresh the client showed ${seen.seenBefore}, the ledger says ${sum} (every action had a definite answer)`)]
}

const cost = (program: ProgramFacts, id: string) => program.rewards.find((r) => r.id == id)?.cost ?? NaN
const rulePoints = (program: ProgramFacts, id: string) => program.rules.find((r) => r.id == id)?.points ?? NaN
