/**
 * Measurements in a real Chromium driven by playwright-core with a CDP session:
 * - a page load at 4× CPU throttle (CDP Emulation.setCPUThrottlingRate), with
 *   PerformanceObservers installed before any page script (layout shifts, LCP,
 *   FCP, long tasks and long animation frames), the network log (CDP Network),
 *   and a trace (long tasks of the main thread and the scripts run in each;
 *   script start → launcher visible, and in how many frames after the script
 *   ran); then, once the page is idle, a click on the launcher, timed until the
 *   panel is interactive;
 * - a click on the launcher as soon as it shows (the UI not loaded yet);
 * - memory: heap and DOM counters after forced GC, before and after 100
 *   open/close cycles and 20 destroy/create cycles (no throttle).
 */
import { readFileSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import type { BenchSite } from './server.ts'
import { VARIANT_SPECS, type Variant, widgetOf } from './widgets.ts'
import { CHROMIUM, CHROMIUM_FLAGS as TEST_FLAGS } from '../test/browser/harness.ts'

/** Page-side probe (plain JS: the pages' CSP allows no eval, so nothing page-side is built from strings). */
const PROBE = readFileSync(new URL('./probe.js', import.meta.url), 'utf8')
type Bench = any
declare const window: { __bench: Bench }

export { CHROMIUM }
/** The tests' flags, and nothing leaves 127.0.0.1: other hosts do not resolve (see newPage). */
export const CHROMIUM_FLAGS = [...TEST_FLAGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']
export const CPU_SLOWDOWN = 4
/** The viewport of Lighthouse's mobile preset. */
const MOBILE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: false }

export interface RequestRecord {
  url: string
  path: string
  method: string
  type: string
  status: number
  /** Bytes on the wire for the body (gzip where served gzip). */
  bytes: number
  /** ms after the document request was sent. */
  start: number
}

export interface LoadSample {
  requests: RequestRecord[]
  /** ms after navigation start. */
  fcp: number | null
  lcp: number | null
  cls: number
  shifts: { start: number; value: number; input: boolean; moved?: string[] }[]
  /** Long tasks of the main thread (trace), with the scripts that ran in each. */
  longTasks: TraceTask[]
  /** The same from the page's PerformanceObserver('longtask'), as a cross-check. */
  observedLongTasks: { start: number; duration: number }[]
  /** Σ (long task − 50 ms) from FCP until the page was quiet (before any interaction). */
  tbt: number
  /** Trace: the widget's script starting to run (ms after navigation start). */
  scriptStart: number | null
  /** First frame in which the launcher is laid out and visible (ms after navigation start). */
  launcherVisible: number | null
  /**
   * Frames (rAF callbacks) after the widget's script had run in which its launcher was not yet visible: 0 = it was in the
   * first frame after the script ran. Null without a widget (absent from results recorded before it was measured).
   */
  launcherFrames: number | null
  /** Click → first frame with the panel interactive, the UI preloaded (page idle). */
  panel: PanelTiming | null
  /** Requests made from the click until the panel was interactive. */
  requestsOnOpen: RequestRecord[]
  /** Console errors and warnings, page errors, failed requests and HTTP errors of this page (see newPage). */
  errors: string[]
}

export interface PanelTiming {
  /** ms from the click event to the first frame in which panelReady holds. */
  interactive: number
  /** ms from the click event to the first frame in which the panel is visible at all. */
  shown: number | null
}

export interface MemoryCounters {
  heapUsed: number
  nodes: number
  listeners: number
  documents: number
}

export interface MemorySample {
  /** After WARM_UP cycles of each kind, then halfway, then at the end. */
  base: MemoryCounters
  midOpenClose: MemoryCounters
  afterOpenClose: MemoryCounters
  baseCreate: MemoryCounters
  midCreateDestroy: MemoryCounters
  afterCreateDestroy: MemoryCounters
  cycles: { openClose: number; createDestroy: number }
  warmUp: number
  /** Heap snapshots (code aside) before and after each series. */
  leftOpenClose: LeftOver
  leftCreateDestroy: LeftOver
}

const WARM_UP = 3

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
}

