/**
 * Raw samples → medians with min–max, the markdown table, and the issue's
 * targets checked against Loyalkit's numbers.
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
import type { Samples } from './run.ts'
import type { LighthouseSample } from './lighthouse.ts'
import { VARIANTS, type Variant } from './server.ts'
import { WIDGETS } from './widgets.ts'

export interface Stat {
  median: number | null
  min: number | null
  max: number | null
  n: number
}

export function stat(values: (number | null | undefined)[]): Stat {
  const v = values.filter((x): x is number => typeof x == 'number' && Number.isFinite(x)).sort((a, b) => a - b)
  if (!v.length) return { median: null, min: null, max: null, n: 0 }
  const mid = Math.floor(v.length / 2)
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length }
}

type Row = {
  key: string
  label: string
  unit: string
  digits: number
  values: Partial<Record<Variant, Stat>>
  /** Typebot ÷ Loyalkit makes sense for this row. */
  ratio?: boolean
}

export interface Target {
  target: string
  measured: string
  met: boolean | null
  note?: string
}

const KB = 1024

export function buildReport(samples: Samples, ctx: { site: string; api: string; gzipBytes: (path: string) => number | undefined }) {
  const key = (r: RequestRecord) => new URL(r.url).origin + r.path
  const bareKeys = new Set(samples.load.bare.flatMap((s) => s.requests.filter((r) => r.type != 'Document').map(key)))
  const added = (s: LoadSample) => s.requests.filter((r) => r.type != 'Document' && !bareKeys.has(key(r)))
  const onSite = (url: string) => url.startsWith(ctx.site + '/')
  const fromWidget = (v: Variant, url: string | null | undefined): boolean => {
    const spec = WIDGETS[v]
    if (!spec || !url) return false
    try {
      const u = new URL(url)
      return (u.origin == ctx.site && spec.files.some((f) => u.pathname.startsWith(f))) || u.origin == ctx.api
    } catch {
      return false
    }
  }
  /** A long task is the widget's when the widget's code ran in it. */
  const widgetTask = (v: Variant, t: TraceTask) => t.scripts.some((u) => fromWidget(v, u) || (v == 'typebot' && u == MODULE_GRAPH))
  const scriptBytes = (s: LoadSample) =>
    added(s)
      .filter((r) => r.type == 'Script')
      .reduce((n, r) => n + ((onSite(r.url) && ctx.gzipBytes(r.path)) || r.bytes), 0)

  const per = <T>(f: (v: Variant) => T[], only: Variant[] = VARIANTS) =>
    Object.fromEntries(only.map((v) => [v, stat(f(v) as (number | null)[])])) as Partial<Record<Variant, Stat>>
  const widgets = VARIANTS.filter((v) => WIDGETS[v])
  const L = samples.load
  const H = samples.lighthouse
  const M = samples.memory
  const mem = (v: Variant, f: (m: MemorySample) => number) => (M[v] ?? []).map(f)

  /** The rows of one series of memory cycles: heap growth (all, and over its last half), objects left, DOM nodes, listeners. */
  const memoryRows = (
    key: string,
    what: string,
    series: (m: MemorySample) => { n: number; base: MemoryCounters; mid: MemoryCounters; after: MemoryCounters; left: LeftOver },
  ): Row[] => {
    const first = Object.values(M).flat()[0]
    const n = first ? series(first).n : 0
    const of = (f: (s: ReturnType<typeof series>) => number) => per((v) => mem(v, (m) => f(series(m))), widgets)
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

  const rows: Row[] = [
    {
      key: 'scriptGzip',
      label: 'Script added before interaction, gzip',
      unit: 'KB',
      digits: 1,
      ratio: true,
      values: per((v) => L[v].map((s) => scriptBytes(s) / KB)),
    },
    {
      key: 'bytesAdded',
      label: 'All bytes added before interaction (on the wire)',
      unit: 'KB',
      digits: 1,
      ratio: true,
      values: per((v) => L[v].map((s) => added(s).reduce((n, r) => n + r.bytes, 0) / KB)),
    },
    {
      key: 'requestsAdded',
      label: 'Requests added before interaction',
      unit: '',
      digits: 0,
      ratio: true,
      values: per((v) => L[v].map((s) => added(s).length)),
    },
    { key: 'requestsOnOpen', label: 'Requests on first open', unit: '', digits: 0, values: per((v) => L[v].map((s) => s.requestsOnOpen.length), widgets) },
  ]
  const lighthouse = H.bare.length > 0
  if (lighthouse) {
    const lhWidgetTasks = (v: Variant) => H[v].map((s) => s.longTasks.filter((t) => fromWidget(v, t.url)).length)
    rows.push(
      { key: 'lhScore', label: 'Lighthouse performance score', unit: '', digits: 0, values: per((v) => H[v].map((s) => s.score)) },
      { key: 'lhTbt', label: 'TBT (Lighthouse)', unit: 'ms', digits: 0, ratio: true, values: per((v) => H[v].map((s) => s.tbt)) },
      { key: 'lhTbtDelta', label: 'TBT added vs bare page (Lighthouse, Δ of medians)', unit: 'ms', digits: 0, ratio: true, values: {} },
      { key: 'lhLongTasks', label: 'Long tasks ≥ 50 ms (Lighthouse)', unit: '', digits: 0, values: per((v) => H[v].map((s) => s.longTasks.length)) },
      { key: 'lhWidgetLongTasks', label: 'of them attributed to the widget', unit: '', digits: 0, values: per(lhWidgetTasks, widgets) },
      { key: 'lhCls', label: 'CLS (Lighthouse)', unit: '', digits: 3, values: per((v) => H[v].map((s) => s.cls)) },
      { key: 'lhLcp', label: 'LCP (Lighthouse)', unit: 'ms', digits: 0, values: per((v) => H[v].map((s) => s.lcp)) },
      { key: 'lhFcp', label: 'FCP (Lighthouse)', unit: 'ms', digits: 0, values: per((v) => H[v].map((s) => s.fcp)) },
    )
    const d = rows.find((r) => r.key == 'lhTbtDelta')!
    const tbt = rows.find((r) => r.key == 'lhTbt')!.values
    for (const v of widgets) d.values[v] = deltaStat(tbt[v], tbt.bare)
  }
  // Devtools throttling: the page really ran 4× slower, so long tasks and boot-up are what a phone pays.
  const D = samples.lighthouseDevtools ?? { bare: [], loyalkit: [], typebot: [] }
  if (D.bare.length > 0) {
    const bootup = (v: Variant, s: LighthouseSample) => s.bootup.filter((b) => fromWidget(v, b.url)).reduce((n, b) => n + b.scripting + b.parse, 0)
    const dTbt = per((v) => D[v].map((s) => s.tbt))
    rows.push(
      {
        key: 'dtBootup',
        label: 'Widget script boot-up before interaction (Lighthouse, devtools throttling)',
        unit: 'ms',
        digits: 0,
        ratio: true,
        values: per((v) => D[v].map((s) => bootup(v, s)), widgets),
      },
      { key: 'dtTbt', label: 'TBT (Lighthouse, devtools throttling)', unit: 'ms', digits: 0, ratio: true, values: dTbt },
      {
        key: 'dtTbtDelta',
        label: 'TBT added vs bare page (devtools throttling, Δ of medians)',
        unit: 'ms',
        digits: 0,
        ratio: true,
        values: Object.fromEntries(widgets.map((v) => [v, deltaStat(dTbt[v], dTbt.bare)])),
      },
      { key: 'dtLongTasks', label: 'Long tasks ≥ 50 ms (devtools throttling)', unit: '', digits: 0, values: per((v) => D[v].map((s) => s.longTasks.length)) },
      {
        key: 'dtWidgetLongTasks',
        label: 'of them attributed to the widget',
        unit: '',
        digits: 0,
        values: per((v) => D[v].map((s) => s.longTasks.filter((t) => fromWidget(v, t.url)).length), widgets),
      },
      { key: 'dtCls', label: 'CLS (devtools throttling)', unit: '', digits: 3, values: per((v) => D[v].map((s) => s.cls)) },
    )
  }
  const obsTbt = per((v) => L[v].map((s) => s.tbt))
  rows.push(
    { key: 'tbt', label: `TBT, observed (${CPU}, FCP → idle)`, unit: 'ms', digits: 0, ratio: true, values: obsTbt },
    {
      key: 'tbtDelta',
      label: 'TBT added vs bare page (observed, Δ of medians)',
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: Object.fromEntries(widgets.map((v) => [v, deltaStat(obsTbt[v], obsTbt.bare)])),
    },
    { key: 'longTasks', label: `Long tasks ≥ 50 ms, observed (${CPU})`, unit: '', digits: 0, values: per((v) => L[v].map((s) => s.longTasks.length)) },
    {
      key: 'widgetLongTasks',
      label: "of them running the widget's code (trace)",
      unit: '',
      digits: 0,
      values: per((v) => L[v].map((s) => s.longTasks.filter((t) => widgetTask(v, t)).length), widgets),
    },
    {
      key: 'longestWidgetTask',
      label: "Longest task running the widget's code",
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => L[v].map((s) => Math.max(0, ...s.longTasks.filter((t) => widgetTask(v, t)).map((t) => t.duration))), widgets),
    },
    { key: 'cls', label: 'CLS, observed (load, before interaction)', unit: '', digits: 3, values: per((v) => L[v].map((s) => s.cls)) },
    { key: 'lcp', label: `LCP, observed (${CPU})`, unit: 'ms', digits: 0, values: per((v) => L[v].map((s) => s.lcp)) },
    {
      key: 'launcherAfterScript',
      label: `Script starts → launcher visible (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => L[v].map((s) => (s.launcherVisible != null && s.scriptStart != null ? s.launcherVisible - s.scriptStart : null)), widgets),
    },
    {
      key: 'launcherAfterNav',
      label: `Navigation → launcher visible (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => L[v].map((s) => s.launcherVisible), widgets),
    },
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
      values: per((v) => L[v].map((s) => s.panel?.interactive), widgets),
    },
    {
      key: 'panelCold',
      label: `Click → panel interactive, clicked as the launcher appears (${CPU})`,
      unit: 'ms',
      digits: 0,
      ratio: true,
      values: per((v) => (samples.coldClick[v] ?? []).map((p) => p?.interactive), widgets),
    },
    ...memoryRows('OpenClose', 'open/close', (m) => ({
      n: m.cycles.openClose,
      base: m.base,
      mid: m.midOpenClose,
      after: m.afterOpenClose,
      left: m.leftOpenClose,
    })),
    ...memoryRows('CreateDestroy', 'destroy/create', (m) => ({
      n: m.cycles.createDestroy,
      base: m.baseCreate,
      mid: m.midCreateDestroy,
      after: m.afterCreateDestroy,
      left: m.leftCreateDestroy,
    })),
  )

  const get = (k: string, v: Variant = 'loyalkit') => rows.find((r) => r.key == k)?.values[v]
  const targets = checkTargets(get, lighthouse, samples.memory)
  const summary = Object.fromEntries(rows.map((r) => [r.key, { label: r.label, unit: r.unit, ...r.values }]))

  return {
    summary,
    targets,
    markdown(env: Record<string, unknown>) {
      const cell = (s: Stat | undefined, r: Row) => {
        if (!s || s.median == null) return '—'
        const f = (x: number) => fmt(x, r.digits)
        const u = r.unit ? ' ' + r.unit : ''
        return s.n > 1 && s.min != s.max ? `${f(s.median)}${u} (${f(s.min!)}–${f(s.max!)})` : `${f(s.median)}${u}`
      }
      const ratio = (r: Row) => {
        const a = r.values.loyalkit?.median
        const b = r.values.typebot?.median
        if (!r.ratio || a == null || b == null) return ''
        if (a == 0) return b == 0 ? '=' : '∞'
        return `${fmt(b / a, b / a >= 10 ? 0 : 1)}×`
      }
      const lines = [
        `| Metric | Bare page | Loyalkit | Typebot bubble (peer) | Typebot ÷ Loyalkit |`,
        `|---|---:|---:|---:|---:|`,
        ...rows.map((r) => `| ${r.label} | ${cell(r.values.bare, r)} | ${cell(r.values.loyalkit, r)} | ${cell(r.values.typebot, r)} | ${ratio(r)} |`),
        '',
        `| Target | Loyalkit | Met |`,
        `|---|---|:-:|`,
        ...targets.map((t) => `| ${t.target} | ${t.measured}${t.note ? ` — ${t.note}` : ''} | ${t.met == null ? '?' : t.met ? 'yes' : '**no**'} |`),
        '',
        `Median (min–max) of ${env.runs} run(s); ${env.chromium}; Node ${env.node}; ${env.cpus}; ${env.lighthouse}; ${env.date}.`,
      ]
      return lines.join('\n')
    },
  }
}

