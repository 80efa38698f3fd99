/**
 * The rows of the report's table, one function per section: bytes and requests,
 * Lighthouse (simulated, then devtools throttling), what the page observed at
 * 4× CPU, the click → panel timings, and memory over repeated cycles. Each row
 * has one Stat per variant it applies to.
 */
import {
  HOVER_MS,
  MODULE_GRAPH,
  type LeftOver,
  type LoadSample,
  type MemoryCounters,
  type MemorySample,
  type RequestRecord,
  type TraceTask,
} from './browser.ts'
import type { LighthouseSample } from './lighthouse.ts'
import type { Samples } from './run.ts'
import { deltaStat, type Stat, stat } from './stats.ts'
import { baselineOf, VARIANTS, type Variant, widgetOf } from './widgets.ts'

export type Row = {
  key: string
  label: string
  unit: string
  digits: number
  values: Partial<Record<Variant, Stat>>
  /** Peer ÷ Loyalkit makes sense for this row. */
  ratio?: boolean
}

export interface ReportContext {
  site: string
  api: string
  gzipBytes: (path: string) => number | undefined
}

/** What every section needs: the samples, per-variant stats, and which bytes, scripts and tasks are the widget's. */
export interface Scope {
  samples: Samples
  /** The variants measured (those with page loads), in the order of VARIANTS. */
  variants: Variant[]
  /** Of them, those with a widget on the page. */
  widgets: Variant[]
  /** A variant's page loads (none if it was not measured). */
  loads(v: Variant): LoadSample[]
  per<T>(f: (v: Variant) => T[], only?: Variant[]): Partial<Record<Variant, Stat>>
  /** Requests of a variant's load that the same page without a widget does not make. */
  added(v: Variant, s: LoadSample): RequestRecord[]
  /** Gzip bytes of the scripts a load adds (as this site serves them; on the wire for anything else). */
  scriptBytes(v: Variant, s: LoadSample): number
  /** The URL is one of the widget's files, or its API. */
  fromWidget(v: Variant, url: string | null | undefined): boolean
  /** A long task is the widget's when the widget's code ran in it. */
  widgetTask(v: Variant, t: TraceTask): boolean
}

const KB = 1024
export const CPU = '4× CPU'

export function scope(samples: Samples, ctx: ReportContext): Scope {
  const loads = (v: Variant) => samples.load[v] ?? []
  const variants = VARIANTS.filter((v) => loads(v).length)
  const key = (r: RequestRecord) => new URL(r.url).origin + r.path
  const keysOf = (v: Variant) => new Set(loads(v).flatMap((s) => s.requests.filter((r) => r.type != 'Document').map(key)))
  const baseKeys = { bare: keysOf('bare'), plain: keysOf('plain') }
  const added = (v: Variant, s: LoadSample) => {
    const base = baseKeys[baselineOf(v) as 'bare' | 'plain']
    return s.requests.filter((r) => r.type != 'Document' && !base.has(key(r)))
  }
  const onSite = (url: string) => url.startsWith(ctx.site + '/')
  const fromWidget = (v: Variant, url: string | null | undefined): boolean => {
    const spec = widgetOf(v)
    if (!spec || !url) return false
    try {
      const u = new URL(url)
      return (u.origin == ctx.site && spec.files.some((f) => u.pathname.startsWith(f))) || u.origin == ctx.api
    } catch {
      return false
    }
  }
  return {
    samples,
    variants,
    widgets: variants.filter((v) => widgetOf(v)),
    loads,
    per: <T>(f: (v: Variant) => T[], only: Variant[] = variants) =>
      Object.fromEntries(only.map((v) => [v, stat(f(v) as (number | null)[])])) as Partial<Record<Variant, Stat>>,
    added,
    scriptBytes: (v, s) =>
      added(v, s)
        .filter((r) => r.type == 'Script')
        .reduce((n, r) => n + ((onSite(r.url) && ctx.gzipBytes(r.path)) || r.bytes), 0),
    fromWidget,
    widgetTask: (v, t) => t.scripts.some((u) => fromWidget(v, u) || (!!widgetOf(v)?.module && u == MODULE_GRAPH)),
  }
}

/** What the widget adds to the page load before anyone interacts: script, bytes, requests; and what opening it fetches. */
export function bytesRows({ loads: L, per, widgets, added, scriptBytes }: Scope): Row[] {
  return [
    {
      key: 'scriptGzip',
      label: 'Script added before interaction, gzip',
      unit: 'KB',
      digits: 1,
      ratio: true,
      values: per((v) => L(v).map((s) => scriptBytes(v, s) / KB)),
    },
    {
      key: 'bytesAdded',
      label: 'All bytes added before interaction (on the wire)',
      unit: 'KB',
      digits: 1,
      ratio: true,
      values: per((v) => L(v).map((s) => added(v, s).reduce((n, r) => n + r.bytes, 0) / KB)),
    },
    {
      key: 'requestsAdded',
      label: 'Requests added before interaction',
      unit: '',
      digits: 0,
      ratio: true,
      values: per((v) => L(v).map((s) => added(v, s).length)),
    },
    { key: 'requestsOnOpen', label: 'Requests on first open', unit: '', digits: 0, values: per((v) => L(v).map((s) => s.requestsOnOpen.length), widgets) },
  ]
}