/** Network log of a page through its CDP session. */
export function networkLog(cdp: CDPSession, origin: () => number) {
  const byId = new Map<string, RequestRecord & { done: boolean }>()
  // Answered by the memory or HTTP cache (what a prefetch left there): no request went out.
  const cached = new Set<string>()
  let inflight = 0
  let lastActivity = Date.now()
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return
    const prev = byId.get(e.requestId)
    if (prev && !prev.done) return // a redirect keeps the id
    const url = new URL(e.request.url)
    byId.set(e.requestId, {
      url: e.request.url,
      path: url.pathname,
      method: e.request.method,
      type: e.type ?? 'Other',
      status: 0,
      bytes: 0,
      start: e.timestamp * 1000,
      done: false,
    })
    inflight++
    lastActivity = Date.now()
  })
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId)
    if (r) r.status = e.response.status
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId)
  })
  cdp.on('Network.requestServedFromCache', (e) => void cached.add(e.requestId))
  cdp.on('Network.dataReceived', (e) => {
    const r = byId.get(e.requestId)
    if (r) r.bytes += e.encodedDataLength
  })
  const finish = (id: string) => {
    const r = byId.get(id)
    if (r && !r.done) {
      r.done = true
      inflight--
      lastActivity = Date.now()
    }
  }
  cdp.on('Network.loadingFinished', (e) => finish(e.requestId))
  cdp.on('Network.loadingFailed', (e) => finish(e.requestId))
  return {
    all: () => [...byId].filter(([id]) => !cached.has(id)).map(([, { done, ...r }]) => ({ ...r, start: r.start - origin() })),
    /** Resolves once nothing has been in flight for `quietMs`. */
    async quiet(quietMs: number, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        if (inflight <= 0 && Date.now() - lastActivity >= quietMs) return
        await new Promise((r) => setTimeout(r, 100))
      }
    },
  }
}

/** Where a page's problems go as they happen (besides the page's own `errors`): the run's record of every page's. */
export type ProblemSink = (message: string) => void

export interface BenchPage {
  context: BrowserContext
  page: Page
  cdp: CDPSession
  /** Console errors and warnings, page errors, failed requests and HTTP errors, until `close`. */
  errors: string[]
  /** Records a problem of the page's (in `errors` and the sink). */
  note(message: string): void
  /** Closes the page's context; what closing aborts is not a problem of the page's. */
  close(): Promise<void>
}

