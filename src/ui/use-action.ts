import { useSignal } from '@preact/signals'
import { useContext, useRef } from 'preact/hooks'
import type { LoyaltyError } from '../core/errors.ts'
import { newIdempotencyKey } from '../core/token.ts'
import { UiContext } from './context.ts'

/** What the latest run ended with, for which argument (JSON) and for which shopper (member id, '' for a guest). */
type Outcome<R> = { arg: string; who: string } & ({ error: LoyaltyError; result?: never } | { error?: never; result: R })

/**
 * A user action that POSTs: one request at a time, its answer or error kept for display,
 * and one idempotency key per action — the same key when the shopper retries
 * the same thing, a new one once it succeeded.
 *
 * What an action ended with belongs to the shopper who ran it. After a sign-out or a switch of member,
 * whoever the shopper is now sees neither its answer nor its refusal, with one exception: a guest (signed out
 * while it ran) hears `unauthorized`, the refusal that the sign-out itself caused ("your session has ended").
 * Keys are the shopper's too: another member retrying the same thing gets a key of their own.
 */
export function useAction<A, R>(run: (arg: A, key: string) => Promise<R>) {
  const ui = useContext(UiContext)
  const who = () => ui.client.state.member.value?.id ?? ''
  /** JSON of the argument being run, or null. */
  const pending = useSignal<string | null>(null)
  const outcome = useSignal<Outcome<R> | null>(null)
  const keys = useRef(new Map<string, string>())
  const mine = (o: Outcome<R> | null) => (o && o.who == who() ? o : null)
  /** The latest run's error, if the shopper now may see it. */
  const error = () => {
    const o = outcome.value
    return (o?.error?.code == 'unauthorized' && !who() ? o : mine(o))?.error ?? null
  }
  /** The latest run's answer, for the member who ran it only. */
  const result = () => mine(outcome.value)?.result ?? null
  const go = async (arg: A): Promise<R | undefined> => {
    if (pending.value !== null) return
    const id = JSON.stringify(arg)
    const by = who()
    const slot = by + ' ' + id
    const key = keys.current.get(slot) ?? newIdempotencyKey()
    keys.current.set(slot, key)
    pending.value = id
    outcome.value = null
    try {
      const r = await run(arg, key)
      keys.current.delete(slot)
      outcome.value = { arg: id, who: by, result: r }
      return r
    } catch (e) {
      outcome.value = { arg: id, who: by, error: e as LoyaltyError }
    } finally {
      pending.value = null
    }
  }
  /** The error of the latest run if it was for `arg`: shown beside the control that ran it, not far above it. */
  const errorOf = (arg: A) => (outcome.value?.arg == JSON.stringify(arg) ? error() : null)
  /** Forgets the latest answer and refusal: a question asked again starts clean. */
  const clear = () => {
    outcome.value = null
  }
  return { go, pending, error, result, errorOf, clear }
}