/** Lighthouse with its default simulated throttling; none when Lighthouse was skipped. */
export function lighthouseRows({ samples, per, widgets, fromWidget }: Scope): Row[] {
  const H = (v: Variant) => samples.lighthouse[v] ?? []
  if (!H('bare').length) return []
  const lhWidgetTasks = (v: Variant) => H(v).map((s) => s.longTasks.filter((t) => fromWidget(v, t.url)).length)
  const tbt = per((v) => H(v).map((s) => s.tbt))
  return [
    { key: 'lhScore', label: 'Lighthouse performance score', unit: '', digits: 0, values: per((v) => H(v).map((s) => s.score)) },
    { key: 'lhTbt', label: 'TBT (Lighthouse)', unit: 'ms', digits: 0, ratio: true, values: tbt },
    {
      key: 'lhTbtDelta',
      label: 'TBT added vs the page without it (Lighthouse, Δ of medians)',
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: Object.fromEntries(widgets.map((v) => [v, deltaStat(tbt[v], tbt[baselineOf(v)])])),
    },
    { key: 'lhLongTasks', label: 'Long tasks ≥ 50 ms (Lighthouse)', unit: '', digits: 0, values: per((v) => H(v).map((s) => s.longTasks.length)) },
    { key: 'lhWidgetLongTasks', label: 'of them attributed to the widget', unit: '', digits: 0, values: per(lhWidgetTasks, widgets) },
    { key: 'lhCls', label: 'CLS (Lighthouse)', unit: '', digits: 3, values: per((v) => H(v).map((s) => s.cls)) },
    { key: 'lhLcp', label: 'LCP (Lighthouse)', unit: 'ms', digits: 0, values: per((v) => H(v).map((s) => s.lcp)) },
    { key: 'lhFcp', label: 'FCP (Lighthouse)', unit: 'ms', digits: 0, values: per((v) => H(v).map((s) => s.fcp)) },
  ]
}

/** Lighthouse under devtools throttling: the page really ran 4× slower, so long tasks and boot-up are what a phone pays. */
export function devtoolsRows({ samples, per, widgets, fromWidget }: Scope): Row[] {
  const D = (v: Variant) => samples.lighthouseDevtools?.[v] ?? []
  if (!D('bare').length) return []
  const bootup = (v: Variant, s: LighthouseSample) => s.bootup.filter((b) => fromWidget(v, b.url)).reduce((n, b) => n + b.scripting + b.parse, 0)
  const dTbt = per((v) => D(v).map((s) => s.tbt))
  return [
    {
      key: 'dtBootup',
      label: 'Widget script boot-up before interaction (Lighthouse, devtools throttling)',
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => D(v).map((s) => bootup(v, s)), widgets),
    },
    { key: 'dtTbt', label: 'TBT (Lighthouse, devtools throttling)', unit: 'ms', digits: 0, ratio: true, values: dTbt },
    {
      key: 'dtTbtDelta',
      label: 'TBT added vs the page without it (devtools throttling, Δ of medians)',
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: Object.fromEntries(widgets.map((v) => [v, deltaStat(dTbt[v], dTbt[baselineOf(v)])])),
    },
    { key: 'dtLongTasks', label: 'Long tasks ≥ 50 ms (devtools throttling)', unit: '', digits: 0, values: per((v) => D(v).map((s) => s.longTasks.length)) },
    {
      key: 'dtWidgetLongTasks',
      label: 'of them attributed to the widget',
      unit: '',
      digits: 0,
      values: per((v) => D(v).map((s) => s.longTasks.filter((t) => fromWidget(v, t.url)).length), widgets),
    },
    { key: 'dtCls', label: 'CLS (devtools throttling)', unit: '', digits: 3, values: per((v) => D(v).map((s) => s.cls)) },
  ]
}

