import { effect } from '@preact/signals'
import type { Ui } from '../context.ts'

/**
 * Counts this page's first open of the panel by a guest, for the merchant's sign-up
 * conversion (an open before this bundle has arrived is seen if the panel is still open then): a beacon with no body, no custom header and no token (so no CORS
 * preflight, and nothing about the shopper). Members, and signed-in shoppers whose membership is
 * not known (on its way, or failed), are not counted. Returns what stops it.
 */
// Once per page view, whatever widgets come and go on it.
let sent = false

export function countGuestOpen(ui: Ui): () => void {
  return effect(() => {
    const { status, member } = ui.client.state
    if (sent || !ui.isOpen.value || status.value != 'ready' || ui.client.store.hold.value || member.value) return
    sent = true
    navigator.sendBeacon?.(`${ui.config.endpoint}/programs/${encodeURIComponent(ui.config.program)}/opens`)
  })
}