export async function newPage(browser: Browser, variant: Variant, sink: ProblemSink): Promise<BenchPage> {
  const context = await browser.newContext({ ...MOBILE })
  const page = await context.newPage()
  const errors: string[] = []
  let open = true
  const note = (message: string) => {
    if (!open) return
    errors.push(message)
    sink(message)
  }
  page.on('pageerror', (e) => note('pageerror: ' + e.message))
  page.on('console', (m) => {
    if (m.type() == 'error' || m.type() == 'warning') note(`console.${m.type()}: ${m.text()}`)
  })
  // Nothing leaves localhost (a peer might reach for a CDN): other hosts do not resolve (CHROMIUM_FLAGS),
  // and each such request is noted. Not by intercepting requests: that turns the HTTP cache off.
  page.on('requestfailed', (r) => {
    if (/^(data:|blob:)/.test(r.url())) return
    const local = /^https?:\/\/127\.0\.0\.1[:/]/.test(r.url())
    note(local ? `failed request: ${r.method()} ${r.url()} (${r.failure()?.errorText ?? '?'})` : 'blocked external request: ' + r.url())
  })
  page.on('response', (r) => {
    if (r.status() >= 400) note(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`)
  })
  await page.addInitScript({ content: `const WIDGET = ${JSON.stringify(VARIANT_SPECS[variant].widget)};\n${PROBE}` })
  const cdp = await context.newCDPSession(page)
  const close = async () => {
    open = false
    await context.close()
  }
  return { context, page, cdp, errors, note, close }
}

/**
 * 4× CPU and the network log on. Every page has a context of its own, so its cache starts empty: a load
 * fetches what a first visit would, and what a page fetches ahead (a prefetch) is there later, as for a shopper.
 */
export async function throttle(cdp: CDPSession): Promise<void> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
  await cdp.send('Network.enable')
}

/** Trace events that run a script, and carry its URL. */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'v8.compileModule', 'TimerFire', 'FireAnimationFrame', 'EventDispatch'])
/** Module evaluation has no URL in the trace: on these pages the only module graph is a peer's embed (e.g. typebot-init.js → web.js). */
export const MODULE_GRAPH = '(module graph)'

export interface TraceTask {
  start: number
  duration: number
  /** Script URLs that ran in the task (trace events, and long-animation-frame script entries overlapping it). */
  scripts: string[]
}

/**
 * From the trace of a page load: when the widget's script started, and the long
 * tasks (≥ 50 ms) of the page's main thread with the scripts that ran in each.
 * Times are ms after navigation start, mapped through a user-timing mark whose
 * startTime the page also knows.
 */
function analyzeTrace(events: any[], variant: Variant, loafs: any[]): { scriptStart: number | null; tasks: TraceTask[] } {
  const clock = events.find((e) => e.name == 'bench:clock' && e.args?.data?.startTime != null)
  if (!clock) return { scriptStart: null, tasks: [] }
  const toMs = (ts: number) => (ts - clock.ts) / 1000 + clock.args.data.startTime
  const onMain = (e: any) => e.pid == clock.pid && e.tid == clock.tid
  const starts = events
    .filter((e) => onMain(e) && scriptMatcher(variant)(e))
    .map((e) => e.ts as number)
    .sort((a, b) => a - b)
  const scriptRuns = events.filter((e) => onMain(e) && (e.name == 'v8.evaluateModule' || (SCRIPT_EVENTS.has(e.name) && e.args?.data?.url)))
  const tasks = events
    .filter((e) => onMain(e) && e.name == 'RunTask' && e.dur >= 50_000 && toMs(e.ts) >= 0)
    .map((t): TraceTask => {
      const end = t.ts + t.dur
      const scripts = new Set<string>()
      for (const e of scriptRuns) if (e.ts >= t.ts && e.ts < end) scripts.add(e.name == 'v8.evaluateModule' ? MODULE_GRAPH : e.args.data.url)
      const start = toMs(t.ts)
      const duration = t.dur / 1000
      for (const f of loafs) {
        for (const sc of f.scripts ?? []) if (sc.url && sc.start < start + duration && sc.start + sc.duration > start) scripts.add(sc.url)
      }
      return { start, duration, scripts: [...scripts] }
    })
  return { scriptStart: starts.length ? toMs(starts[0]!) : null, tasks }
}

const scriptMatcher =
  (variant: Variant) =>
  (e: any): boolean => {
    if (VARIANT_SPECS[variant].widget == 'loyalkit') return e.name == 'EvaluateScript' && /\/dist\/loyalkit\.js$/.test(e.args?.data?.url ?? '')
    // A peer's embed is a module graph (its init script → its bundle): its evaluation starts it.
    if (widgetOf(variant)?.module) return e.name == 'v8.evaluateModule'
    return false
  }

/** Wait for a page-side condition of the probe (checked per frame, in the page). */
export async function until(page: Page, what: 'launcher' | 'ready', timeoutMs = 20_000): Promise<void> {
  await page.evaluate(([what, ms]) => window.__bench.until(what == 'launcher' ? () => window.__bench.launcher != null : window.__bench.w.ready, ms), [
    what,
    timeoutMs,
  ] as const)
}

/**
 * Click the launcher and time it page-side: click event → first frame with the panel interactive.
 * With `dwellMs`, the pointer rests on the launcher that long before pressing, as a person's does;
 * without, the pointer arrives and clicks at once, so work done on pointer arrival counts too.
 */
export async function clickLauncher({ page, note }: BenchPage, dwellMs = 0): Promise<PanelTiming | null> {
  await page.evaluate(() => window.__bench.armPanel())
  const box = (await page.evaluate(() => window.__bench.launcherCenter())) as { x: number; y: number }
  if (dwellMs) {
    await page.mouse.move(box.x, box.y)
    await page.waitForTimeout(dwellMs)
  }
  await page.mouse.click(box.x, box.y)
  const timing = (await page.evaluate(() => window.__bench.panel)) as PanelTiming | null
  // A widget whose panel never opens is broken, not slow: said where its errors are, not only as a missing number.
  if (!timing) note('panel not interactive within 30 s of the click')
  return timing
}

/** One page load at 4× CPU throttle, then a click on the launcher once the page is idle. */
export async function measureLoad(browser: Browser, site: BenchSite, variant: Variant, sink: ProblemSink): Promise<LoadSample> {
  const spec = widgetOf(variant)
  const bp = await newPage(browser, variant, sink)
  const { page, cdp, errors } = bp
  let tracing = false
  try {
    await throttle(cdp)
    let navStart = 0
    const net = networkLog(cdp, () => navStart)
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!navStart && e.type == 'Document') navStart = e.timestamp * 1000
    })
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8'] })
    tracing = true
    await page.goto(site.url(variant), { waitUntil: 'load' })
    if (spec) await until(page, 'launcher')
    // Idle: nothing on the network for 1.5 s (the widget's idle-time loading included), and at least 2.5 s after load.
    await Promise.all([net.quiet(1500), page.waitForTimeout(2500)])
    await page.evaluate(() => performance.mark('bench:clock'))
    tracing = false
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: any[] }
    const B = await page.evaluate(() => {
      const b = (window as any).__bench
      return { longtasks: b.longtasks, loafs: b.loafs, shifts: b.shifts, lcp: b.lcp, fcp: b.fcp, launcher: b.launcher, launcherFrames: b.launcherFrames }
    })
    const loadRequests = net.all()
    const fcp = B.fcp as number | null
    const { scriptStart, tasks: longTasks } = analyzeTrace(trace.traceEvents, variant, B.loafs)
    // TBT as Lighthouse defines it (Σ of each task's time beyond 50 ms), here from FCP until the page was idle.
    const tbt = longTasks.filter((t) => fcp == null || t.start >= fcp).reduce((s, t) => s + Math.max(0, t.duration - 50), 0)
    const shifts = B.shifts as LoadSample['shifts']

    let panel: PanelTiming | null = null
    let requestsOnOpen: RequestRecord[] = []
    if (spec) {
      const before = loadRequests.length
      panel = await clickLauncher(bp)
      requestsOnOpen = net.all().slice(before)
    }
    return {
      requests: loadRequests,
      fcp,
      lcp: B.lcp.length ? B.lcp[B.lcp.length - 1].start : null,
      cls: shifts.filter((s) => !s.input).reduce((s, e) => s + e.value, 0),
      shifts,
      longTasks,
      observedLongTasks: B.longtasks,
      tbt,
      scriptStart,
      launcherVisible: B.launcher,
      launcherFrames: B.launcherFrames ?? null,
      panel,
      requestsOnOpen,
      errors: [...errors],
    }
  } finally {
    // A load that failed half-way leaves no trace recording behind to fail the next one.
    if (tracing) await browser.stopTracing().catch(() => {})
    await bp.close()
  }
}

/** HOVER_MS: how long the pointer rests on the launcher before the click in `measureHoverClick`. */
export const HOVER_MS = 200

/** A page at 4× CPU, idle (the UI preloaded); the pointer rests on the launcher HOVER_MS, then clicks. */
export async function measureHoverClick(browser: Browser, site: BenchSite, variant: Variant, sink: ProblemSink): Promise<PanelTiming | null> {
  const bp = await newPage(browser, variant, sink)
  const { page, cdp } = bp
  try {
    await throttle(cdp)
    const net = networkLog(cdp, () => 0)
    await page.goto(site.url(variant), { waitUntil: 'load' })
    await until(page, 'launcher')
    await Promise.all([net.quiet(1500), page.waitForTimeout(2500)])
    return await clickLauncher(bp, HOVER_MS)
  } finally {
    await bp.close()
  }
}

/** Click the launcher in the first frame it is visible, before the widget's UI has loaded: click → panel interactive. */
export async function measureColdClick(browser: Browser, site: BenchSite, variant: Variant, sink: ProblemSink): Promise<PanelTiming | null> {
  const bp = await newPage(browser, variant, sink)
  const { page, cdp } = bp
  try {
    await throttle(cdp)
    await page.goto(site.url(variant), { waitUntil: 'commit' })
    await until(page, 'launcher')
    return await clickLauncher(bp)
  } finally {
    await bp.close()
  }
}

async function counters(cdp: CDPSession): Promise<MemoryCounters> {
  // Twice: the first collection can free objects whose finalizers free more.
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const dom = await cdp.send('Memory.getDOMCounters')
  const { metrics } = await cdp.send('Performance.getMetrics')
  const heap = metrics.find((m) => m.name == 'JSHeapUsedSize')?.value ?? NaN
  return { heapUsed: heap, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents }
}

/** Per kind of heap object ("type:name"), how many and their bytes. */
type Census = Map<string, { n: number; size: number }>

/**
 * A heap snapshot, counted by kind of object, over what the page's objects keep
 * alive: a walk from the GC roots along strong edges that does not enter V8's
 * compiled code, feedback vectors and allocation sites. Those keep literal
 * boilerplates and other objects alive while the JIT tiers code up, in numbers
 * that grow with how often code ran, not with what the widget holds. Left out
 * of the count as well: "system /" internals, and records kept by the browser
 * or this harness rather than by the page (the resource-timing buffer, bounded,
 * one per fetch; the long-task and long-animation-frame buffers, bounded too;
 * DevTools' network data).
 */
async function census(cdp: CDPSession): Promise<Census> {
  const chunks: string[] = []
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false })
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  }
  const snap = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }
    nodes: number[]
    edges: number[]
    strings: string[]
  }
  const { node_fields: fields, node_types, edge_fields, edge_types } = snap.snapshot.meta
  const NF = fields.length
  const EF = edge_fields.length
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => fields.indexOf(f)) as [number, number, number, number]
  const types = node_types[0]
  const [eType, eTo] = ['type', 'to_node'].map((f) => edge_fields.indexOf(f)) as [number, number]
  const count = snap.nodes.length / NF
  const firstEdge = new Int32Array(count + 1)
  for (let n = 0, e = 0; n < count; n++) {
    firstEdge[n] = e
    e += snap.nodes[n * NF + iEdges]! * EF
  }
  firstEdge[count] = snap.edges.length
  const type = (n: number) => types[snap.nodes[n * NF + iType]!]!
  const name = (n: number) => String(snap.strings[snap.nodes[n * NF + iName]!])
  const jitInternal = (n: number) => type(n) == 'code' || /^system \/ (Feedback|AllocationSite|ClosureFeedbackCellArray)/.test(name(n))
  const seen = new Uint8Array(count)
  seen[0] = 1
  const queue = [0]
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q]!
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += EF) {
      const kind = edge_types[0][snap.edges[e + eType]!]
      if (kind == 'weak' || kind == 'shortcut') continue
      const to = snap.edges[e + eTo]! / NF
      if (seen[to] || jitInternal(to)) continue
      seen[to] = 1
      queue.push(to)
    }
  }
  const out: Census = new Map()
  for (let n = 0; n < count; n++) {
    if (!seen[n]) continue
    const t = type(n)
    const label = name(n).slice(0, 80)
    if (
      t == 'hidden' ||
      t == 'object shape' ||
      label.startsWith('system / ') ||
      /^(PerformanceResourceTiming|blink::NetworkResourcesData|PerformanceLongAnimationFrameTiming|PerformanceScriptTiming|blink::ScriptTimingInfo|PerformanceLongTaskTiming)/.test(
        label,
      )
    )
      continue
    const key = `${t}:${label}`
    const c = out.get(key) ?? { n: 0, size: 0 }
    c.n++
    c.size += snap.nodes[n * NF + iSize]!
    out.set(key, c)
  }
  return out
}

export interface LeftOver {
  /** Bytes of heap objects (code aside) added over the series. */
  bytes: number
  /** Kinds of object whose count grew by at least one per cycle: what each cycle leaves behind. */
  perCycle: { kind: string; count: number; bytes: number }[]
}

function leftOver(before: Census, after: Census, cycles: number): LeftOver {
  let bytes = 0
  const perCycle: LeftOver['perCycle'] = []
  for (const [kind, a] of after) {
    const b = before.get(kind) ?? { n: 0, size: 0 }
    bytes += a.size - b.size
    if (a.n - b.n >= cycles) perCycle.push({ kind, count: a.n - b.n, bytes: a.size - b.size })
  }
  for (const [kind, b] of before) if (!after.has(kind)) bytes -= b.size
  perCycle.sort((x, y) => y.bytes - x.bytes)
  return { bytes, perCycle: perCycle.slice(0, 12) }
}

/** Heap and DOM counters after forced GC: before/after 100 open/close and 20 destroy/create cycles (no throttle). */
export async function measureMemory(
  browser: Browser,
  site: BenchSite,
  variant: Variant,
  sink: ProblemSink,
  cycles = { openClose: 100, createDestroy: 20 },
): Promise<MemorySample> {
  const bp = await newPage(browser, variant, sink)
  const { page, cdp, errors } = bp
  const net = networkLog(cdp, () => 0)
  // Counted once the widget has settled: nothing on the network for 0.5 s, then 1 s more. Counted at once
  // after the warm-up, the views' arrival (after the first open's frame) was sometimes still under way, and
  // the count there was one listener short or two over, which showed as listeners left or taken by the cycles.
  const settled = async () => {
    await net.quiet(500)
    await page.waitForTimeout(1000)
    return counters(cdp)
  }
  const openClose = (n: number) =>
    page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) await window.__bench.openClose()
    }, n)
  const destroyCreate = (n: number) =>
    page.evaluate(async (n) => {
      for (let i = 0; i < n; i++) {
        await window.__bench.destroyCreate()
        // Each new instance is used once, so its panel exists before it is destroyed again.
        await window.__bench.openClose()
      }
    }, n)
  /** Warm-up cycles, then counters at the start, halfway and the end of `n` cycles, and what the series left. */
  const series = async (run: (n: number) => Promise<unknown>, n: number) => {
    // The first cycles load code and data that stay by design, and let V8 tier up the code they run.
    await run(WARM_UP)
    const base = await settled()
    const before = await census(cdp)
    await run(n / 2)
    const mid = await settled()
    await run(n / 2)
    const after = await settled()
    return { base, mid, after, left: leftOver(before, await census(cdp), n) }
  }
  try {
    await cdp.send('Performance.enable')
    await page.goto(site.url(variant), { waitUntil: 'load' })
    await until(page, 'launcher')
    await page.waitForTimeout(1500)
    // One key press first, as any session that opens a panel a hundred times has had. Until a page's first
    // input, Chromium keeps a Largest Contentful Paint record of every text it paints (blink::TextRecord):
    // the browser's, not the widget's, and it would show here as left once per cycle.
    await page.keyboard.press('Shift')
    // The probe's own records of long tasks and animation frames would grow with the cycles (on a slow machine,
    // one per cycle): stopped here, and the browser's bounded buffer of them is left out of the census.
    await page.evaluate(() => window.__bench.stopObserving())
    const oc = await series(openClose, cycles.openClose)
    const cd = await series(destroyCreate, cycles.createDestroy)
    if (errors.some((e) => e.startsWith('pageerror'))) throw new Error(`${variant}: page errors during the memory cycles: ${errors.join('; ')}`)
    return {
      base: oc.base,
      midOpenClose: oc.mid,
      afterOpenClose: oc.after,
      baseCreate: cd.base,
      midCreateDestroy: cd.mid,
      afterCreateDestroy: cd.after,
      cycles,
      warmUp: WARM_UP,
      leftOpenClose: oc.left,
      leftCreateDestroy: cd.left,
    }
  } finally {
    await bp.close()
  }
}
