/**
 * Type-level checks of `loyalkit/headless` (compiled by `npm run typecheck`, never run): the client
 * integrators get has every action, and neither the writable store nor the internal kernel.
 */
import type { Client, HeadlessClient } from '../../src/entries/headless.ts'

type Has<T, K extends PropertyKey> = K extends keyof T ? true : false
const actions: [Has<HeadlessClient, 'redeem'>, Has<HeadlessClient, 'claim'>, Has<HeadlessClient, 'setConsent'>, Has<HeadlessClient, 'activity'>] = [
  true,
  true,
  true,
  true,
]
const inner: [Has<HeadlessClient, 'store'>, Has<HeadlessClient, 'kernel'>, Has<Client, 'kernel'>] = [false, false, false]
// The whole client is the headless one plus its store, as it always was.
const whole: Has<Client, 'store'> = true
export { actions, inner, whole }
