/** Seeded randomness for reproducible fault runs: one PRNG per seed and name. */

/** mulberry32: small, fast, good enough for test decisions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A 32-bit seed from a seed and any string (FNV-1a over both). */
export function mix(seed: number, text: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0)
  for (const ch of String(seed) + ':' + text) {
    h ^= ch.charCodeAt(0)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
