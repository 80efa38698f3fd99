/**
 * Teardown in real Chromium: destroy() takes away every node, listener, timer, observer and
 * stylesheet the widget added, through 20 init/destroy and 100 open/close cycles.
 */
import type { CDPSession, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { countNodes, probe } from './embed-probe.ts'
import { launcherOf, useEmbedSite, widgets } from './embed-suite.ts'

const env = useEmbedSite()

interface Counts {
  nodes: number
  /** CDP DOMDebugger.getEventListeners: window, document (whole tree, shadow roots pierced), window.navigation. */
  cdp: { window: number; document: number; navigation: number }
  /** Live listeners added through EventTarget.prototype.addEventListener, by target kind (removed nodes excluded). */
  tracked: Record<string, number>
  /** Pending: timeouts, intervals, idle callbacks, and animation frames (work put off to after the next frame). */
  timers: { timeouts: number; intervals: number; idle: number; frames: number }
  observers: number
  documentSheets: number
  widgets: number
}

/** Installed before any page script: counts live listeners, timers and observers. */
const track = () => {
  type Entry = { target: EventTarget; type: string; fn: unknown; capture: boolean }
  const t = {
    listeners: new Set<Entry>(),
    timeouts: new Set<number>(),
    intervals: new Set<number>(),
    idle: new Set<number>(),
    frames: new Set<number>(),
    observers: new Set<object>(),
  }
  Object.defineProperty(window, Symbol.for('embed.track'), { value: t })
  const capture = (o: unknown) => (typeof o == 'boolean' ? o : !!(o as { capture?: boolean } | undefined)?.capture)
  const add = EventTarget.prototype.addEventListener
  const remove = EventTarget.prototype.removeEventListener
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, fn: any, o?: any) {
    if (fn && ![...t.listeners].some((e) => e.target == this && e.type == type && e.fn == fn && e.capture == capture(o))) {
      const entry = { target: this, type, fn, capture: capture(o) }
      t.listeners.add(entry)
      if (o && typeof o == 'object' && o.once) {
        add.call(this, type, () => t.listeners.delete(entry), { once: true, capture: capture(o) })
      }
    }
    return add.call(this, type, fn, o)
  }
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, fn: any, o?: any) {
    for (const e of t.listeners) if (e.target == this && e.type == type && e.fn == fn && e.capture == capture(o)) t.listeners.delete(e)
    return remove.call(this, type, fn, o)
  }
  const w = window as any
  const st = w.setTimeout,
    ct = w.clearTimeout,
    si = w.setInterval,
    ci = w.clearInterval
  w.setTimeout = (fn: any, ms?: number, ...a: unknown[]) => {
    const id: number = st.call(
      window,
      function (this: unknown, ...args: unknown[]) {
        t.timeouts.delete(id)
        return typeof fn == 'function' ? fn.apply(this, args) : undefined
      },
      ms,
      ...a,
    )
    t.timeouts.add(id)
    return id
  }
  w.clearTimeout = (id: number) => (t.timeouts.delete(id), ct.call(window, id))
  w.setInterval = (...a: unknown[]) => {
    const id: number = si.apply(window, a)
    t.intervals.add(id)
    return id
  }
  w.clearInterval = (id: number) => (t.intervals.delete(id), ci.call(window, id))
  if (w.requestIdleCallback) {
    const ric = w.requestIdleCallback,
      cic = w.cancelIdleCallback
    w.requestIdleCallback = (fn: (d: unknown) => void, o?: unknown) => {
      const id: number = ric.call(window, (d: unknown) => (t.idle.delete(id), fn(d)), o)
      t.idle.add(id)
      return id
    }
    w.cancelIdleCallback = (id: number) => (t.idle.delete(id), cic.call(window, id))
  }
  const raf = w.requestAnimationFrame,
    caf = w.cancelAnimationFrame
  w.requestAnimationFrame = (fn: (at: number) => void) => {
    const id: number = raf.call(window, (at: number) => (t.frames.delete(id), fn(at)))
    t.frames.add(id)
    return id
  }
  w.cancelAnimationFrame = (id: number) => (t.frames.delete(id), caf.call(window, id))
  for (const O of [w.MutationObserver, w.ResizeObserver, w.IntersectionObserver, w.PerformanceObserver]) {
    if (!O) continue
    const observe = O.prototype.observe,
      disconnect = O.prototype.disconnect
    O.prototype.observe = function (...a: unknown[]) {
      t.observers.add(this)
      return observe.apply(this, a)
    }
    O.prototype.disconnect = function () {
      t.observers.delete(this)
      return disconnect.call(this)
    }
  }
}

