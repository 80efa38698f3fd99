/**
 * Raw samples → medians with min–max, the markdown report, and the targets
 * checked against Loyalkit's numbers. The rows are built section by section
 * (report-rows.ts), the targets in report-targets.ts, the markdown in
 * report-markdown.ts.
 */
import { markdown } from './report-markdown.ts'
import { bytesRows, devtoolsRows, lighthouseRows, memoryRows, observedLoadRows, panelRows, type ReportContext, type Row, scope } from './report-rows.ts'
import { checkTargets } from './report-targets.ts'
import type { Samples } from './run.ts'
import type { Variant } from './widgets.ts'

export { type Stat, stat } from './stats.ts'
export type { Target } from './report-targets.ts'

export function buildReport(samples: Samples, ctx: ReportContext) {
  const s = scope(samples, ctx)
  const rows: Row[] = [...bytesRows(s), ...lighthouseRows(s), ...devtoolsRows(s), ...observedLoadRows(s), ...panelRows(s), ...memoryRows(s)]
  const get = (k: string, v: Variant = 'loyalkit') => rows.find((r) => r.key == k)?.values[v]
  const targets = checkTargets(get, (samples.lighthouse.bare?.length ?? 0) > 0, samples.memory)
  const summary = Object.fromEntries(rows.map((r) => [r.key, { label: r.label, unit: r.unit, ...r.values }]))
  return { summary, targets, markdown: (env: Record<string, unknown>) => markdown(rows, targets, samples, s.variants, env) }
}
