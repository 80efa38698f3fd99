/**
 * The store's server-to-server routes of the /v1 contract: orders and refunds,
 * coupons at checkout, members (look-up, corrections, consent, export, erasure).
 * Every one takes a secret API key and refuses browsers (http/api-key.ts); POSTs
 * are idempotent like the shopper's, bound to the key (store-helpers.ts).
 */
import type { Hono } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { storeCouponRoutes } from './store-coupon-routes.ts'
import { storeMemberRoutes } from './store-member-routes.ts'
import { storeOrderRoutes } from './store-order-routes.ts'

export function storeRoutes(api: Hono<AppEnv>, deps: Deps): void {
  storeOrderRoutes(api, deps)
  storeCouponRoutes(api, deps)
  storeMemberRoutes(api, deps)
}
