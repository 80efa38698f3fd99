/** In-memory token buckets, one per key (client IP): `limit` requests per `windowMs`, refilled continuously. */
export interface RateLimiter {
  /** Takes one token: 0 when allowed, else the seconds to wait. */
  take(key: string, now?: number): number
}

export function tokenBucket(limit: number, windowMs = 60_000, maxKeys = 10_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const perMs = limit / windowMs
  return {
    take(key, now = Date.now()) {
      if (limit <= 0) return Math.ceil(windowMs / 1000)
      const bucket = buckets.get(key) ?? { tokens: limit, at: now }
      bucket.tokens = Math.min(limit, bucket.tokens + (now - bucket.at) * perMs)
      bucket.at = now
      if (buckets.size >= maxKeys && !buckets.has(key)) {
        // Forget full buckets (they behave like new ones) before growing further.
        for (const [k, b] of buckets) if (b.tokens + (now - b.at) * perMs >= limit) buckets.delete(k)
      }
      buckets.set(key, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return 0
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000))
    },
  }
}
