// The benchmark's page-side probe, injected by playwright-core before any page
// script runs (addInitScript; `const WIDGET = '…'` is prepended: the widget on
// the page, or null). Plain JS, no eval: most pages run under a strict CSP. It
// records performance entries and CSP violations, and knows, per widget, where
// the launcher and the panel are and how to drive them through the widget's
// public API.
;(() => {
  if (window !== window.top) return
  /* global WIDGET */
  const B = (window.__bench = { widget: WIDGET, longtasks: [], loafs: [], shifts: [], lcp: [], fcp: null, launcher: null, panel: null, csp: [] })
  // What the page's CSP refused: a peer that cannot run under it shows here (see bench/csp-check.ts).
  addEventListener('securitypolicyviolation', (e) =>
    B.csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample }),
  )

  const observers = []
  const observe = (type, fn) => {
    try {
      const o = new PerformanceObserver((list) => list.getEntries().forEach(fn))
      o.observe({ type, buffered: true })
      observers.push(o)
    } catch {}
  }
  // The memory cycles stop the recording: what it would keep of them is the harness's, not the page's.
  B.stopObserving = () => observers.forEach((o) => o.disconnect())
  observe('longtask', (e) => B.longtasks.push({ start: e.startTime, duration: e.duration }))
  observe('long-animation-frame', (e) =>
    B.loafs.push({
      start: e.startTime,
      duration: e.duration,
      blocking: e.blockingDuration,
      scripts: (e.scripts || []).map((s) => ({ url: s.sourceURL, invoker: s.invoker, type: s.invokerType, start: s.startTime, duration: s.duration })),
    }),
  )
  observe('layout-shift', (e) => B.shifts.push({ start: e.startTime, value: e.value, input: e.hadRecentInput }))
  observe('largest-contentful-paint', (e) => B.lcp.push({ start: e.startTime, size: e.size, element: e.element ? e.element.nodeName : null }))
  observe('paint', (e) => {
    if (e.name == 'first-contentful-paint') B.fcp = e.startTime
  })

  /** Laid out, in the viewport, not hidden, not transparent. */
  const visible = (el) => {
    if (!el?.isConnected) return false
    const r = el.getBoundingClientRect()
    return (
      r.width > 0 &&
      r.height > 0 &&
      r.bottom > 0 &&
      r.right > 0 &&
      r.top < innerHeight &&
      r.left < innerWidth &&
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      getComputedStyle(el).opacity !== '0'
    )
  }
  const inside = (root, el) => !!(root && el && root.activeElement && el.contains(root.activeElement))

  const W = {
    loyalkit: {
      root: () => document.querySelector('loyalkit-widget')?.shadowRoot,
      launcher: () => W.loyalkit.root()?.querySelector('button[part=launcher]') ?? null,
      panel: () => W.loyalkit.root()?.querySelector('dialog[part=panel]') ?? null,
      shown: () => {
        const d = W.loyalkit.panel()
        return !!(d?.open && visible(d))
      },
      // Open modal dialog, focus inside it, the program's content in it (no skeleton; a button in the body).
      ready: () => {
        const d = W.loyalkit.panel()
        return !!(d?.open && visible(d) && inside(W.loyalkit.root(), d) && !d.querySelector('[aria-busy="true"]') && d.querySelector('.bd button'))
      },
      closed: () => {
        const d = W.loyalkit.panel()
        return !d?.open
      },
      open: () => window.loyalkit('open', 'home'),
      close: () => window.loyalkit('close'),
      destroy: () => window.loyalkit('destroy'),
      create: () => {
        const tag = document.querySelector('script[data-endpoint]')
        return window.loyalkit('init', { endpoint: tag.dataset.endpoint, program: tag.dataset.program, nonce: tag.nonce })
      },
    },
    typebot: {
      root: () => document.querySelector('typebot-bubble')?.shadowRoot,
      launcher: () => W.typebot.root()?.querySelector('button[part=button]') ?? null,
      panel: () => W.typebot.root()?.querySelector('[part=bot]') ?? null,
      shown: () => visible(W.typebot.panel()),
      // The chat window shown, the greeting rendered, focus in its input.
      ready: () => {
        const bot = W.typebot.panel()
        return !!(bot && visible(bot) && bot.textContent.includes('Join Trailpack Rewards') && inside(W.typebot.root(), bot))
      },
      closed: () => !visible(W.typebot.panel()),
      open: () => window.Typebot.open(),
      close: () => window.Typebot.close(),
      // Typebot has no destroy: unmount (its documented teardown), then take the element out of the page.
      destroy: async () => {
        window.Typebot.unmount()
        await new Promise((r) => setTimeout(r, 250))
        document.querySelectorAll('typebot-bubble').forEach((e) => e.remove())
      },
      create: () => window.Typebot.initBubble({ typebot: 'trailpack-rewards', apiHost: location.origin, theme: { button: { backgroundColor: '#2f5d50' } } }),
    },
    // No shadow root: the chat renders into #n8n-chat in the page. Its public API is createChat(), which returns the
    // Vue app; bench/n8n-init.js keeps both on window.benchN8n. Open and close are the toggle's click.
    n8n: {
      root: () => document.querySelector('#n8n-chat'),
      launcher: () => W.n8n.root()?.querySelector('.chat-window-toggle') ?? null,
      panel: () => W.n8n.root()?.querySelector('.chat-window') ?? null,
      shown: () => visible(W.n8n.panel()),
      // The chat window shown, the greeting rendered, its input enabled (opening it moves no focus, unlike the others).
      ready: () => {
        const p = W.n8n.panel()
        const input = p?.querySelector('textarea')
        return !!(p && visible(p) && p.textContent.includes('Join Trailpack Rewards') && input && !input.disabled && visible(input))
      },
      closed: () => !visible(W.n8n.panel()),
      open: () => {
        if (!visible(W.n8n.panel())) W.n8n.launcher().click()
      },
      close: () => {
        if (visible(W.n8n.panel())) W.n8n.launcher().click()
      },
      // It has no teardown of its own: createChat() returns the Vue app, and Vue's unmount() is it. The target element it made stays, so it goes too.
      destroy: () => {
        window.benchN8n.app.unmount()
        W.n8n.root()?.remove()
      },
      create: () => {
        window.benchN8n.app = window.benchN8n.createChat(window.benchN8n.options)
      },
    },
  }
  const w = W[WIDGET]
  B.visible = visible
  if (!w) return
  B.w = w
  B.launcherVisible = () => visible(w.launcher())
  B.launcherCenter = () => {
    const r = w.launcher().getBoundingClientRect()
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 }
  }
  /** Resolves when `test` holds in a frame (checked in rAF callbacks), or rejects after `ms`. */
  B.until = (test, ms = 15000) =>
    new Promise((resolve, reject) => {
      const end = performance.now() + ms
      const tick = () => {
        let ok = false
        try {
          ok = test()
        } catch {}
        if (ok) return resolve(performance.now())
        if (performance.now() > end) return reject(new Error('timed out waiting for ' + (test.name || 'a condition')))
        requestAnimationFrame(tick)
      }
      tick()
    })
  /** One cycle through the public API, each step awaited until the page shows it. */
  B.openClose = async () => {
    await w.open()
    await B.until(w.ready)
    await w.close()
    await B.until(w.closed)
  }
  B.destroyCreate = async () => {
    await w.destroy()
    await B.until(() => !w.launcher())
    await w.create()
    await B.until(() => visible(w.launcher()))
  }
  /** Arm before a click: B.panel resolves with ms from the click event to the first frame with the panel shown / interactive. */
  B.armPanel = () => {
    B.panel = new Promise((resolve) => {
      let click = 0
      let shown = null
      addEventListener('click', (e) => (click = e.timeStamp), { capture: true, once: true })
      const started = performance.now()
      const tick = () => {
        const now = performance.now()
        if (click) {
          if (shown == null && w.shown()) shown = now - click
          if (w.ready()) return resolve({ interactive: now - click, shown: shown ?? now - click })
        }
        if (now - started > 30000) return resolve(null)
        requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
    return true
  }

  // The launcher: checked once per frame (a rAF callback runs just before that frame is painted).
  const tick = () => {
    if (visible(w.launcher())) {
      B.launcher = performance.now()
      performance.mark('bench:launcher-visible')
      return
    }
    if (performance.now() < 60000) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
})()
