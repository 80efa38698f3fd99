/** Seconds since epoch at which a JWT expires, or 0 when it cannot be read. The server verifies; we only plan refreshes. */
export function tokenExpiry(token: string): number {
  try {
    const part = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')
    const exp = JSON.parse(atob(part)).exp
    return typeof exp == 'number' ? exp : 0
  } catch {
    return 0
  }
}

/** One key per user action, reused on every retry of that action. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto
  if (c.randomUUID) return c.randomUUID()
  const b = c.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 15) | 64
  b[8] = (b[8]! & 63) | 128
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
