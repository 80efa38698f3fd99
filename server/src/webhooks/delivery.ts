/**
 * The webhook worker, one per process: every `pollMs` (and on `nudge()`) it leases due
 * deliveries of its program, posts each to its endpoint signed the Standard Webhooks
 * way, and records the attempt. 2xx is delivered; anything else (a 3xx too: redirects
 * are not followed) is retried on `schedule`, then failed. At least once: a process
 * that dies after a post but before recording it leaves a lease that expires, and the
 * delivery goes again with the same `webhook-id`, so receivers dedupe by it.
 */
import type { Logger } from 'pino'
import type { Db } from '../db/index.ts'
import { leaseDue, recordAttempt, type LeasedDelivery, type Outcome } from '../repositories/webhooks.ts'
import { sign } from './signing.ts'

/** Delays after each failed attempt: the first retry within seconds, about 24 h in all, then failed. */
export const DEFAULT_SCHEDULE: readonly number[] = [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800].map((s) => s * 1000)

export const POST_TIMEOUT_MS = 10_000
/** Longer than a post can take (its timeout), so a live attempt keeps its delivery. */
export const LEASE_SECONDS = 60

export interface WebhookWorkerOptions {
  schedule?: readonly number[]
  pollMs?: number
  /** Posts in flight at once in this process. */
  concurrency?: number
}

export interface WebhookWorker {
  start(): void
  /** Poll now (a service calls it after committing an event). */
  nudge(): void
  /** No new leases; waits for the posts in flight (at most `graceMs`). */
  stop(graceMs?: number): Promise<void>
}

/** What follows failed attempt number `attempt` (1-based). */
export function afterFailure(schedule: readonly number[], attempt: number): Outcome {
  const delay = schedule[attempt - 1]
  return delay === undefined ? { state: 'failed' } : { state: 'pending', retryInMs: delay }
}

/** One post: the status, or why there is none. Never throws. */
async function post(d: LeasedDelivery): Promise<{ status: number | null; error: string | null }> {
  const timestamp = Math.floor(Date.now() / 1000)
  try {
    const response = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Loyalkit-Webhooks/1',
        'webhook-id': d.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(d.secret, d.event_id, timestamp, d.payload),
      },
      body: d.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    })
    // The answer's body is not read: only the status counts.
    await response.body?.cancel().catch(() => {})
    if (response.status >= 300 && response.status < 400) return { status: response.status, error: 'redirect (not followed)' }
    return { status: response.status, error: null }
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } }
    if (e.name == 'TimeoutError') return { status: null, error: `timeout after ${POST_TIMEOUT_MS / 1000} s` }
    // fetch says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a TLS error…).
    return { status: null, error: (e.cause?.code ?? e.message).slice(0, 200) }
  }
}

export function webhookWorker(db: Db, programKey: string, log: Logger, o: WebhookWorkerOptions = {}): WebhookWorker {
  const schedule = o.schedule ?? DEFAULT_SCHEDULE
  const pollMs = o.pollMs ?? 1000
  const concurrency = o.concurrency ?? 16
  const inFlight = new Set<Promise<void>>()
  let running = false
  let timer: NodeJS.Timeout | undefined
  // One lease query at a time; a request for another while it runs is remembered.
  let leasing = false
  let again = false
  // The last lease filled every free slot: more may be due as soon as a slot frees.
  let saturated = false

  async function attempt(d: LeasedDelivery): Promise<void> {
    const started = performance.now()
    const { status, error } = await post(d)
    const durationMs = Math.round(performance.now() - started)
    const ok = status !== null && status >= 200 && status < 300
    const outcome: Outcome = ok ? { state: 'delivered' } : afterFailure(schedule, d.attempt)
    const line = { eventId: d.event_id, type: d.type, endpointId: d.endpoint_id, attempt: d.attempt, status, error, ms: durationMs }
    try {
      const applied = await recordAttempt(db, { deliveryId: d.id, attempt: d.attempt, status, error, durationMs, outcome })
      if (!applied) log.warn(line, 'webhook attempt outlived its lease')
      else if (outcome.state == 'delivered') log.info(line, 'webhook delivered')
      else if (outcome.state == 'failed') log.error(line, 'webhook failed: retries exhausted')
      else log.warn({ ...line, retryInMs: outcome.retryInMs }, 'webhook attempt failed')
    } catch (err) {
      // Unrecorded: the lease expires and the delivery goes again (same webhook-id).
      log.error({ ...line, err }, 'webhook attempt not recorded')
    }
  }

  async function poll(): Promise<void> {
    if (leasing) {
      again = true
      return
    }
    leasing = true
    try {
      do {
        again = false
        const room = concurrency - inFlight.size
        if (!running || room <= 0) break
        const due = await leaseDue(db, programKey, room, LEASE_SECONDS)
        for (const d of due) {
          const p = attempt(d).finally(() => {
            inFlight.delete(p)
            if (running && saturated) void poll()
          })
          inFlight.add(p)
        }
        saturated = due.length == room
        // A full batch: there may be more due right now.
        if (saturated) again = true
      } while (again && running)
    } catch (err) {
      log.warn({ err }, 'webhook poll failed')
    } finally {
      leasing = false
    }
  }

  return {
    start() {
      if (running) return
      running = true
      timer = setInterval(() => void poll(), pollMs)
      timer.unref()
      void poll()
    },
    nudge() {
      if (running) setImmediate(() => void poll())
    },
    async stop(graceMs = POST_TIMEOUT_MS + 2_000) {
      running = false
      clearInterval(timer)
      let waited: NodeJS.Timeout | undefined
      const limit = new Promise<void>((done) => (waited = setTimeout(done, graceMs)))
      // A lease query in flight may still start posts: wait for it, then for the posts.
      const drained = (async () => {
        while (leasing || inFlight.size) {
          if (inFlight.size) await Promise.allSettled([...inFlight])
          else await new Promise((done) => setTimeout(done, 10))
        }
      })()
      await Promise.race([drained, limit])
      clearTimeout(waited)
    },
  }
}
