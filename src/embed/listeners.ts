import { mistake } from '../core/errors.ts'
import type { LoyaltyEventMap, LoyaltyEventName } from '../core/events.ts'

export type Listener<K extends LoyaltyEventName> = (event: CustomEvent<LoyaltyEventMap[K]>) => void

/**
 * `on`/`off` over `loyalkit:*` document events. Each listener is added with this instance's abort
 * signal, so `clear()` (on `destroy()`) removes them all; the browser itself ignores a second `on`
 * of the same function.
 */
export function createListeners() {
  let added = new AbortController()
  const off = (name: string, fn: unknown) => document.removeEventListener('loyalkit:' + name, fn as EventListener)
  return {
    on<K extends LoyaltyEventName>(name: K, fn: Listener<K>): () => void {
      if (typeof fn != 'function') throw mistake('invalid_argument', `on("${name}", fn) needs a function`, 'on')
      document.addEventListener('loyalkit:' + name, fn as EventListener, { signal: added.signal })
      return () => off(name, fn)
    },
    off: off as <K extends LoyaltyEventName>(name: K, fn: Listener<K>) => void,
    clear: () => {
      added.abort()
      added = new AbortController()
    },
  }
}
