/**
 * `loyalkit/elements`: inline custom elements bound to a loyalty instance.
 * Importing registers them (in a browser; in Node it does nothing);
 * `bindElements(loyalty)` tells them whose data to show.
 */
import { effect } from '@preact/signals-core'
import type { Loyalty } from './index.ts'

interface Bindable extends HTMLElement {
  bind(): void
}

let bound: Loyalty | null = null
const connected = new Set<Bindable>()

/** `<loyalkit-balance>`: the member's balance as a number formatted for the page's locale, nothing else. */
function defineBalance() {
  class LoyaltyBalance extends HTMLElement implements Bindable {
    private stop: (() => void) | null = null
    connectedCallback() {
      if (!this.shadowRoot) this.attachShadow({ mode: 'open' })
      connected.add(this)
      this.bind()
    }
    disconnectedCallback() {
      connected.delete(this)
      this.stop?.()
      this.stop = null
    }
    bind() {
      if (!bound || this.stop) return
      const { member } = bound.state
      const root = this.shadowRoot!
      this.stop = effect(() => {
        const m = member.value
        root.textContent = m ? new Intl.NumberFormat(document.documentElement.lang || undefined).format(m.balance) : ''
      })
    }
  }
  customElements.define('loyalkit-balance', LoyaltyBalance)
}

export function bindElements(loyalty: Loyalty): void {
  bound = loyalty
  connected.forEach((el) => el.bind())
}

if (typeof customElements == 'object' && !customElements.get('loyalkit-balance')) defineBalance()