const CPU = '4× CPU'

function deltaStat(a: Stat | undefined, b: Stat | undefined): Stat {
  if (a?.median == null || b?.median == null) return { median: null, min: null, max: null, n: 0 }
  return { median: a.median - b.median, min: null, max: null, n: 1 }
}

function fmt(x: number, digits: number): string {
  const s = x.toFixed(digits)
  return s == '-0' || /^-0\.0+$/.test(s) ? s.slice(1) : s
}

function checkTargets(get: (k: string, v?: Variant) => Stat | undefined, lighthouse: boolean, memory: Samples['memory']): Target[] {
  const t: Target[] = []
  const ms = (s: Stat | undefined) =>
    s?.median == null ? 'n/a' : s.n > 1 ? `median ${fmt(s.median, 0)} ms, max ${fmt(s.max!, 0)} ms` : `${fmt(s.median, 0)} ms`
  const maxOf = (...s: (Stat | undefined)[]) => Math.max(...s.map((x) => x?.max ?? 0))
  const known = (...s: (Stat | undefined)[]) => s.every((x) => x?.median != null)

  const clsL = get('lhCls')
  const clsO = get('cls')
  t.push({
    target: 'CLS 0',
    measured: `${lighthouse ? `Lighthouse max ${fmt(clsL?.max ?? NaN, 3)}, ` : ''}observed max ${fmt(clsO?.max ?? NaN, 3)}`,
    met: known(clsO, ...(lighthouse ? [clsL] : [])) ? maxOf(clsO, ...(lighthouse ? [clsL] : [])) == 0 : null,
  })
  const ltL = get('lhWidgetLongTasks')
  const ltO = get('widgetLongTasks')
  t.push({
    target: 'No long task (≥ 50 ms) from the widget',
    measured: `${lighthouse ? `Lighthouse: ${fmt(ltL?.max ?? NaN, 0)} in the worst run, ` : ''}observed: ${fmt(ltO?.max ?? NaN, 0)} in the worst run (longest ${ms(get('longestWidgetTask'))})`,
    met: known(ltO) ? maxOf(ltO, ...(lighthouse ? [ltL] : [])) == 0 : null,
  })
  const dL = get('lhTbtDelta')
  const dO = get('tbtDelta')
  const deltas = [...(lighthouse ? [dL] : []), dO]
  t.push({
    target: 'TBT delta ≤ 10 ms',
    measured: `${lighthouse ? `Lighthouse +${fmt(dL?.median ?? NaN, 0)} ms, ` : ''}observed +${fmt(dO?.median ?? NaN, 0)} ms (Δ of medians)`,
    met: known(...deltas) ? Math.max(...deltas.map((d) => d!.median!)) <= 10 : null,
  })
  // Under devtools throttling (the load really 4× slower), judged in every run, not at the median.
  const boot = get('dtBootup')
  if (boot?.median != null) {
    t.push({ target: 'Widget boot-up before interaction ≤ 20 ms (devtools throttling, every run)', measured: ms(boot), met: boot.max! <= 20 })
    const tasks = get('dtWidgetLongTasks')
    const tbtD = get('dtTbt')
    const tbtBare = get('dtTbt', 'bare')
    t.push({
      target: '0 widget long tasks and TBT delta ≤ 5 ms in every run (devtools throttling)',
      measured: `widget long tasks: ${fmt(tasks?.max ?? NaN, 0)} in the worst run; TBT ${ms(tbtD)} against the bare page's ${ms(tbtBare)}`,
      met: tasks?.max == null || tbtD?.max == null || tbtBare?.min == null ? null : tasks.max == 0 && tbtD.max - tbtBare.min <= 5,
    })
  }
  const l = get('launcherAfterScript')
  t.push({
    target: 'Launcher visible ≤ 50 ms after the script runs (4× CPU)',
    measured: ms(l),
    met: l?.median == null ? null : l.median <= 50,
    note: l?.max != null && l.max > 50 && l.median! <= 50 ? 'median meets it, not every run' : undefined,
  })
  const p = get('panel')
  const ph = get('panelHover')
  const pc = get('panelCold')
  t.push({
    target: `Panel interactive ≤ 100 ms after a click, pointer on the launcher ${HOVER_MS} ms first, in every run (4× CPU)`,
    measured: ms(ph),
    met: ph?.max == null ? null : ph.max <= 100,
  })
  t.push({
    target: 'Panel interactive ≤ 150 ms after a click, pointer arriving and clicking at once, in every run (4× CPU)',
    measured: `page idle: ${ms(p)}; clicked as the launcher appears: ${ms(pc)}`,
    // Judged on the idle page; the click as the launcher appears races the page's own loading and is shown, not judged.
    met: p?.max == null ? null : p.max <= 150,
  })
  const leaks = ['nodesOpenClose', 'listenersOpenClose', 'nodesCreateDestroy', 'listenersCreateDestroy'].map((k) => get(k))
  const kinds = ['kindsOpenClose', 'kindsCreateDestroy'].map((k) => get(k))
  const heaps = ['heapOpenClose', 'heapCreateDestroy', 'heapOpenCloseLate', 'heapCreateDestroyLate'].map((k) => get(k))
  // "Nothing left": no DOM node, no listener, and no kind of heap object (V8 code and internals aside) that grows by one or more per cycle.
  const named = (which: 'leftOpenClose' | 'leftCreateDestroy') => {
    const runs = memory.loyalkit ?? []
    const last = runs[runs.length - 1]?.[which].perCycle ?? []
    return last.length
      ? ` [${last
          .slice(0, 4)
          .map((k) => `${k.kind.replace(/^[a-z ]+:/, '').replace(/<.*/, '')} ×${k.count}`)
          .join(', ')}]`
      : ''
  }
  t.push({
    target: 'Nothing left after 100 open/close and 20 destroy/create cycles',
    measured:
      `open/close: DOM nodes Δ ${fmt(leaks[0]?.max ?? NaN, 0)}, listeners Δ ${fmt(leaks[1]?.max ?? NaN, 0)}, kinds of object left per cycle ${fmt(kinds[0]?.max ?? NaN, 0)}${named('leftOpenClose')}, JS heap Δ ${fmt(heaps[0]?.median ?? NaN, 1)} KB (last half ${fmt(heaps[2]?.median ?? NaN, 1)} KB); ` +
      `destroy/create: DOM nodes Δ ${fmt(leaks[2]?.max ?? NaN, 0)}, listeners Δ ${fmt(leaks[3]?.max ?? NaN, 0)}, kinds of object left per cycle ${fmt(kinds[1]?.max ?? NaN, 0)}${named('leftCreateDestroy')}, JS heap Δ ${fmt(heaps[1]?.median ?? NaN, 1)} KB (last half ${fmt(heaps[3]?.median ?? NaN, 1)} KB)`,
    met: known(...leaks, ...kinds) ? [...leaks, ...kinds].every((s) => s!.max! <= 0) : null,
    note: 'worst run; JS heap Δ (median) includes V8 compiling and tiering up the code the cycles run, which levels off (see the last half): shown, not judged',
  })
  return t
}
