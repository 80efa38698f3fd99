/**
 * What a host page sees of the widget: uncaught errors, unhandled rejections,
 * console errors and warnings, CSP violations and `loyalkit:error` events.
 * The in-page part is installed by an init script (before any page script) and
 * keeps its records under a Symbol, so it adds no own property name to `window`.
 */
import type { Page } from 'playwright-core'

export interface PageRecords {
  unhandled: string[]
  violations: string[]
  loyalkitErrors: { code: string; message: string; operation: string }[]
}

export interface Probe {
  pageErrors: string[]
  consoleErrors: string[]
  consoleWarnings: string[]
  /** The in-page records (unhandled rejections, CSP violations, loyalkit:error events). */
  records(): Promise<PageRecords>
  /** Everything that must never happen on any page: uncaught errors, unhandled rejections, CSP violations. */
  fatal(): Promise<string[]>
}

export async function probe(page: Page): Promise<Probe> {
  const pageErrors: string[] = []
  const consoleErrors: string[] = []
  const consoleWarnings: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => {
    if (m.type() == 'error') consoleErrors.push(m.text())
    if (m.type() == 'warning') consoleWarnings.push(m.text())
  })
  await page.addInitScript(() => {
    const r = { unhandled: [] as string[], violations: [] as string[], loyalkitErrors: [] as unknown[] }
    Object.defineProperty(window, Symbol.for('embed.probe'), { value: r })
    addEventListener('unhandledrejection', (e) => r.unhandled.push(String(e.reason && (e.reason.stack || e.reason))))
    document.addEventListener(
      'securitypolicyviolation',
      (e) => r.violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
      true,
    )
    document.addEventListener('loyalkit:error', (e) => {
      const d = (e as CustomEvent).detail ?? {}
      r.loyalkitErrors.push({ code: d.code, message: d.message, operation: d.operation })
    })
  })
  const records = () =>
    page.evaluate(() => {
      const r = (window as unknown as Record<symbol, PageRecords>)[Symbol.for('embed.probe')]
      return r ? JSON.parse(JSON.stringify(r)) : { unhandled: ['probe missing'], violations: [], loyalkitErrors: [] }
    }) as Promise<PageRecords>
  return {
    pageErrors,
    consoleErrors,
    consoleWarnings,
    records,
    async fatal() {
      const r = await records()
      return [
        ...pageErrors.map((e) => 'pageerror: ' + e),
        ...r.unhandled.map((e) => 'unhandledrejection: ' + e),
        ...r.violations.map((e) => 'securitypolicyviolation: ' + e),
      ]
    },
  }
}

/** Nodes in the document, counting the content of open shadow roots. */
export function countNodes(page: Page): Promise<number> {
  return page.evaluate(() => {
    const walk = (n: Node): number => {
      let c = 1
      const sr = (n as Element).shadowRoot
      if (sr) c += walk(sr)
      for (let k = n.firstChild; k; k = k.nextSibling) c += walk(k)
      return c
    }
    return walk(document)
  })
}
