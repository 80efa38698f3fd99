/**
 * Black-box conformance checks of the Loyalkit endpoint contract
 * (docs/openapi.yaml, src/core/schemas.ts). Bodies are validated with the
 * contract's valibot schemas, the ones the SDK uses (./conforms.ts). Any backend must pass them; they
 * need only the endpoint, the program key and the program secret (to mint
 * customer tokens as the store's server would), and never use demo routes.
 * Every run uses fresh random customers and emails, so it can be repeated
 * against the same server.
 *
 * What the checks assume of the program (true of the Trailpack demo program):
 *  - at least one reward costs no more than the sign-up bonus (the demo's
 *    100-point donation), so a brand-new member can redeem something;
 *  - at least one claimable rule other than `birthday` exists (newsletter), or
 *    the program asks for a birthday at sign-up (the suite then gives one);
 *  - some reward costs more than the sign-up bonus plus every claimable rule
 *    (the demo's 1000-point discount), to provoke insufficient_points.
 * Ids of rules and rewards are discovered from GET /program, never hard-coded.
 * With the store's secret API key (`apiKey`), the store's server-to-server routes
 * are checked too (./store-checks.ts, which says what it assumes); without it they
 * are reported as not run. The helpers all checks share are in ./http.ts; the checks
 * are by topic: ./program-checks.ts, ./member-checks.ts (joining, tokens),
 * ./points-checks.ts (claims and redemptions, activity and referrals), ./mechanics-checks.ts (campaigns,
 * badges and punch cards, when the backend has them), ./profile-checks.ts (a member's
 * own name, birthday, export and erasure), ./cors-checks.ts
 * and ./store-checks.ts, registered here in that order (later ones use what earlier ones
 * made: ./state.ts).
 */
import { corsChecks } from './cors-checks.ts'
import { createContext, type CheckResult } from './http.ts'
import { mechanicsChecks } from './mechanics-checks.ts'
import { memberChecks, tokenChecks } from './member-checks.ts'
import { activityChecks, pointsChecks } from './points-checks.ts'
import { profileChecks } from './profile-checks.ts'
import { programChecks } from './program-checks.ts'
import type { ShopperState } from './state.ts'
import { storeChecks } from './store-checks.ts'

export interface ConformanceOptions {
  /** Base URL of the API, as in data-endpoint (e.g. https://loyalty.example.com/v1). */
  endpoint: string
  /** Program key (X-Loyalkit-Program). */
  program: string
  /** Program secret: HS256 key of customer tokens. */
  secret: string
  /** An origin the program allows; when given, CORS is checked too. */
  origin?: string
  /** The store's secret API key; without it the store's server-to-server routes are not checked. */
  apiKey?: string
  log?: (line: string) => void
}

export interface ConformanceResult {
  passed: number
  failed: number
  results: CheckResult[]
  /** Groups of checks that did not run, and why. */
  notRun: string[]
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const state: ShopperState = { expectedEntries: 0 }
  const { context: ctx, runChecks } = createContext(options, () => state.program)

  programChecks(ctx, state, options)
  memberChecks(ctx, state)
  tokenChecks(ctx, options)
  pointsChecks(ctx, state)
  activityChecks(ctx, state)
  mechanicsChecks(ctx, state)
  profileChecks(ctx)
  // CORS only when the caller names an allowed origin.
  if (options.origin) corsChecks(ctx, { ...options, origin: options.origin })

  // ---- the store's server-to-server API (./store-checks.ts) -------------

  const notRun = options.apiKey ? [] : ['store API checks (orders, refunds, coupons, members): no API key given']
  if (options.apiKey) storeChecks({ ...ctx, apiKey: options.apiKey, origin: options.origin })

  const results = await runChecks(options.log)
  if (notRun.length) options.log?.("- store API checks not run: give the store's secret API key (--api-key or LOYALKIT_API_KEY) to run them")
  const passed = results.filter((r) => r.ok).length
  return { passed, failed: results.length - passed, results, notRun }
}
