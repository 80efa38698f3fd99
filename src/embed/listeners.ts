import { LoyaltyError } from '../core/errors.ts'
import type { LoyaltyEventMap, LoyaltyEventName } from '../core/events.ts'

export type Listener<K extends LoyaltyEventName> = (event: CustomEvent<LoyaltyEventMap[K]>) => void

/** `on`/`off` over `loyalkit:*` document events, remembering every listener so `destroy()` removes them all. */
export function createListeners() {
  let added: [string, EventListener][] = []
  const off = (name: string, fn: unknown) => {
    const type = 'loyalkit:' + name
    added = added.filter(([t, f]) => (t == type && f == fn ? document.removeEventListener(t, f) : 1))
  }
  return {
    on<K extends LoyaltyEventName>(name: K, fn: Listener<K>): () => void {
      if (typeof fn != 'function') throw new LoyaltyError('invalid_argument', `loyalkit: on("${name}", fn) needs a function`, 'on')
      off(name, fn)
      added.push(['loyalkit:' + name, fn as EventListener])
      document.addEventListener('loyalkit:' + name, fn as EventListener)
      return () => off(name, fn)
    },
    off: off as <K extends LoyaltyEventName>(name: K, fn: Listener<K>) => void,
    clear: () => added.forEach(([t, f]) => off(t.slice(9), f)),
  }
}
