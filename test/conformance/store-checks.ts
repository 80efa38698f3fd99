/**
 * Conformance checks of the store's server-to-server API (`auth: 'key'` routes of
 * src/core/operations.ts): orders and refunds, coupons at checkout, the store's view
 * of members (look-up, corrections, consent, export, erasure), and how those routes
 * refuse browsers and customer tokens. They need the store's secret API key besides
 * what the shopper's checks need; runConformance registers them only when it has one.
 *
 * Black-box and repeatable: every run makes its own members (fresh emails) and
 * orders (random ids). Amounts and costs come from GET /program: the purchase rule
 * and the tiers say what an order earns at least (running campaigns may only add);
 * the cheapest reward that is not a
 * donation is the coupon. What the checks assume of the program: a purchase rule
 * that earns points, a reward with a coupon code, and a claimable rule (the shopper's
 * checks assume one too).
 *
 * The checks are by route group: ./store-auth-checks.ts, ./order-checks.ts,
 * ./coupon-checks.ts and ./store-member-checks.ts; what they share is in
 * ./store-helpers.ts.
 */
import { couponChecks } from './coupon-checks.ts'
import { orderChecks } from './order-checks.ts'
import { authChecks } from './store-auth-checks.ts'
import { storeHelpers, type Shared, type StoreContext } from './store-helpers.ts'
import { memberChecks } from './store-member-checks.ts'

export type { StoreContext } from './store-helpers.ts'

/** Registers the checks of the store's API, in order: auth, orders and refunds, coupons, members. */
export function storeChecks(ctx: StoreContext): void {
  const h = storeHelpers(ctx)
  const s: Shared = { refunded: 0, adjustments: [] }
  authChecks(h)
  orderChecks(h, s)
  couponChecks(h, s)
  memberChecks(h, s)
}
