/**
 * A claim of a JWT's payload (`exp`: seconds since epoch; `sub`: the customer), or undefined when it
 * cannot be read. The server verifies tokens; we only plan refreshes and tell shoppers apart.
 */
export function tokenClaim(token: string | null | undefined, claim: 'exp' | 'sub'): unknown {
  try {
    return JSON.parse(atob(token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')))[claim]
  } catch {}
}

/**
 * One key per user action, reused on every retry of that action: a random UUID (version 4), made
 * the same way on every page (`randomUUID` is missing on pages served over plain http, and a second
 * way would cost the first open bytes): each of the template's 0, 1 and 8 becomes a random hex digit
 * (the 8 one of 8-b, the variant bits), the 4 stays (the version).
 */
export const newIdempotencyKey = (): string =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16))
