import type { LoyaltyEventMap, LoyaltyEventName } from '../core/events.ts'

export type Listener<K extends LoyaltyEventName> = (event: CustomEvent<LoyaltyEventMap[K]>) => void

/** `on`/`off` over `loyalkit:*` document events, remembering every listener so `destroy()` removes them all. */
export function createListeners() {
  const added = new Map<Function, [string, EventListener]>()
  const off = (name: string, fn: Function) => {
    const entry = added.get(fn)
    if (entry && entry[0] == name) {
      document.removeEventListener(entry[0], entry[1])
      added.delete(fn)
    }
  }
  return {
    on<K extends LoyaltyEventName>(name: K, fn: Listener<K>): () => void {
      const type = 'loyalkit:' + name
      if (typeof fn != 'function') throw new TypeError(`loyalkit: on("${name}", fn) needs a function`)
      off(type, fn)
      const wrapped = (e: Event) => fn(e as CustomEvent<LoyaltyEventMap[K]>)
      added.set(fn, [type, wrapped])
      document.addEventListener(type, wrapped)
      return () => off(type, fn)
    },
    off<K extends LoyaltyEventName>(name: K, fn: Listener<K>) {
      off('loyalkit:' + name, fn)
    },
    clear() {
      for (const [fn, [type]] of added) off(type, fn)
    },
  }
}
