/**
 * Step 5 of a sequence: the database's word against what the client saw. The rows
 * are read here in one step (and failed keys that are done are replayed directly);
 * checks.ts decides what is wrong, and `report` adds it to the run's totals.
 */
import type { HeadlessClient } from '../../src/entries/headless.ts'
import { PROGRAM } from './backends.ts'
import {
  type ClientView,
  countFailedButApplied,
  findProblems,
  type KeyRow,
  type LedgerRow,
  type MemberRows,
  type Problem,
  type Replay,
  type SequenceRows,
  type SequenceSeen,
} from './checks.ts'
import type { Action, FaultRunResult, RunContext, Sequence } from './types.ts'

/** How the sequence's client side ended. */
export interface SequenceEnd {
  client: HeadlessClient
  token: string | null
  email: string
  /** Every email the sequence signed up, its member's first. */
  emails: ReadonlySet<string>
  topUp: number
  /** The client's balance before the final refresh, and what the final member() returned. */
  seenBefore: number | undefined
  finalBalance: number | undefined
}

/** Checks one sequence against the database; its problems go to the run's totals and the sequence's lines. */
export async function verifySequence(ctx: RunContext, seq: Sequence, end: SequenceEnd): Promise<void> {
  for (const a of seq.actions) if (ctx.proxy.victims.has(a.key)) ctx.result.killedActions[a.outcome]++
  const rows = await readRows(ctx, seq.actions, end)
  // Read after the rows, as the user would look at it last.
  const facts = { program: ctx.program, topUpType: ctx.backend.topUpType, seen: seenBy(seq.actions, end), rows }
  ctx.result.failedButApplied += countFailedButApplied(facts)
  report(ctx, seq, findProblems(facts))
}

const TOTALS = { duplicate: 'duplicates', negative: 'negatives', mismatch: 'mismatches', stale: 'staleBeforeRefresh' } as const satisfies Record<
  Exclude<Problem['kind'], 'other'>,
  keyof FaultRunResult
>

/** Adds problems to the run's totals and fails the sequence on each; a stale balance only with --strict (else a log line). */
export function report(ctx: RunContext, seq: Sequence, problems: readonly Problem[]): void {
  for (const p of problems) {
    if (p.kind != 'other') ctx.result[TOTALS[p.kind]] += p.count
    if (p.kind == 'stale' && !ctx.options.strict) ctx.log(`seq ${seq.index}: ${p.what}`)
    else seq.fail(p.what)
  }
}

function seenBy(actions: readonly Action[], end: SequenceEnd): SequenceSeen {
  const shown: ClientView | null | undefined = end.client.state.member.value
  return {
    email: end.email,
    emails: [...end.emails],
    signedIn: !!end.token,
    topUp: end.topUp,
    actions,
    seenBefore: end.seenBefore,
    finalBalance: end.finalBalance,
    shown,
  }
}

/** Everything the checks read from the database, in one step. */
async function readRows(ctx: RunContext, actions: readonly Action[], end: SequenceEnd): Promise<SequenceRows> {
  const keys = await readKeys(ctx, actions)
  const replays = await replayFailedButDone(ctx, actions, keys)
  const members = await readMembers(ctx, end.emails, end.email)
  return { keys, replays, members }
}

function readKeys(ctx: RunContext, actions: readonly Action[]): Promise<KeyRow[]> {
  return ctx.backend.query<KeyRow>(`SELECT key, state, status, body FROM idempotency_keys WHERE program_key = $1 AND key = ANY($2::text[])`, [
    PROGRAM,
    actions.map((a) => a.key),
  ])
}

/** A failed action whose key is done: its key again, straight to the server (no proxy), as the user's next click would send it. */
async function replayFailedButDone(ctx: RunContext, actions: readonly Action[], keys: readonly KeyRow[]): Promise<Replay[]> {
  const done = new Set(keys.filter((r) => r.state == 'done').map((r) => r.key))
  const replays: Replay[] = []
  for (const a of actions.filter((x) => x.outcome == 'failed' && done.has(x.key))) {
    const response = await ctx.direct(a.path, { key: a.key, body: a.body, token: a.token })
    const body = await response.text()
    replays.push({ key: a.key, status: response.status, body, replayed: response.headers.get('idempotent-replayed') })
  }
  return replays
}

/** The members of the sequence's emails with their ledgers; redemptions are counted for its own member only. */
async function readMembers(ctx: RunContext, emails: ReadonlySet<string>, own: string): Promise<MemberRows[]> {
  const db = ctx.backend
  const members = await db.query<{ id: string; email: string }>(`SELECT id, email FROM members WHERE program_key = $1 AND lower(email) = ANY($2::text[])`, [
    PROGRAM,
    [...emails].map((e) => e.toLowerCase()),
  ])
  const rows: MemberRows[] = []
  for (const m of members) {
    const ledger = await db.query<LedgerRow>(`SELECT type, points, rule_id, redemption_id FROM ledger WHERE member_id = $1 ORDER BY id`, [m.id])
    if (m.email.toLowerCase() != own.toLowerCase()) {
      rows.push({ ...m, ledger })
      continue
    }
    // Points spent on rewards: a welcome or a full punch card's coupon is no redeem of the member's.
    const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM redemptions WHERE member_id = $1 AND kind = 'reward'`, [m.id])
    rows.push({ ...m, ledger, redemptions: n })
  }
  return rows
}
