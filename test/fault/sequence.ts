/**
 * One sequence of the fault run, step by step (see run.ts for the whole story):
 * sign-up, top-up outside the API, random user actions, then quiet, running keys
 * finished, a final refresh, and verification against the database.
 *
 * Every random choice comes from the sequence's own PRNG, in a fixed order, so a
 * seed replays the same sequences: keep the order of `rng()`/`pick()` calls.
 */
import { randomUUID } from 'node:crypto'
import type { SignUpInput, SignUpResult } from '../../src/core/contract.ts'
import { createClient, type HeadlessClient } from '../../src/entries/headless.ts'
import { perform } from './actions.ts'
import { PROGRAM, sleep } from './backends.ts'
import { type ClientWire, clientWire } from './client-io.ts'
import { mix, prng } from './random.ts'
import { type Action, NO_SUCH_REWARD, type RunContext, type Sequence } from './types.ts'
import { verifySequence } from './verify.ts'

/** Runs sequence `index`: its violation lines (none: it passed). */
export async function runSequence(ctx: RunContext, index: number): Promise<string[]> {
  const seq = newSequence(ctx, index)
  const { wire, newClient } = sequenceClients(ctx, seq)

  // 1. A fresh member signs up through the proxy.
  const client = newClient()
  if (seq.trace) client.state.member.subscribe((m) => seq.trace?.(`client balance: ${m?.balance}`))
  const email = `seq${index}.s${ctx.options.seed}@fault.example`
  const token = await signUpMember(ctx, seq, client, email)
  const emails = new Set([email])

  // 2. Top-up, outside the API.
  const topUp = token ? await topUpMember(ctx, seq, email) : 0

  // 3. Random user actions.
  if (token) await randomActions(ctx, seq, { client, token, emails, newClient })

  // 4. Quiet; keys a killed process left running are finished; then the final refresh
  // through a clean connection.
  await wire.settle()
  await finishLost(ctx, seq.actions)
  const seenBefore = client.state.member.value?.balance
  const finalBalance = token ? await finalRefresh(seq, wire, client) : undefined

  // 5. The database's word against what the client saw.
  await verifySequence(ctx, seq, { client, token, email, emails, topUp, seenBefore, finalBalance })
  return seq.problems
}

function newSequence(ctx: RunContext, index: number): Sequence {
  const rng = prng(mix(ctx.options.seed, 'sequence:' + index))
  const problems: string[] = []
  const t0 = performance.now()
  return {
    index,
    rng,
    pick: <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!,
    actions: [],
    problems,
    fail: (what) => problems.push(`seq ${index}: ${what}`),
    trace: ctx.options.trace === index ? (line) => ctx.log(`  [${Math.round(performance.now() - t0)} ms] ${line}`) : undefined,
  }
}

/** The sequence's wire to the proxy, and its clients (the member's, and guests'). */
function sequenceClients(ctx: RunContext, seq: Sequence): { wire: ClientWire; newClient: () => HeadlessClient } {
  const wire = clientWire(ctx, seq.index, seq.trace)
  // Some sequences run with fewer automatic retries, so that more failures reach the user.
  const retries = ctx.options.retries ?? seq.pick([0, 1, 2, 2])
  const newClient = () =>
    createClient({ endpoint: ctx.proxy.url + '/v1', program: PROGRAM, fetch: wire.fetch, retries, timeout: ctx.settings.timeout, events: null })
  return { wire, newClient }
}

/** Signs up the sequence's member (the user retries with the same key): its token, or null if that failed. */
async function signUpMember(ctx: RunContext, seq: Sequence, client: HeadlessClient, email: string): Promise<string | null> {
  const { rng, index } = seq
  const input: SignUpInput = {
    email,
    name: rng() < 0.5 ? `Member ${index}` : undefined,
    birthday: rng() < 0.3 ? '1990-05-17' : undefined,
    consent: { terms: true, marketing: rng() < 0.5 },
  }
  const request = { kind: 'signup', key: randomUUID(), path: '/v1/members', body: input, token: null, target: email } as const
  const signup = await perform(ctx, seq, request, (key) => client.signUp(input, key), rng() < 0.05)
  return signup.outcome == 'ok' ? (signup.result as SignUpResult).token : null
}

/** Adds a random amount outside the API (or none): the points added. */
async function topUpMember(ctx: RunContext, seq: Sequence, email: string): Promise<number> {
  const amount = seq.pick([0, 150, 320, 600, 900, 1400])
  if (!amount) return 0
  try {
    return await ctx.backend.topUp(email, amount, ctx.direct)
  } catch (error) {
    seq.fail(`top-up failed: ${(error as Error).message}`)
    return 0
  }
}

interface SignedIn {
  client: HeadlessClient
  token: string
  /** Every email signed up so far (guests may reuse one). */
  emails: Set<string>
  newClient: () => HeadlessClient
}

