const warned = new Set<string>()

/**
 * A server-supplied URL is used only if it is `https:` or on the page's own
 * origin; `javascript:`, `data:` and malformed URLs are dropped, with one warning each.
 */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value, location.href)
    if (url.protocol == 'https:' || url.origin == location.origin) return url.href
  } catch {}
  if (!warned.has(value)) {
    warned.add(value)
    console.warn('loyalkit: ignored an unsafe URL from the server: ' + value.slice(0, 80))
  }
  return null
}