async function counts(page: Page, cdp: CDPSession): Promise<Counts> {
  const listenersOf = async (expression: string, depth: number) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression })
    if (!result.objectId) return 0
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth, pierce: true })
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId })
    return listeners.length
  }
  const inPage = await page.evaluate(() => {
    const t = (window as any)[Symbol.for('embed.track')]
    const tracked: Record<string, number> = {}
    for (const e of t.listeners as Set<{ target: EventTarget }>) {
      const target = e.target
      if (target instanceof Node && !target.isConnected && target != document) continue
      // Abort signals of finished requests are garbage once their request is done: not the page's.
      if (target instanceof AbortSignal) continue
      const kind = target == window ? 'window' : target == document ? 'document' : target instanceof Node ? 'node' : target.constructor.name
      tracked[kind] = (tracked[kind] ?? 0) + 1
    }
    return {
      tracked,
      timers: { timeouts: t.timeouts.size, intervals: t.intervals.size, idle: t.idle.size, frames: t.frames.size },
      observers: t.observers.size,
      documentSheets: document.adoptedStyleSheets.length,
      widgets: document.querySelectorAll('loyalkit-widget').length,
    }
  })
  return {
    nodes: await countNodes(page),
    cdp: {
      window: await listenersOf('window', 0),
      document: await listenersOf('document', -1),
      navigation: await listenersOf('window.navigation', 0),
    },
    ...inPage,
  }
}

/** Counts once pending one-shot timers (ours or the widget's) have run. */
async function settled(page: Page, cdp: CDPSession): Promise<Counts> {
  const deadline = Date.now() + 6_000
  let c = await counts(page, cdp)
  while (c.timers.timeouts + c.timers.idle + c.timers.frames > 0 && Date.now() < deadline) {
    await page.waitForTimeout(200)
    c = await counts(page, cdp)
  }
  return c
}

type Config = { endpoint: string; program: string }

function addSnippet(page: Page, cfg: Config) {
  return page.evaluate(
    ({ cfg, src, integrity }) => {
      ;(window as any).loyalkit('init', cfg)
      const s = document.createElement('script')
      s.src = src
      s.integrity = integrity
      s.crossOrigin = 'anonymous'
      s.async = true
      document.head.append(s)
    },
    { cfg, src: env.site.origin + '/dist/loyalkit.js', integrity: env.site.integrity },
  )
}

/** Runs in the page. */
async function twentyLives(cfg: Config) {
  const lk = (window as any).loyalkit
  for (let i = 0; i < 20; i++) {
    await lk('init', cfg)
    await lk('refresh')
    await lk('open', 'rewards')
    await lk('close')
    await lk('destroy')
  }
}

/** Runs in the page: the open/close cycles on one live widget, through every view. */
async function ninetyNineMoreOpens() {
  const lk = (window as any).loyalkit
  const views = ['home', 'earn', 'rewards', 'tiers', 'referral', 'signup']
  for (let i = 0; i < 99; i++) {
    await lk('open', views[i % views.length])
    await lk('close')
  }
  await lk('open', 'home')
  await lk('close')
}

describe('destroy leaves nothing behind', () => {
  it('destroy removes everything; 20 init/destroy and 100 open/close cycles return to the baseline', async () => {
    const context = await env.newContext()
    const page = await context.newPage()
    const p = await probe(page)
    await page.addInitScript(track)
    await page.goto(env.site.url('lifecycle.html'))
    const cdp = await context.newCDPSession(page)
    const cfg = { endpoint: env.site.endpoint, program: env.site.program }

    const baseline = await settled(page, cdp)
    // The page adds the snippet itself (as a component would): the facade's own <script> is the page's node.
    await addSnippet(page, cfg)
    const expected = { ...baseline, nodes: baseline.nodes + 1 }

    // First life: a shopper opens and closes the panel.
    const launcher = launcherOf(page)
    await launcher.click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    await page.evaluate(() => (window as any).loyalkit('destroy'))
    expect(await widgets(page)).toBe(0)
    const afterFirst = await settled(page, cdp)

    // Re-init works.
    await page.evaluate((cfg) => (window as any).loyalkit('init', cfg), cfg)
    await launcher.click()
    await page.getByRole('dialog', { name: 'Trailpack Rewards' }).waitFor()
    await page.keyboard.press('Escape')
    await page.evaluate(() => (window as any).loyalkit('destroy'))

    // 20 create/destroy cycles, each with data loaded and the panel opened on a secondary view.
    await page.evaluate(twentyLives, cfg)
    expect(await widgets(page)).toBe(0)
    const after20 = await settled(page, cdp)

    // 100 open/close cycles on one live widget.
    await page.evaluate(async (cfg) => {
      const lk = (window as any).loyalkit
      await lk('init', cfg)
      await lk('refresh')
      await lk('open', 'home')
      await lk('close')
    }, cfg)
    const alive1 = await settled(page, cdp)
    await page.evaluate(ninetyNineMoreOpens)
    const alive100 = await settled(page, cdp)
    await page.evaluate(() => (window as any).loyalkit('destroy'))
    const afterAll = await settled(page, cdp)

    const report = { baseline, afterFirst, after20, alive1, alive100, afterAll }
    console.log(
      '[embed] lifecycle counts\n' +
        Object.entries(report)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
          .join('\n'),
    )
    expect(alive1.widgets).toBe(1)
    expect(alive100, 'after 100 open/close cycles vs after 1').toEqual(alive1)
    expect(afterFirst, 'after the first destroy').toEqual(expected)
    expect(after20, 'after 20 init/destroy cycles').toEqual(expected)
    expect(afterAll, 'after the last destroy').toEqual(expected)
    expect(p.consoleErrors).toEqual([])
    expect(await p.fatal()).toEqual([])
  })
})
