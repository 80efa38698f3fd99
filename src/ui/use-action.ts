import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import type { LoyaltyError } from '../core/errors.ts'
import { newIdempotencyKey } from '../core/token.ts'

/**
 * A user action that POSTs: one request at a time, its error kept for display,
 * and one idempotency key per action — the same key when the shopper retries
 * the same thing, a new one once it succeeded.
 */
export function useAction<A, R>(run: (arg: A, key: string) => Promise<R>) {
  /** JSON of the argument being run, or null. */
  const pending = useSignal<string | null>(null)
  const error = useSignal<LoyaltyError | null>(null)
  /** JSON of the argument of the latest run: the one `error` is about. */
  const last = useSignal<string | null>(null)
  const keys = useRef(new Map<string, string>())
  const go = async (arg: A): Promise<R | undefined> => {
    if (pending.value !== null) return
    const id = JSON.stringify(arg)
    const key = keys.current.get(id) ?? newIdempotencyKey()
    keys.current.set(id, key)
    pending.value = last.value = id
    error.value = null
    try {
      const r = await run(arg, key)
      keys.current.delete(id)
      return r
    } catch (e) {
      error.value = e as LoyaltyError
    } finally {
      pending.value = null
    }
  }
  /** The error of the latest run if it was for `arg`: shown beside the control that ran it, not far above it. */
  const errorOf = (arg: A) => (last.value == JSON.stringify(arg) ? error.value : null)
  return { go, pending, error, errorOf }
}
