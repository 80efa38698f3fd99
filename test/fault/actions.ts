/**
 * One user action as a user performs it: the same Idempotency-Key on every attempt,
 * clicking again after a failure until a success or a definite business answer, or
 * until the user's patience runs out.
 */
import { LoyaltyError } from '../../src/entries/headless.ts'
import { sleep } from './backends.ts'
import { doubleSubmitProblems } from './checks.ts'
import type { Action, FaultRunResult, RunContext, Sequence } from './types.ts'
import { report } from './verify.ts'

/** What an action sends: everything of an Action but how it ended. */
export type ActionRequest = Omit<Action, 'outcome' | 'attempts' | 'double'>

/** LoyaltyError codes after which the user tries the same action again (same key). */
const transient = (e: LoyaltyError) =>
  ['network_error', 'timeout', 'server_error', 'rate_limited', 'invalid_response'].includes(e.code) || (e.code == 'idempotency_conflict' && e.status == 409)

/** A definite answer: anything but a transient LoyaltyError. */
const isDefinite = (e: unknown) => !(e instanceof LoyaltyError) || !transient(e)

/** Performs one action (`double`: its first attempt submitted twice at once); it is added to the sequence's actions. */
export async function perform(ctx: RunContext, seq: Sequence, request: ActionRequest, run: (key: string) => Promise<unknown>, double = false): Promise<Action> {
  seq.trace?.(`action ${request.kind} ${request.target} ${request.key}`)
  const action: Action = { ...request, outcome: 'failed', attempts: 0, double }
  seq.actions.push(action)
  ctx.result.actions++
  if (double) ctx.result.doubleSubmits++
  // Some users give up after one failure; the others keep clicking a while.
  const patience = seq.rng() < 0.25 ? 1 : ctx.settings.userAttempts
  for (let attempt = 0; attempt < patience; attempt++) {
    action.attempts++
    const { successes, errors } = await attemptOnce(run, action.key, double && attempt == 0)
    countClientErrors(ctx.result, errors)
    const answered = errors.find(isDefinite)
    report(ctx, seq, doubleSubmitProblems(action, successes, answered))
    if (successes.length) {
      action.outcome = 'ok'
      action.result = successes[0]
      break
    }
    if (answered) {
      action.outcome = 'answer'
      action.code = answered instanceof LoyaltyError ? answered.code : String(answered)
      action.status = answered instanceof LoyaltyError ? answered.status : 0
      break
    }
    const last = errors[0] as LoyaltyError
    action.code = last.code
    action.status = last.status
    // The user waits a moment (or as long as told) and clicks again.
    await sleep(last.retryAfter ? Math.min(last.retryAfter, 2) * 1000 : 50 + seq.rng() * 150)
  }
  seq.trace?.(`action ${request.kind} ${request.target}: ${action.outcome} ${action.code ?? ''}`)
  ctx.result.byKind[request.kind][action.outcome]++
  return action
}

/** One click (two at once when `double`): the successes and the errors it got. */
async function attemptOnce(run: (key: string) => Promise<unknown>, key: string, double: boolean): Promise<{ successes: unknown[]; errors: unknown[] }> {
  const settled = await Promise.allSettled(double ? [run(key), run(key)] : [run(key)])
  return {
    successes: settled.filter((s): s is PromiseFulfilledResult<unknown> => s.status == 'fulfilled').map((s) => s.value),
    errors: settled.filter((s): s is PromiseRejectedResult => s.status == 'rejected').map((s) => s.reason as unknown),
  }
}

function countClientErrors(result: FaultRunResult, errors: readonly unknown[]): void {
  for (const e of errors) {
    const code = e instanceof LoyaltyError ? e.code + (e.status ? ' ' + e.status : '') : String(e)
    result.clientErrors[code] = (result.clientErrors[code] ?? 0) + 1
  }
}
