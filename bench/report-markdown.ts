/**
 * The report as markdown: the metrics table (median, min–max per variant, and
 * each peer ÷ Loyalkit), the targets table, which CSP each variant ran under
 * with every console error and failed request seen, and what ran where.
 */
import type { Row } from './report-rows.ts'
import type { Target } from './report-targets.ts'
import type { Problem, Samples } from './run.ts'
import { fmt, type Stat } from './stats.ts'
import { ratioLabel, VARIANT_SPECS, VARIANTS, type Variant, variantLabel, widgetOf } from './widgets.ts'

export function markdown(rows: Row[], targets: Target[], samples: Samples, variants: Variant[], env: Record<string, unknown>): string {
  return [
    ...metricsTable(rows, variants),
    '',
    ...targetsTable(targets),
    '',
    ...variantsTable(samples, variants),
    '',
    `Median (min–max) of ${env.runs} run(s); ${env.chromium}; Node ${env.node}; ${env.cpus}; ${env.lighthouse}; ${env.date}.`,
    ...cpuIndex(env.benchmarkIndex as { median: number; min: number; max: number } | null | undefined),
  ].join('\n')
}

/** The machine's CPU as Lighthouse measures it, and what that makes of a 4× slowdown. */
function cpuIndex(index: { median: number; min: number; max: number } | null | undefined): string[] {
  if (!index) return []
  const slower =
    index.median < 1500
      ? `: below the 1500–2000 of the high-end desktop Lighthouse's 4× is meant for, so every 4× number here is that of a slower phone than Lighthouse's mid-tier one`
      : ''
  return ['', `Lighthouse benchmarkIndex of this machine ${index.median} (${index.min}–${index.max})${slower}.`]
}

function metricsTable(rows: Row[], variants: Variant[]): string[] {
  const peers = variants.filter((v) => widgetOf(v)?.peer)
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [
    line(['Metric', ...variants.map(variantLabel), ...peers.map(ratioLabel)]),
    `|---|${[...variants, ...peers].map(() => '---:|').join('')}`,
    ...rows.map((r) => line([r.label, ...variants.map((v) => cell(r.values[v], r)), ...peers.map((p) => ratio(r, p))])),
  ]
}

function targetsTable(targets: Target[]): string[] {
  return [
    `| Target | Loyalkit | Met |`,
    `|---|---|:-:|`,
    ...targets.map((t) => `| ${t.target} | ${t.measured}${t.note ? ` — ${t.note}` : ''} | ${t.met == null ? '?' : t.met ? 'yes' : '**no**'} |`),
  ]
}

function cell(s: Stat | undefined, r: Row): string {
  if (!s || s.median == null) return '—'
  const f = (x: number) => fmt(x, r.digits)
  const u = r.unit ? ' ' + r.unit : ''
  return s.n > 1 && s.min != s.max ? `${f(s.median)}${u} (${f(s.min!)}–${f(s.max!)})` : `${f(s.median)}${u}`
}

function ratio(r: Row, peer: Variant): string {
  const a = r.values.loyalkit?.median
  const b = r.values[peer]?.median
  if (!r.ratio || a == null || b == null) return ''
  if (a == 0) return b == 0 ? '=' : '∞'
  return `${fmt(b / a, b / a >= 10 ? 0 : 1)}×`
}

/**
 * Per variant: the CSP it ran under, and every console error, page error and failed request of its pages
 * (counted by message); a peer's strict-CSP variant that was not measured says why.
 */
function variantsTable(samples: Samples, variants: Variant[]): string[] {
  const rows: string[] = []
  for (const v of VARIANTS) {
    const verdict = samples.csp?.find((c) => c.variant == v)
    if (!variants.includes(v) && !verdict) continue
    const csp = VARIANT_SPECS[v].csp ? 'strict' : 'none'
    const seen = verdict && !verdict.runs ? `not measured: cannot run under the strict CSP: ${verdict.reason}` : problemsText(problemsOf(samples, v))
    rows.push(`| ${variantLabel(v)} | ${csp} | ${cellText(seen)} |`)
  }
  return [
    '| Variant | CSP | Console errors, page errors and failed requests (every page opened) |',
    '|---|---|---|',
    ...rows,
    '',
    "strict: the store's CSP (scripts by nonce or from the site, styles from the site's files only, no inline style, Trusted Types " +
      "enforced with policies allowed by name: Loyalkit's on its page, the peer's own on a peer's). " +
      `Peers under the strict CSP are measured only when they run there with nothing refused${peersChecked(samples)}.`,
  ]
}

/** Old results recorded problems only in each page load's `errors`. */
function problemsOf(samples: Samples, v: Variant): Problem[] {
  if (samples.problems) return samples.problems[v] ?? []
  return (samples.load[v] ?? []).flatMap((s, i) => s.errors.map((message) => ({ measure: 'load', run: i + 1, message })))
}

function problemsText(problems: Problem[]): string {
  if (!problems.length) return 'none'
  const byMessage = new Map<string, Set<string>>()
  const count = new Map<string, number>()
  for (const p of problems) {
    const m = p.message.length > 200 ? p.message.slice(0, 200) + '…' : p.message
    byMessage.set(m, (byMessage.get(m) ?? new Set()).add(p.measure))
    count.set(m, (count.get(m) ?? 0) + 1)
  }
  const listed = [...byMessage].map(([m, measures]) => `\`${m.replace(/`/g, "'")}\` ×${count.get(m)} (${[...measures].join(', ')})`)
  return `**${problems.length}**: ${listed.join('; ')}`
}

/** Old results predate the CSP check, and kept the errors of page loads only. */
const peersChecked = (samples: Samples) =>
  samples.csp ? '' : ' (these results predate that check: no peer ran under it; and they kept the errors of the page loads only)'

const cellText = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
