/**
 * A sequence's client side of the wire: the fetch its clients use tags every request,
 * so that the proxy decides its fault reproducibly (PRNG of seed and tag), and counts
 * what is in flight, so that the sequence can wait until its client is quiet.
 */
import { randomUUID } from 'node:crypto'
import { sleep } from './backends.ts'
import { TAG_HEADER } from './proxy.ts'
import type { RunContext } from './types.ts'

export interface ClientWire {
  fetch: typeof fetch
  /** From now on requests pass the proxy untouched (the final refresh). */
  goClean(): void
  /**
   * Waits until nothing of the client is left running (background refreshes included: a GET
   * cannot outlive its time limit) and the proxy holds none of its requests (late forwards).
   */
  settle(): Promise<void>
}

export function clientWire(ctx: RunContext, index: number, trace?: (line: string) => void): ClientWire {
  const { seed, breakKeys } = ctx.options
  const mine = `${seed}:${index}:`
  let n = 0
  let clean = false
  const io = { inFlight: 0, lastStart: 0 }
  const tagged: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const tag = clean ? 'clean' : mine + n++
    request.headers.set(TAG_HEADER, tag)
    // Checks the checker: a client without exactly-once sends each attempt with a new key.
    if (breakKeys && request.headers.has('idempotency-key')) request.headers.set('idempotency-key', randomUUID())
    io.inFlight++
    io.lastStart = performance.now()
    const what = `${request.method} ${new URL(request.url).pathname} (${tag})`
    trace?.(`→ ${what}`)
    try {
      const response = await fetch(request, input instanceof Request ? init : undefined)
      trace?.(`← ${response.status} ${what}`)
      return response
    } catch (error) {
      trace?.(`✗ ${what}: ${String(error)}`)
      throw error
    } finally {
      io.inFlight--
    }
  }
  const busy = () => io.inFlight > 0 || performance.now() - io.lastStart < ctx.settings.quietMs || [...ctx.proxy.busy].some((t) => t.startsWith(mine))
  return {
    fetch: tagged,
    goClean: () => {
      clean = true
    },
    settle: async () => {
      while (busy()) await sleep(50)
    },
  }
}
