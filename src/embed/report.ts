import { INTEGRATION_CODES, type LoyaltyError } from '../core/errors.ts'

/**
 * A mistake in the integration (a bad config, an unknown command, a command before init, the UI
 * file not loading): one console line and one `loyalkit:error` event. Service errors were
 * reported where they happened, so they pass through here unsaid.
 */
export function reportMistake(error: unknown): void {
  const { code, message, operation } = error as LoyaltyError
  if (!INTEGRATION_CODES.includes(code)) return
  console.error(message)
  document.dispatchEvent(new CustomEvent('loyalkit:error', { detail: { code, message, operation } }))
}
