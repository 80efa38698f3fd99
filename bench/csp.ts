/**
 * The CSP a variant's page is served with: none, or the store's strict one
 * (demo/store-page.ts) with the loyalty API's origin in connect-src. On a peer's
 * page the Trusted Types policies allowed are the peer's own instead of
 * Loyalkit's: the same rule, applied to the peer. The loosenings exist to find
 * out what a peer that cannot run under the strict CSP needs (csp-check.ts).
 */
import { storeCsp } from '../demo/store-page.ts'
import { VARIANT_SPECS, type Variant, widgetOf } from './widgets.ts'

export const RELAXATIONS = {
  'trusted-types': {
    needs: 'Trusted Types off',
    apply: (csp: string) => csp.replace(/; require-trusted-types-for [^;]*/, '').replace(/; trusted-types [^;]*/, ''),
  },
  'inline-styles': { needs: "'unsafe-inline' styles", apply: (csp: string) => csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") },
  eval: { needs: "'unsafe-eval'", apply: (csp: string) => csp.replace(/script-src ([^;]*)/, "script-src $1 'unsafe-eval'") },
}

export type Relaxation = keyof typeof RELAXATIONS

export const isRelaxation = (name: string): name is Relaxation => Object.hasOwn(RELAXATIONS, name)

export function pageCsp(variant: Variant, nonce: string, api: string, relax: Relaxation[] = []): string | undefined {
  if (!VARIANT_SPECS[variant].csp) return undefined
  let csp = storeCsp(nonce, api)
  const peer = widgetOf(variant)?.peer
  if (!peer) return csp
  csp = csp.replace(/trusted-types [^;]*/, `trusted-types ${peer.trustedTypes.join(' ')}`)
  for (const r of relax) csp = RELAXATIONS[r].apply(csp)
  return csp
}
