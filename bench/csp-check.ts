/**
 * Can a peer run under the strict CSP of the Loyalkit page? One unthrottled load
 * of its "-csp" page: the launcher must show, a click must open the panel, and
 * the page's CSP must refuse nothing. A peer that passes is measured under the
 * CSP too; one that does not is left out, and the report says why. A refusal
 * often stops the widget before it gets to the next one, so the check loosens
 * the CSP by what was refused (csp.ts) and loads again, until the peer runs or
 * nothing more can be loosened: the reason lists everything the peer needs.
 */
import type { Browser } from 'playwright-core'
import { clickLauncher, newPage, until } from './browser.ts'
import { RELAXATIONS, type Relaxation } from './csp.ts'
import type { BenchSite } from './server.ts'
import type { Variant } from './widgets.ts'

export interface Violation {
  directive: string
  blocked: string
  source: string
  line: number
  sample: string
}

/** One load of the peer's page under the strict CSP loosened by `relaxed`. */
export interface CspAttempt {
  relaxed: Relaxation[]
  launcher: boolean
  panel: boolean
  violations: Violation[]
  /** Console errors and failed requests of the page. */
  errors: string[]
}

export interface CspVerdict {
  variant: Variant
  /** Runs under the strict CSP itself, nothing refused. */
  runs: boolean
  /** Why it cannot, for a reader; absent when it runs. */
  reason?: string
  attempts: CspAttempt[]
}

export async function checkCsp(browser: Browser, site: BenchSite, variant: Variant): Promise<CspVerdict> {
  const attempts: CspAttempt[] = []
  let relaxed: Relaxation[] = []
  for (;;) {
    const a = await attempt(browser, site, variant, relaxed)
    attempts.push(a)
    if (works(a)) break
    const more = a.violations.map(loosening).filter((r): r is Relaxation => r != null && !relaxed.includes(r))
    if (!more.length) break
    relaxed = [...relaxed, ...new Set(more)]
  }
  const runs = works(attempts[0]!)
  return { variant, runs, reason: runs ? undefined : reason(attempts), attempts }
}

const works = (a: CspAttempt) => a.launcher && a.panel && !a.violations.length

async function attempt(browser: Browser, site: BenchSite, variant: Variant, relaxed: Relaxation[]): Promise<CspAttempt> {
  const bp = await newPage(browser, variant, () => {})
  try {
    await bp.page.goto(site.url(variant) + (relaxed.length ? `?relax=${relaxed.join(',')}` : ''), { waitUntil: 'load' })
    let launcher = true
    let panel = false
    try {
      await until(bp.page, 'launcher', 15_000)
      panel = (await clickLauncher(bp)) != null
    } catch {
      launcher = false
    }
    const violations = (await bp.page.evaluate(() => (window as any).__bench.csp)) as Violation[]
    return { relaxed, launcher, panel, violations, errors: [...bp.errors] }
  } finally {
    await bp.close()
  }
}

/** What to loosen for a refusal, if the check knows how. */
function loosening({ directive, blocked }: Violation): Relaxation | null {
  if (directive == 'require-trusted-types-for' || directive == 'trusted-types') return 'trusted-types'
  if (directive.startsWith('style-src') && blocked == 'inline') return 'inline-styles'
  if (directive.startsWith('script-src') && blocked == 'eval') return 'eval'
  return null
}

/** "it needs A and B: what it did under the strict CSP; with A, what it did then". */
function reason(attempts: CspAttempt[]): string {
  const needs = (relaxed: Relaxation[]) => relaxed.map((r) => RELAXATIONS[r].needs).join(' and ')
  const last = attempts[attempts.length - 1]!
  const broken = !last.launcher ? 'its launcher never showed' : !last.panel ? 'its panel never became interactive' : 'the CSP still refused something'
  const head = works(last) ? `it needs ${needs(last.relaxed)}` : `it does not run${last.relaxed.length ? ` even with ${needs(last.relaxed)}` : ''} (${broken})`
  const steps = attempts
    .filter((a) => a.violations.length)
    .map((a) => (a.relaxed.length ? `with ${needs(a.relaxed)}, ` : '') + describe(a.violations).join(' and '))
  return steps.length ? `${head}: ${steps.join('; ')}` : head
}

/** What the refusals say about the peer, one phrase per kind, with a count and where it came from. */
function describe(violations: Violation[]): string[] {
  const kinds = new Map<string, { n: number; where: string }>()
  for (const v of violations) {
    const what = meaning(v)
    const k = kinds.get(what) ?? { n: 0, where: v.source ? `${v.source.replace(/^.*\//, '')}${v.line ? ':' + v.line : ''}` : '' }
    k.n++
    kinds.set(what, k)
  }
  return [...kinds].map(([what, { n, where }]) => `${what} (${n}×${where ? `, ${where}` : ''})`)
}

function meaning({ directive, blocked }: Violation): string {
  const inline = blocked == 'inline'
  if (directive == 'require-trusted-types-for') return 'it writes HTML strings into the DOM (innerHTML) without a Trusted Types policy'
  if (directive == 'trusted-types') return 'it creates a Trusted Types policy of a name the CSP does not allow'
  if (directive == 'style-src-elem' && inline) return 'it inserts <style> elements'
  if (directive == 'style-src-attr') return 'it sets inline styles'
  if (directive.startsWith('script-src') && blocked == 'eval') return 'it evaluates strings as code'
  if (directive.startsWith('script-src') && inline) return 'it runs inline scripts'
  return `${directive} refused ${blocked || 'a resource'}`
}
