/**
 * The attack tests' detectors, in the page: every element the widget ever adds
 * (in its shadow roots and outside them), every on* attribute, every URL an
 * attribute carries, and the marker our own payloads bump if they ever run.
 * `instrument` is an init script (it runs before any page script); `scanPage`
 * reads what it recorded. Both run in the page, so they use no module scope.
 */

/** Our own payloads' body: each one, if it ever ran, adds one to window.__xss. */
export const X = 'window.__xss=(window.__xss||0)+1'

type Seen = { tags: Record<string, number>; on: string[]; page: Record<string, number> }

/**
 * Records every element ever added to any shadow root (tag names, and any on*
 * attribute, even if removed again at once), and every element added to the
 * page outside the widget's host; also the `loyalkit:ready` and
 * `loyalkit:error` events.
 */
export function instrument() {
  const w = window as unknown as { __seen: Seen; __xss?: number }
  const seen: Seen = (w.__seen = { tags: {}, on: [], page: {} })
  const note = (el: Element) => {
    const tag = el.tagName.toLowerCase()
    seen.tags[tag] = (seen.tags[tag] ?? 0) + 1
    for (const a of el.getAttributeNames()) if (/^on/i.test(a)) seen.on.push(`<${tag} ${a}="${String(el.getAttribute(a)).slice(0, 60)}">`)
  }
  const walk = (n: Node) => {
    if (n.nodeType != 1) return
    note(n as Element)
    ;(n as Element).querySelectorAll('*').forEach(note)
  }
  // The page's own markup: everything parsed before DOMContentLoaded. (Checking readyState inside
  // the observer is not enough: under load, records of parsed nodes can arrive after it changed.)
  const parsed = new WeakSet<Node>()
  document.addEventListener('DOMContentLoaded', () => document.querySelectorAll('*').forEach((e) => parsed.add(e)), { capture: true })
  const observe = (root: Node, inShadow: boolean) =>
    new MutationObserver((ms) => {
      for (const m of ms) {
        if (m.type == 'childList') {
          m.addedNodes.forEach((n) => {
            if (inShadow) return walk(n)
            // Outside shadow roots: only what is not the page's own markup or the widget's host/scripts.
            if (n.nodeType != 1) return
            const tag = (n as Element).tagName.toLowerCase()
            if (tag == 'loyalkit-widget' || (tag == 'script' && /\/dist\//.test((n as HTMLScriptElement).src))) return
            if (document.readyState == 'loading' || parsed.has(n)) return
            seen.page[tag] = (seen.page[tag] ?? 0) + 1
          })
        } else if (m.attributeName && /^on/i.test(m.attributeName) && inShadow) {
          seen.on.push(`<${(m.target as Element).tagName.toLowerCase()} ${m.attributeName}> (set later)`)
        }
      }
    }).observe(root, { childList: true, subtree: true, attributes: inShadow })
  const attach = Element.prototype.attachShadow
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init)
    observe(root, true)
    return root
  }
  observe(document, false)
  document.addEventListener('loyalkit:ready', () => {
    ;(window as unknown as { __ready: boolean }).__ready = true
  })
  document.addEventListener('loyalkit:error', (e) => {
    ;(window as unknown as { __errors: unknown[] }).__errors.push((e as CustomEvent).detail)
  })
  ;(window as unknown as { __errors: unknown[] }).__errors = []
}

export interface Scan {
  /** Cumulative tag names seen in shadow roots. */
  tags: Record<string, number>
  on: string[]
  /** Elements added to the page outside the widget. */
  page: Record<string, number>
  /** Attributes that carry a URL the widget must not use. */
  badUrls: string[]
  xss: number | null
  /** The dialog's text right now. */
  text: string
}

/** Read the state of the widget's shadow root: tags, on* attributes, URLs in attributes, text. */
export function scanPage(): Scan {
  const w = window as unknown as { __seen: Seen; __xss?: number }
  const root = document.querySelector('loyalkit-widget')?.shadowRoot
  const badUrls: string[] = []
  const URL_ATTRS = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background', 'ping']
  for (const el of root?.querySelectorAll('*') ?? []) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) ?? ''
      if (/^\s*(javascript|data|vbscript):/i.test(value) || /url\(\s*['"]?\s*(javascript|data):/i.test(value)) {
        badUrls.push(`<${el.tagName.toLowerCase()} ${name}="${value.slice(0, 80)}">`)
        continue
      }
      if (!URL_ATTRS.includes(name.toLowerCase())) continue
      let url: URL | null = null
      try {
        url = new URL(value, location.href)
      } catch {}
      if (!url || !(url.protocol == 'https:' || url.origin == location.origin)) badUrls.push(`<${el.tagName.toLowerCase()} ${name}="${value.slice(0, 80)}">`)
    }
  }
  return {
    tags: w.__seen.tags,
    on: w.__seen.on,
    page: w.__seen.page,
    badUrls,
    xss: w.__xss ?? null,
    text: root?.querySelector('dialog')?.textContent ?? '',
  }
}
