interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown }
}

/**
 * The `loyalkit` Trusted Types policy. It passes what it is given, and that is safe: the object
 * never leaves this module, and this module is only ever given the addresses of our own files
 * (the facade's base address and names baked in at build time), never one from the page or the server.
 */
let policy: { createScriptURL(url: string): unknown } | undefined

// A module that failed to load stays failed in the page's module map, whatever is asked later. After a
// failure, our files are asked for under a new fragment: the same file and cached response, a new entry.
let failures = 0

/**
 * Load one of our own scripts, as a module, with Subresource Integrity, CORS and the page's
 * nonce, through the `loyalkit` policy under Trusted Types, by an element that
 * removes itself once loaded or failed. It is placed in `into` (the widget's host: in
 * the document, outside its shadow root, where browsers ignore scripts and all links
 * but stylesheets), so removing the widget takes one still loading with it; at the
 * end of `<html>` when the page has taken the host out of the document (a framework
 * hydrating the whole document does), as an element in a detached one never loads
 * nor fails.
 *
 * With `prefetch`, only fetch it and have it compiled (modulepreload, off the main thread where the
 * browser can), not run: loading it later then costs no request and no compile, only its run, which a
 * file fetched into the HTTP cache (prefetch) pays a request and a compile for. (Not `preload`: the
 * browser warns in the console when a preload is not used within seconds, and a shopper may never use it.)
 */
export function loadScript(src: string, integrity: string, nonce: string, into: Element, prefetch?: boolean): Promise<void> {
  const s = document.createElement(prefetch ? 'link' : 'script') as HTMLScriptElement & HTMLLinkElement
  // Empty integrity or nonce attributes are no-ops; inserted scripts are async already. Module scripts
  // and modulepreload are always fetched with CORS (which SRI needs), and without `crossorigin` with the
  // credentials of `anonymous`: the attribute would change nothing.
  s.integrity = integrity
  s.nonce = nonce
  src += '#' + failures
  return new Promise((resolve, reject) => {
    // Our caller turns a failure into a LoyaltyError that names the file; a failed prefetch is no failure.
    s.onload = s.onerror = (e) => {
      s.remove()
      ;(e as Event).type == 'load' || (failures++, prefetch) ? resolve() : reject(e)
    }
    if (prefetch) {
      s.rel = 'modulepreload'
      s.href = src
    } else {
      s.type = 'module'
      // Created on the first file run, not for a prefetch (a link's address is no Trusted Types sink): a
      // page whose policy list leaves `loyalkit` out refuses it with a throw, which here rejects the load.
      policy ??= (window as { trustedTypes?: TrustedTypesLike }).trustedTypes?.createPolicy('loyalkit', { createScriptURL: (url) => url })
      ;(s as { src: unknown }).src = policy?.createScriptURL(src) ?? src
    }
    ;(into.isConnected ? into : document.documentElement).append(s)
  })
}
