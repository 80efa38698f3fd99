interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown }
}

let policy: { createScriptURL(url: string): unknown } | undefined
const allowed = new Set<string>()

/**
 * Load one of our own scripts with Subresource Integrity, CORS and the page's
 * nonce. Under Trusted Types the `loyalkit` policy lets through only URLs we
 * registered here, nothing the page or the server supplied.
 */
export function loadScript(src: string, integrity: string, nonce: string): Promise<void> {
  allowed.add(src)
  const tt = (window as { trustedTypes?: TrustedTypesLike }).trustedTypes
  if (tt && !policy) {
    policy = tt.createPolicy('loyalkit', {
      createScriptURL: (url) => {
        if (allowed.has(url)) return url
        throw new TypeError('loyalkit: refusing to load ' + url)
      },
    })
  }
  return new Promise((resolve, reject) => {
    const s = document.createElement('script')
    // Empty integrity or nonce attributes are no-ops; inserted scripts are async already.
    s.integrity = integrity
    s.crossOrigin = 'anonymous'
    s.nonce = nonce
    // Our caller turns a failure into a LoyaltyError that names the file.
    s.onload = s.onerror = (e) => {
      s.remove()
      ;(e as Event).type == 'load' ? resolve() : reject(e)
    }
    ;(s as { src: unknown }).src = policy ? policy.createScriptURL(src) : src
    document.head.append(s)
  })
}
