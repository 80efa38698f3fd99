import type { LoyaltyEventMap } from '../../core/events.ts'

type Detail<K extends keyof LoyaltyEventMap> = LoyaltyEventMap[K]

/**
 * The analytics hand-off (`analytics: 'datalayer'`): GA4's recommended events for what shoppers do in
 * the widget, pushed to `window.dataLayer` in Google Tag Manager's shape (`{ event, ...parameters }`).
 * Ids, counts and reward names only: no email, name, code or token. Listens to the widget's own
 * events on `document` (inline elements' events bubble there); returns what stops it.
 */
export function handOffToDataLayer(): () => void {
  const w = window as unknown as { dataLayer?: object[] }
  const push = (event: string, parameters: object) => (w.dataLayer ??= []).push({ event, ...parameters })
  const stop = new AbortController()
  const on = <K extends keyof LoyaltyEventMap>(name: K, send: (detail: Detail<K>) => void) =>
    document.addEventListener('loyalkit:' + name, (e) => send((e as CustomEvent<Detail<K>>).detail), { signal: stop.signal })
  const points = { virtual_currency_name: 'points' }
  on('signup', () => push('sign_up', { method: 'loyalkit' }))
  // Spending has its own event; a balance that falls is that, or an expiry.
  on('points', (d) => d.delta > 0 && push('earn_virtual_currency', { ...points, value: d.delta }))
  on('redeem', (d) => push('spend_virtual_currency', { ...points, value: d.redemption.points, item_name: d.reward.name }))
  on('referral-share', (d) => push('share', { method: d.channel, content_type: 'referral' }))
  on('referral-copy', () => push('share', { method: 'copy', content_type: 'referral' }))
  on('badge', (d) => push('unlock_achievement', { achievement_id: d.badge.id }))
  return () => stop.abort()
}
