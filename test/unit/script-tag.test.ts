/**
 * The script-tag facade reads its config from data-* attributes of its own <script>; the customer token
 * must leave the DOM once read. (The same is checked on the built bundle in real Chromium, in
 * test/browser/embed.test.ts; this one runs the source in happy-dom, with a stand-in for the UI bundle.)
 */
import { afterEach, expect, it, vi } from 'vitest'
import type { ResolvedConfig } from '../../src/core/config.ts'
import { ENDPOINT, PROGRAM_KEY, fakeToken } from '../fixtures.ts'

const w = window as unknown as { loyalkit?: ((command: string) => Promise<unknown>) & { __ui(mount: unknown): void; destroy(): Promise<void> } }

afterEach(async () => {
  await w.loyalkit?.destroy()
  delete w.loyalkit
  delete (document as { currentScript?: unknown }).currentScript
  vi.resetModules()
})

/** Runs loyalkit.js's source as if loaded by `tag`. */
async function load(tag: HTMLScriptElement) {
  document.head.append(tag)
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => tag })
  await import('../../src/entries/script.ts')
}

it('removes data-customer-token from its tag once read, and still identifies the shopper with it', async () => {
  const token = fakeToken()
  const tag = document.createElement('script')
  Object.assign(tag.dataset, { endpoint: ENDPOINT, program: PROGRAM_KEY, customerToken: token })
  await load(tag)

  expect(tag.hasAttribute('data-customer-token')).toBe(false)
  expect(document.documentElement.outerHTML).not.toContain(token)
  expect({ ...tag.dataset }).toEqual({ endpoint: ENDPOINT, program: PROGRAM_KEY })

  // The UI bundle is handed the config with the token.
  let config: ResolvedConfig | undefined
  w.loyalkit!.__ui(async (ctx: { config: ResolvedConfig }) => {
    config = ctx.config
    return { open: () => {}, warm: () => {}, destroy: () => {} }
  })
  await w.loyalkit!('open')
  expect(config?.token).toBe(token)
})

it('leaves a tag without a token as it was', async () => {
  const tag = document.createElement('script')
  Object.assign(tag.dataset, { endpoint: ENDPOINT, program: PROGRAM_KEY })
  await load(tag)
  expect({ ...tag.dataset }).toEqual({ endpoint: ENDPOINT, program: PROGRAM_KEY })
  expect(w.loyalkit).toBeTypeOf('function')
})

it('mounts the UI with the page address of the latest command: an SPA that moved on (and said so by a command) is where the shopper is', async () => {
  history.replaceState(null, '', '/?ref=ANNA')
  const tag = document.createElement('script')
  Object.assign(tag.dataset, { endpoint: ENDPOINT, program: PROGRAM_KEY })
  await load(tag)
  const pages: string[] = []
  w.loyalkit!.__ui(async (ctx: { pageUrl: string }) => {
    pages.push(ctx.pageUrl)
    return { open: () => {}, warm: () => {}, destroy: () => {} }
  })
  history.pushState(null, '', '/shop')
  await (w.loyalkit as unknown as (c: string, ...a: unknown[]) => Promise<unknown>)('on', 'points', () => {})
  // The launcher's click mounts the UI; no command carries an address with it.
  history.pushState(null, '', '/shop/boots')
  const launcher = document.querySelector('loyalkit-widget')!.shadowRoot!.querySelector('button')!
  launcher.click()
  await vi.waitFor(() => expect(pages).toEqual([new URL('/shop', location.href).href]))
  history.replaceState(null, '', '/')
})

/** The elements of `type` created from now on, wherever they are put (the prefetch goes in the widget's host element). */
function created<T extends HTMLElement>(type: new () => T): T[] {
  const made: T[] = []
  const create = document.createElement.bind(document)
  vi.spyOn(document, 'createElement').mockImplementation(((name: string, o?: ElementCreationOptions) => {
    const e = create(name, o)
    if (e instanceof type) made.push(e)
    return e
  }) as typeof document.createElement)
  return made
}

const linksCreated = () => created(HTMLLinkElement)

/** The page's idle time held back (its callbacks in `idle`, run by the test) and `fetch` never answered (counted in `fetches`). */
function holdIdleAndFetch() {
  const idle: (() => void)[] = []
  vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f))
  const fetches = vi.fn(() => new Promise<Response>(() => {}))
  vi.stubGlobal('fetch', fetches)
  return { idle, fetches }
}

