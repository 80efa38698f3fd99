// The benchmark's page-side probe, injected by playwright-core before any page
// script runs (addInitScript; `const WIDGET = '…'` is prepended: the widget on
// the page, or null). Plain JS, no eval: most pages run under a strict CSP. It
// records performance entries and CSP violations, and knows, per widget, where
// the launcher and the panel are and how to drive them through the widget's
// public API.
//
// A block, not the page's global scope: its consts stay out of the page's names (a
// function declared here would leak to window in a classic script); probe() at the end runs it.
{
  /** window.__bench: what the harness reads back (see bench/browser.ts). */
  const probe = () => {
    if (window !== window.top) return
    /* global WIDGET */
    const B = (window.__bench = {
      widget: WIDGET,
      longtasks: [],
      loafs: [],
      shifts: [],
      lcp: [],
      fcp: null,
      launcher: null,
      launcherFrames: null,
      panel: null,
      csp: [],
    })
    recordEntries(B)
    B.visible = visible
    const w = widgetDrivers()[WIDGET]
    if (!w) return
    B.w = w
    driveWidget(B, w)
    watchLauncher(B, w)
  }

  /** CSP violations and performance entries, from before any page script runs. */
  const recordEntries = (B) => {
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
    // With the elements it moved (`header.top`), so that a CLS above 0 in a run can be traced to its source.
    const named = (n) => (n instanceof Element ? n.localName + (n.className ? '.' + n.className : '') : String(n?.nodeName))
    observe('layout-shift', (e) =>
      B.shifts.push({ start: e.startTime, value: e.value, input: e.hadRecentInput, moved: (e.sources || []).map((s) => named(s.node)) }),
    )
    observe('largest-contentful-paint', (e) => B.lcp.push({ start: e.startTime, size: e.size, element: e.element ? e.element.nodeName : null }))
    observe('paint', (e) => {
      if (e.name == 'first-contentful-paint') B.fcp = e.startTime
    })
  }

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

  /**
   * Per widget: `started` (its script has run), where its launcher and panel are, when the panel is
   * shown / ready / closed, and open, close, destroy and create through its public API.
   */
  const widgetDrivers = () => ({ loyalkit: loyalkitDriver(), typebot: typebotDriver(), n8n: n8nDriver() })

  const loyalkitDriver = () => {
    const root = () => document.querySelector('loyalkit-widget')?.shadowRoot
    const panel = () => root()?.querySelector('dialog[part=panel]') ?? null
    return {
      // loyalkit.js defines window.loyalkit as it runs: the bench's pages have no command-queue stub (bench/server.ts takes the store's scripts out).
      started: () => typeof window.loyalkit == 'function',
      root,
      launcher: () => root()?.querySelector('button[part=launcher]') ?? null,
      panel,
      shown: () => {
        const d = panel()
        return !!(d?.open && visible(d))
      },
      // Open modal dialog, focus inside it, the program's content in it (no skeleton; a button in the body).
      ready: () => {
        const d = panel()
        return !!(d?.open && visible(d) && inside(root(), d) && !d.querySelector('[aria-busy="true"]') && d.querySelector('.bd button'))
      },
      closed: () => {
        const d = panel()
        return !d?.open
      },
      open: () => window.loyalkit('open', 'home'),
      close: () => window.loyalkit('close'),
      destroy: () => window.loyalkit('destroy'),
      create: () => {
        const tag = document.querySelector('script[data-endpoint]')
        return window.loyalkit('init', { endpoint: tag.dataset.endpoint, program: tag.dataset.program, nonce: tag.nonce })
      },
    }
  }

  const typebotDriver = () => {
    const root = () => document.querySelector('typebot-bubble')?.shadowRoot
    const panel = () => root()?.querySelector('[part=bot]') ?? null
    return {
      // Its web.js sets window.Typebot as the last thing it evaluates, just before bench/typebot-init.js calls initBubble.
      started: () => !!window.Typebot,
      root,
      launcher: () => root()?.querySelector('button[part=button]') ?? null,
      panel,
      shown: () => visible(panel()),
      // The chat window shown, the greeting rendered, focus in its input.
      ready: () => {
        const bot = panel()
        return !!(bot && visible(bot) && bot.textContent.includes('Join Trailpack Rewards') && inside(root(), bot))
      },
      closed: () => !visible(panel()),
      open: () => window.Typebot.open(),
      close: () => window.Typebot.close(),
      // Typebot has no destroy: unmount (its documented teardown), then take the element out of the page.
      destroy: async () => {
        window.Typebot.unmount()
        await new Promise((r) => setTimeout(r, 250))
        document.querySelectorAll('typebot-bubble').forEach((e) => e.remove())
      },
      create: () => window.Typebot.initBubble({ typebot: 'trailpack-rewards', apiHost: location.origin, theme: { button: { backgroundColor: '#2f5d50' } } }),
    }
  }

  // No shadow root: the chat renders into #n8n-chat in the page. Its public API is createChat(), which returns the
  // Vue app; bench/n8n-init.js keeps both on window.benchN8n. Open and close are the toggle's click.
  const n8nDriver = () => {
    const root = () => document.querySelector('#n8n-chat')
    const launcher = () => root()?.querySelector('.chat-window-toggle') ?? null
    const panel = () => root()?.querySelector('.chat-window') ?? null
    return {
      // bench/n8n-init.js sets window.benchN8n once createChat() has returned (the chat mounted): the end of its run.
      started: () => !!window.benchN8n,
      root,
      launcher,
      panel,
      shown: () => visible(panel()),
      // The chat window shown, the greeting rendered, its input enabled (opening it moves no focus, unlike the others).
      ready: () => {
        const p = panel()
        const input = p?.querySelector('textarea')
        return !!(p && visible(p) && p.textContent.includes('Join Trailpack Rewards') && input && !input.disabled && visible(input))
      },
      closed: () => !visible(panel()),
      open: () => {
        if (!visible(panel())) launcher().click()
      },
      close: () => {
        if (visible(panel())) launcher().click()
      },
      // It has no teardown of its own: createChat() returns the Vue app, and Vue's unmount() is it. The target element it made stays, so it goes too.
      destroy: () => {
        window.benchN8n.app.unmount()
        root()?.remove()
      },
      create: () => {
        window.benchN8n.app = window.benchN8n.createChat(window.benchN8n.options)
      },
    }
  }

  /** What the harness calls to drive the widget: where the launcher is, waits, API cycles, the click timing. */
  const driveWidget = (B, w) => {
    B.launcherVisible = () => visible(w.launcher())
    B.launcherCenter = () => {
      const r = w.launcher().getBoundingClientRect()
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 }
    }
    B.until = until
    /** One cycle through the public API, each step awaited until the page shows it. */
    B.openClose = async () => {
      await w.open()
      await until(w.ready)
      await w.close()
      await until(w.closed)
    }
    B.destroyCreate = async () => {
      await w.destroy()
      await until(() => !w.launcher())
      await w.create()
      await until(() => visible(w.launcher()))
    }
    B.armPanel = () => {
      B.panel = panelTiming(w)
      return true
    }
  }

  /** Resolves when `test` holds in a frame (checked in rAF callbacks), or rejects after `ms`. */
  const until = (test, ms = 15000) =>
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

  /** Armed before a click (B.armPanel): resolves with ms from the click event to the first frame with the panel shown / interactive. */
  const panelTiming = (w) =>
    new Promise((resolve) => {
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

  /**
   * The launcher: checked once per frame (a rAF callback runs just before that frame is painted). B.launcherFrames
   * counts the frames painted after the widget's script ran but without the launcher: 0 means it was in the first
   * frame after the script, all a widget can do when its script runs before the page's own first paint.
   */
  const watchLauncher = (B, w) => {
    let frames = 0
    const tick = () => {
      if (visible(w.launcher())) {
        B.launcher = performance.now()
        B.launcherFrames = frames
        performance.mark('bench:launcher-visible')
        return
      }
      if (w.started()) frames++
      if (performance.now() < 60000) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  }

  probe()
}