/** The page load as the page itself observed it (trace, PerformanceObservers) at 4× CPU: blocking time, long tasks, shifts, the launcher. */
export function observedLoadRows({ loads: L, per, widgets, widgetTask }: Scope): Row[] {
  const obsTbt = per((v) => L(v).map((s) => s.tbt))
  return [
    { key: 'tbt', label: `TBT, observed (${CPU}, FCP → idle)`, unit: 'ms', digits: 0, ratio: true, values: obsTbt },
    {
      key: 'tbtDelta',
      label: 'TBT added vs the page without it (observed, Δ of medians)',
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: Object.fromEntries(widgets.map((v) => [v, deltaStat(obsTbt[v], obsTbt[baselineOf(v)])])),
    },
    { key: 'longTasks', label: `Long tasks ≥ 50 ms, observed (${CPU})`, unit: '', digits: 0, values: per((v) => L(v).map((s) => s.longTasks.length)) },
    {
      key: 'widgetLongTasks',
      label: "of them running the widget's code (trace)",
      unit: '',
      digits: 0,
      values: per((v) => L(v).map((s) => s.longTasks.filter((t) => widgetTask(v, t)).length), widgets),
    },
    {
      key: 'longestWidgetTask',
      label: "Longest task running the widget's code",
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => L(v).map((s) => Math.max(0, ...s.longTasks.filter((t) => widgetTask(v, t)).map((t) => t.duration))), widgets),
    },
    { key: 'cls', label: 'CLS, observed (load, before interaction)', unit: '', digits: 3, values: per((v) => L(v).map((s) => s.cls)) },
    { key: 'lcp', label: `LCP, observed (${CPU})`, unit: 'ms', digits: 0, values: per((v) => L(v).map((s) => s.lcp)) },
    {
      key: 'launcherAfterScript',
      label: `Script starts → launcher visible (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => L(v).map((s) => (s.launcherVisible != null && s.scriptStart != null ? s.launcherVisible - s.scriptStart : null)), widgets),
    },
    {
      // The launcher cannot show before the page's own first frame: a script that runs before it is judged on frames, not ms.
      key: 'launcherFrames',
      label: `Frames painted after the script runs before the launcher shows (${CPU})`,
      unit: '',
      digits: 0,
      // Absent (null) in results recorded before it was measured.
      values: per((v) => L(v).map((s) => s.launcherFrames ?? null), widgets),
    },
    {
      key: 'launcherAfterNav',
      label: `Navigation → launcher visible (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => L(v).map((s) => s.launcherVisible), widgets),
    },
  ]
}

/** Click on the launcher → panel interactive, three ways a shopper's click can come. */
export function panelRows({ samples, loads, per, widgets }: Scope): Row[] {
  return [
    {
      key: 'panelHover',
      label: `Click → panel interactive, page idle, pointer on the launcher ${HOVER_MS} ms first (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => (samples.hoverClick[v] ?? []).map((p) => p?.interactive), widgets),
    },
    {
      key: 'panel',
      label: `Click → panel interactive, page idle, pointer arrives and clicks at once (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => loads(v).map((s) => s.panel?.interactive), widgets),
    },
    {
      key: 'panelCold',
      label: `Click → panel interactive, clicked as the launcher appears (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => (samples.coldClick[v] ?? []).map((p) => p?.interactive), widgets),
    },
  ]
}

/** One series of memory cycles, as the rows read it. */
interface Series {
  n: number
  base: MemoryCounters
  mid: MemoryCounters
  after: MemoryCounters
  left: LeftOver
}

/** Both series of memory cycles: open/close, then destroy/create. */
export function memoryRows(s: Scope): Row[] {
  return [
    ...seriesRows(s, 'OpenClose', 'open/close', (m) => ({
      n: m.cycles.openClose,
      base: m.base,
      mid: m.midOpenClose,
      after: m.afterOpenClose,
      left: m.leftOpenClose,
    })),
    ...seriesRows(s, 'CreateDestroy', 'destroy/create', (m) => ({
      n: m.cycles.createDestroy,
      base: m.baseCreate,
      mid: m.midCreateDestroy,
      after: m.afterCreateDestroy,
      left: m.leftCreateDestroy,
    })),
  ]
}

/** The rows of one series: heap growth (all, and over its last half), objects left, DOM nodes, listeners. */
function seriesRows({ samples, per, widgets }: Scope, key: string, what: string, series: (m: MemorySample) => Series): Row[] {
  const M = samples.memory
  const first = Object.values(M).flat()[0]
  const n = first ? series(first).n : 0
  const of = (f: (s: Series) => number) =>
    per(
      (v) => (M[v] ?? []).map((m) => f(series(m))),
      widgets.filter((v) => M[v]),
    )
  return [
    {
      key: 'heap' + key,
      label: `JS heap Δ after ${n} ${what} (after GC)`,
      unit: 'KB',
      digits: 1,
      values: of((s) => (s.after.heapUsed - s.base.heapUsed) / KB),
    },
    {
      key: `heap${key}Late`,
      label: `of it, over the last ${n / 2} ${what}`,
      unit: 'KB',
      digits: 1,
      values: of((s) => (s.after.heapUsed - s.mid.heapUsed) / KB),
    },
    {
      key: 'left' + key,
      label: `Heap objects left after ${n} ${what} (snapshot, V8 code/internals aside)`,
      unit: 'KB',
      digits: 1,
      values: of((s) => s.left.bytes / KB),
    },
    { key: 'kinds' + key, label: `kinds of object left once per ${what} or more`, unit: '', digits: 0, values: of((s) => s.left.perCycle.length) },
    { key: 'nodes' + key, label: `DOM nodes Δ after ${n} ${what}`, unit: '', digits: 0, values: of((s) => s.after.nodes - s.base.nodes) },
    {
      key: 'listeners' + key,
      label: `JS event listeners Δ after ${n} ${what}`,
      unit: '',
      digits: 0,
      values: of((s) => s.after.listeners - s.base.listeners),
    },
  ]
}
