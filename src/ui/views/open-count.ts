import { effect } from '@preact/signals'
import type { Ui } from '../context.ts'

/**
 * Counts this page's first open of the panel by a guest, for the merchant's sign-up
 * conversion: a beacon with no body, no custom header and no token (so no CORS
 * preflight, and nothing about the shopper). Members and shoppers still loading are
 * not counted. Returns what stops it.
 */
export function countGuestOpen(ui: Ui): () => void {
  let sent = false
  return effect(() => {
    const { status, member } = ui.client.state
    if (sent || !ui.isOpen.value || status.value != 'ready' || member.value) return
    sent = true
    navigator.sendBeacon?.(`${ui.config.endpoint}/programs/${encodeURIComponent(ui.config.program)}/opens`)
  })
}