/** 3 to 8 actions: half redeems (a few of a reward that does not exist), 30 % claims, 20 % guests signing up; 5 % submitted twice at once. */
async function randomActions(ctx: RunContext, seq: Sequence, member: SignedIn): Promise<void> {
  const { rng } = seq
  const count = 3 + Math.floor(rng() * 6)
  for (let i = 0; i < count; i++) {
    const roll = rng()
    const double = rng() < 0.05
    if (roll < 0.5) await redeem(ctx, seq, member, double)
    else if (roll < 0.8) await claim(ctx, seq, member, double)
    else await guestSignUp(ctx, seq, member, i, double)
  }
}

function redeem(ctx: RunContext, seq: Sequence, { client, token }: SignedIn, double: boolean): Promise<Action> {
  const rewardId = seq.rng() < 0.05 ? NO_SUCH_REWARD : seq.pick(ctx.program.rewards).id
  const request = { kind: 'redeem', key: randomUUID(), path: '/v1/members/me/redemptions', body: { rewardId }, token, target: rewardId } as const
  return perform(ctx, seq, request, (key) => client.redeem(rewardId, key), double)
}

function claim(ctx: RunContext, seq: Sequence, { client, token }: SignedIn, double: boolean): Promise<Action> {
  const ruleId = seq.pick(ctx.program.rules.filter((r) => r.claimable)).id
  const request = { kind: 'claim', key: randomUUID(), path: '/v1/members/me/claims', body: { ruleId }, token, target: ruleId } as const
  return perform(ctx, seq, request, (key) => client.claim(ruleId, key), double)
}

/** Another shopper (a guest client) joins; sometimes with an email that is taken. */
function guestSignUp(ctx: RunContext, seq: Sequence, { emails, newClient }: SignedIn, i: number, double: boolean): Promise<Action> {
  const other = seq.rng() < 0.35 ? seq.pick([...emails]) : `seq${seq.index}.o${i}.s${ctx.options.seed}@fault.example`
  emails.add(other)
  const guest = newClient()
  const body: SignUpInput = { email: other, consent: { terms: true, marketing: false } }
  const request = { kind: 'signup-other', key: randomUUID(), path: '/v1/members', body, token: null, target: other } as const
  return perform(ctx, seq, request, (key) => guest.signUp(body, key), double)
}

/**
 * A failed action whose key is still `running` after the client went quiet was in
 * flight on a process that was killed (its owner is dead; nothing of it committed, or
 * the key would be done). Once the takeover time has passed, a retry of that key takes
 * it over and runs it once: done here directly, as the user's next click would. On
 * PostgreSQL the same holds for a key whose request failed and whose release failed too
 * (a database wait that gave up): counted apart. On PGlite a running key stays as it
 * is, and verification reports it.
 */
async function finishLost(ctx: RunContext, actions: readonly Action[]): Promise<void> {
  const { proxy } = ctx
  const candidates = actions.filter((a) => a.outcome == 'failed' && (ctx.settings.onPostgres || proxy.lost.has(a.key)))
  if (!candidates.length) return
  const rows = await ctx.backend.query<{ key: string }>(
    `SELECT key FROM idempotency_keys WHERE program_key = $1 AND key = ANY($2::text[]) AND state = 'running'`,
    [PROGRAM, candidates.map((a) => a.key)],
  )
  const running = new Set(rows.map((r) => r.key))
  for (const a of candidates.filter((x) => running.has(x.key))) {
    if (!(await takeOver(ctx, a))) continue
    if (proxy.lost.has(a.key)) ctx.result.takenOver++
    else ctx.result.takenOverStranded++
  }
}

/** Retries a running key directly until the server takes it over (or a deadline well past the takeover time): whether it did. */
async function takeOver(ctx: RunContext, a: Action): Promise<boolean> {
  const deadline = performance.now() + (ctx.settings.takeoverSeconds + 15) * 1000
  for (;;) {
    const r = await ctx.direct(a.path, { key: a.key, body: a.body, token: a.token })
    await r.arrayBuffer()
    if (r.status != 409 && r.status < 500) return true
    if (performance.now() > deadline) return false
    // 409: still within the takeover time; a 5xx: the server was busy.
    await sleep(r.status == 409 ? 500 : 100)
  }
}

/**
 * The final member() through a clean connection, tried until it answers or 30 s have passed, with
 * growing pauses: an overloaded machine, or a killed process restarting (13 s at worst seen, with other
 * work on the machine), may miss the client's short time limit many times over. What is checked is the
 * balance it shows, not how soon.
 */
async function finalRefresh(seq: Sequence, wire: ClientWire, client: HeadlessClient): Promise<number | undefined> {
  wire.goClean()
  const deadline = performance.now() + 30_000
  for (let attempt = 0; ; attempt++) {
    try {
      // No member (a sign-up that never went through) is an answer too, once it is not a stale one.
      const m = await client.member()
      if (m || attempt >= 6) return m?.balance
      continue
    } catch (error) {
      if (performance.now() > deadline) {
        seq.fail(`final member() failed: ${String(error)}`)
        return undefined
      }
    }
    await sleep(Math.min(200 * 2 ** attempt, 2000))
  }
}
