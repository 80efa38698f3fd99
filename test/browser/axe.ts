/**
 * axe-core (WCAG 2.0, 2.1 and 2.2, A and AA tags) in real Chromium, injected through the DevTools
 * protocol rather than a <script>, so the page's CSP and Trusted Types stay on. Shared by the
 * widget's and the console's accessibility tests.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

interface AxeNode {
  target: unknown[]
  html: string
  failureSummary?: string
}
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: AxeNode[]
}

/** One line per offending node: rule, impact, where, the markup, and axe's own explanation. */
export const describeViolations = (violations: AxeViolation[]) =>
  violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} [${v.impact}] ${v.help}\n    target: ${JSON.stringify(n.target)}\n    html: ${n.html}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`,
    ),
  )

/** The violations in `context` (an axe context; the whole document by default), every frame included. */
export async function axe(page: Page, context: unknown = null): Promise<AxeViolation[]> {
  // Into every frame (the console's preview too), so axe looks inside them as well.
  for (const frame of page.frames()) if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE)
  return page.evaluate(
    ([context, tags]) =>
      (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe
        .run(context ?? document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations),
    [context, TAGS] as const,
  )
}
