/**
 * `loyalkit/headless`: the data layer without UI — API client, signals store,
 * events — for stores that draw their own loyalty screens.
 */
import { createClient as createCoreClient, type Client as CoreClient } from '../core/client.ts'
import { resolveConfig, type LoyaltyOptions } from '../core/config.ts'
import { LoyaltyError } from '../core/errors.ts'
import { emitOn } from '../core/events.ts'
import { type MemberActions, withMemberActions } from '../core/member-actions.ts'

export interface HeadlessOptions extends Pick<LoyaltyOptions, 'endpoint' | 'program' | 'customer' | 'getCustomerToken' | 'locale'> {
  /** Custom fetch (tests, SSR). */
  fetch?: typeof fetch
  /** Retries per request (default 2). */
  retries?: number
  /** Per-attempt timeout in ms (default 10 000). */
  timeout?: number
  /** Where `loyalkit:*` events are dispatched; default `document` when there is one. */
  events?: EventTarget | null
}

/** The whole client: what the widget's first open needs, and a member's other actions. */
export type Client = Omit<CoreClient, 'kernel'> & MemberActions

/** The client as integrators get it: `state` is read-only, the store behind it stays the widget's own. */
export type HeadlessClient = Omit<Client, 'store'>

export function createClient(options: HeadlessOptions): HeadlessClient {
  // The widget's own check of the options they share: the same clear error for the same mistake.
  const { endpoint, program, locale, token } = resolveConfig(options, undefined, typeof location == 'object' ? location.href : undefined)
  const {
    store: _,
    kernel: __,
    ...client
  } = withMemberActions(
    createCoreClient({
      ...options,
      endpoint,
      program,
      customer: token ? { token } : undefined,
      language: () => (locale == 'auto' ? (typeof navigator == 'object' && navigator.language) || 'en' : locale),
      emit: emitOn(options.events === undefined ? (typeof document == 'object' ? document : null) : options.events),
    }),
  )
  return client
}

export { LoyaltyError }
export type { LoyaltyState, Status } from '../core/store.ts'
export type { LoyaltyEventMap, LoyaltyEventName, View } from '../core/events.ts'
export type * from '../core/contract.ts'
