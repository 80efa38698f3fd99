interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown }
}

/**
 * The `loyalkit` Trusted Types policy. It passes what it is given, and that is safe: the object
 * never leaves this module, and this module is only ever given the addresses of our own files
 * (the facade's base address and names baked in at build time), never one from the page or the server.
 */
let policy: { createScriptURL(url: string): unknown } | undefined

/**
 * Load one of our own scripts with Subresource Integrity, CORS and the page's
 * nonce, through the `loyalkit` policy under Trusted Types, by an element placed
 * in `into` (the widget's host: in the document, outside its shadow root, where
 * browsers ignore scripts and all links but stylesheets; removing the widget takes
 * one still loading with it, and the element removes itself once loaded).
 *
 * With `prefetch`, only fetch it into the HTTP cache, at the lowest priority,
 * for loading it later. (Not `preload`: the browser warns in the console when
 * a preload is not used within seconds, and a shopper may never use it.)
 */
export function loadScript(src: string, integrity: string, nonce: string, into: ParentNode, prefetch?: true): Promise<void> {
  const tt = (window as { trustedTypes?: TrustedTypesLike }).trustedTypes
  if (tt && !policy) policy = tt.createPolicy('loyalkit', { createScriptURL: (url) => url })
  const s = document.createElement(prefetch ? 'link' : 'script') as HTMLScriptElement & HTMLLinkElement
  // Empty integrity or nonce attributes are no-ops; inserted scripts are async already.
  s.integrity = integrity
  s.crossOrigin = 'anonymous'
  s.nonce = nonce
  return new Promise((resolve, reject) => {
    // Our caller turns a failure into a LoyaltyError that names the file; a failed prefetch is no failure.
    s.onload = s.onerror = (e) => {
      s.remove()
      ;(e as Event).type == 'load' || prefetch ? resolve() : reject(e)
    }
    if (prefetch) {
      s.rel = 'prefetch'
      s.as = 'script'
      s.href = src
    } else (s as { src: unknown }).src = policy ? policy.createScriptURL(src) : src
    into.append(s)
  })
}