it('takes a preload still loading away with the widget: destroy() leaves no <link> behind', async () => {
  const { idle } = holdIdleAndFetch()
  try {
    const links = linksCreated()
    const tag = document.createElement('script')
    Object.assign(tag.dataset, { endpoint: ENDPOINT, program: PROGRAM_KEY })
    await load(tag)
    for (const f of idle) f()
    // The preload is under way (happy-dom never loads it): one link, connected, asking for the UI (the
    // fragment numbers the attempts: a module that failed is asked for again under a new one).
    expect(links).toHaveLength(1)
    expect(links[0]!.rel).toBe('modulepreload')
    expect(links[0]!.href).toMatch(/loyalkit-ui\.js#\d+$/)
    expect(links[0]!.isConnected).toBe(true)
    await w.loyalkit!.destroy()
    expect(links[0]!.isConnected).toBe(false)
    expect(document.querySelector('loyalkit-widget')).toBe(null)
  } finally {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  }
})

it("on a page in another language, fetches that language's first strings ahead too, at an address of their own: the UI's SRI-checked load of them is never answered by it", async () => {
  const { idle } = holdIdleAndFetch()
  try {
    const tag = document.createElement('script')
    Object.assign(tag.dataset, { endpoint: ENDPOINT, program: PROGRAM_KEY, locale: 'lv' })
    const made = created(HTMLElement)
    await load(tag)
    for (const f of idle) f()
    // Fetched and compiled, not run, without a hash (the facade carries none for the packs)…
    const links = made.filter((e) => e instanceof HTMLLinkElement)
    expect(links.map((l) => l.rel)).toEqual(['modulepreload', 'modulepreload'])
    const [pack, ui] = links as [HTMLLinkElement, HTMLLinkElement]
    expect(pack.href).toMatch(/\/locales\/lv\.js#+\d+$/)
    expect(pack.integrity).toBe('')
    expect(ui.href).toMatch(/\/loyalkit-ui\.js#\d+$/)
    // …so under another address than the UI loads it from, with the hash the UI carries: a module is
    // kept by its address, fragment and all, and the UI's load of it is a module of its own, checked.
    w.loyalkit!.__ui(async (ctx: { load(path: string, integrity: string): Promise<void> }) => {
      void ctx.load('locales/lv.js', 'sha256-packhash').catch(() => {})
      return { open: () => {}, warm: () => {}, destroy: () => {} }
    })
    await w.loyalkit!('open')
    const loaded = made.find((e): e is HTMLScriptElement => e instanceof HTMLScriptElement && e.integrity == 'sha256-packhash')!
    expect(loaded.type).toBe('module')
    expect(loaded.src.replace(/#.*/, '')).toBe(pack.href.replace(/#.*/, ''))
    expect(loaded.src).not.toBe(pack.href)
  } finally {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  }
})

it('fetches nothing ahead once destroyed before the page was idle', async () => {
  const { idle, fetches } = holdIdleAndFetch()
  try {
    const tag = document.createElement('script')
    Object.assign(tag.dataset, { endpoint: ENDPOINT, program: PROGRAM_KEY })
    const links = linksCreated()
    await load(tag)
    await w.loyalkit!.destroy()
    for (const f of idle) f()
    expect(idle).toHaveLength(1)
    expect(fetches).not.toHaveBeenCalled()
    expect(links).toEqual([])
  } finally {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  }
})

it('fetches nothing ahead once destroyed while a load was under way, even when that load then fails', async () => {
  const { idle, fetches } = holdIdleAndFetch()
  // A deep link wants the UI at once: loyalkit-ui.js is being loaded when destroy() comes.
  history.replaceState(null, '', '/?loyalkit=rewards')
  try {
    // Our UI script (placed in the widget's host) is held back, not inserted: its load stays under way until we fail it.
    const held: HTMLScriptElement[] = []
    const append = Element.prototype.append
    vi.spyOn(Element.prototype, 'append').mockImplementation(function (this: Element, ...nodes) {
      for (const n of nodes) n instanceof HTMLScriptElement && /loyalkit-ui\.js#\d+$/.test(n.src) ? held.push(n) : append.call(this, n)
    })
    const tag = document.createElement('script')
    Object.assign(tag.dataset, { endpoint: ENDPOINT, program: PROGRAM_KEY })
    const links = linksCreated()
    await load(tag)
    const ui = await vi.waitFor(() => held[0] ?? Promise.reject(new Error('loyalkit-ui.js not requested yet')))
    // Wanted before the page was idle, the load asked for the program beside the UI's file.
    expect(fetches).toHaveBeenCalledTimes(1)
    const destroyed = w.loyalkit!.destroy()
    ui.onerror!(new Event('error'))
    await destroyed
    for (const f of idle) f()
    // Nothing more once destroyed: no second request for the program, no preload of the UI.
    expect(fetches).toHaveBeenCalledTimes(1)
    expect(links).toEqual([])
  } finally {
    history.replaceState(null, '', '/')
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  }
})
