/**
 * Type tests (checked by `tsc` in npm test): the public event names and
 * payloads type-check through the DocumentEventMap augmentation.
 */
import type { LoyaltyEventMap } from '../../src/entries/index.ts'
import { createLoyalty } from '../../src/entries/index.ts'

export function typed() {
  document.addEventListener('loyalkit:redeem', (e) => {
    const code: string | null = e.detail.redemption.code
    const balance: number = e.detail.balance
    return [code, balance]
  })
  document.addEventListener('loyalkit:points', (e) => e.detail.delta.toFixed())
  document.addEventListener('loyalkit:consent', (e) => {
    const marketing: boolean = e.detail.marketing
    return marketing
  })
  const loyalty = createLoyalty({ endpoint: 'https://loyalty.example.com/v1', program: 'pk_demo_trailpack' })
  const off = loyalty.on('tier', (e) => e.detail.tier.name.toUpperCase())
  off()
  // @ts-expect-error: not an event of ours
  loyalty.on('redeemed', () => {})
  // @ts-expect-error: payloads are typed
  document.addEventListener('loyalkit:claim', (e) => e.detail.nope)
  const detail: LoyaltyEventMap['error'] = { code: 'network_error', message: '', operation: 'program' }
  return detail
}
