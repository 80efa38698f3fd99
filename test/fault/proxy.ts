/**
 * A fault-injecting HTTP proxy for the exactly-once run: it sits
 * between the headless client and the reference server and, per request, at a
 * configurable rate, picks one fault with a seeded PRNG:
 *
 *   delay      wait 0–maxDelay ms before forwarding, or after the server answered
 *   reset      destroy the client's connection before forwarding (nothing reaches the server)
 *   drop       forward, wait for the server's full answer (it committed), then destroy
 *              the client's connection without a byte of that answer
 *   503 / 500  answer without forwarding (503 as problem+json, 500 as an HTML error page)
 *   429        answer without forwarding, with Retry-After: 1
 *   kill       (with several upstream processes that can be killed) forward to one, then
 *              after a short random delay SIGKILL that process while the request is in
 *              flight (sometimes before, sometimes after its transaction commits); the
 *              client's connection is destroyed either way (a reset or a lost answer).
 *              The process is restarted and from then on requests go to its new URL.
 *              One process dead at a time: a kill decided while another one is still
 *              restarting (or within `killGapMs` after) becomes a drop.
 *
 * With several upstream processes (`target` as Upstreams), each request goes to one of them by a seeded
 * choice, skipping a dead one; a refused connection (nothing reached it) is retried
 * on another. The Idempotency-Keys of requests whose upstream connection failed
 * (a kill) are remembered in `lost`: their key may stay `running` until taken over.
 *
 * Decisions are reproducible per caller: a request with an `X-Fault-Tag` header
 * (stripped before forwarding) is decided by PRNG(seed, tag); others by one
 * PRNG(seed) in arrival order. A tag of `clean` passes the request untouched.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export const FAULTS = ['delay', 'reset', 'drop', '503', '500', '429', 'kill'] as const
export type Fault = (typeof FAULTS)[number]
export type Decision = 'pass' | Fault

export const TAG_HEADER = 'x-fault-tag'

/** Upstream processes that the proxy may spread requests over, and kill. */
export interface Upstreams {
  /** Current origin of each process (a restarted one has a new port). */
  urls(): readonly string[]
  /**
   * SIGKILLs process i (while `victimKey`'s request is in flight on it) and starts it
   * again: resolves once it is dead, and once it listens again.
   */
  kill?(i: number, victimKey?: string): { killed: Promise<void>; restarted: Promise<void> }
}

export interface FaultProxyOptions {
  /** Origin of the upstream server, e.g. http://127.0.0.1:54321, or several processes. */
  target: string | Upstreams
  seed: number
  /** Share of requests that get a fault, 0–1. Default 0.3. */
  rate?: number
  /** Relative weights of the faults. Default: delay 3, drop 2, reset 2, 503 1, 500 1, 429 1, kill 1 (0 without `kill`). */
  weights?: Partial<Record<Fault, number>>
  /** Longest injected delay in ms. Default 300. */
  maxDelay?: number
  /** Longest wait between forwarding a killed request and the SIGKILL, in ms. Default 25. */
  maxKillDelay?: number
  /** Least time between a restart and the next kill, in ms. Default 1000. */
  killGapMs?: number
  /** Default 0 (a free port). */
  port?: number
}

export interface FaultProxy {
  url: string
  /** Requests seen, faults injected by type, and what came back from the server. */
  stats: {
    requests: number
    passed: number
    faults: Record<Fault, number>
    /** Requests forwarded to the server, by the server's status. */
    upstream: Record<number, number>
    /** Server answers that were stored answers replayed (Idempotent-Replayed: true). */
    replayed: number
    /** Answers whose client had gone (its timeout) by the time they were ready. */
    abandoned: number
    /** Requests sent to each upstream (index). */
    perUpstream: number[]
    /** Kill decisions that became drops (a process was still dead or just restarted). */
    killsDeferred: number
    /** Requests whose upstream connection failed (in flight at a kill, mostly). */
    upstreamLost: number
    /** Time from SIGKILL until the restarted process listened, per kill (ms). */
    restartMs: number[]
    /** Restarts that failed (the run reports them as a failure). */
    killErrors: string[]
  }
  /** Tags of the requests being handled right now. */
  busy: Set<string>
  /** Idempotency-Keys of requests whose upstream connection failed after sending (their key may be left running). */
  lost: Set<string>
  /** Idempotency-Keys of the requests that were forwarded, then had their process killed (the victims). */
  victims: Set<string>
  /** Resolves when no kill/restart is under way. */
  idle(): Promise<void>
  close(): Promise<void>
}

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

const DEFAULT_WEIGHTS: Record<Fault, number> = { delay: 3, drop: 2, reset: 2, '503': 1, '500': 1, '429': 1, kill: 1 }

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', TAG_HEADER])

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  const rate = o.rate ?? 0.3
  const maxDelay = o.maxDelay ?? 300
  const upstreams: Upstreams = typeof o.target == 'string' ? { urls: () => [o.target as string] } : o.target
  const killable = !!upstreams.kill
  const weights = { ...DEFAULT_WEIGHTS, ...o.weights }
  if (!killable) weights.kill = 0
  const total = FAULTS.reduce((sum, f) => sum + weights[f], 0)
  const maxKillDelay = o.maxKillDelay ?? 25
  const killGapMs = o.killGapMs ?? 1000
  /** The process being killed and restarted (at most one), and when the last restart ended. */
  let dead: number | null = null
  let killing: Promise<void> = Promise.resolve()
  let lastRestart = 0
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const untagged = prng(o.seed)
  const stats: FaultProxy['stats'] = {
    requests: 0,
    passed: 0,
    faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    upstream: {},
    replayed: 0,
    abandoned: 0,
    perUpstream: upstreams.urls().map(() => 0),
    killsDeferred: 0,
    upstreamLost: 0,
    restartMs: [],
    killErrors: [],
  }
  const busy = new Set<string>()
  const lost = new Set<string>()
  const victims = new Set<string>()
  const sockets = new Set<Socket>()

  const decide = (tag: string | undefined): { decision: Decision; random: () => number } => {
    if (tag == 'clean') return { decision: 'pass', random: untagged }
    const random = tag ? prng(mix(o.seed, tag)) : untagged
    if (random() >= rate) return { decision: 'pass', random }
    let pick = random() * total
    for (const f of FAULTS) {
      pick -= weights[f]
      if (pick < 0) return { decision: f, random }
    }
    return { decision: 'delay', random }
  }

  /** Which upstream takes a request: a seeded choice among the live ones. */
  const choose = (random: () => number): number => {
    const n = upstreams.urls().length
    let i = Math.floor(random() * n)
    if (i == dead && n > 1) i = (i + 1 + Math.floor(random() * (n - 1))) % n
    return i
  }

  /** Forwards the request to upstream `i`; resolves with its complete answer. */
  const forwardTo = (i: number, req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }>((resolve, reject) => {
      const target = new URL(upstreams.urls()[i]!)
      stats.perUpstream[i] = (stats.perUpstream[i] ?? 0) + 1
      const headers: Record<string, string | string[]> = {}
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v
      headers['content-length'] = String(body.length)
      const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const out: Record<string, string | string[]> = {}
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) })
        })
        res.on('error', reject)
      })
      up.on('error', reject)
      up.end(body)
    })

  /**
   * Forwards to a live upstream. A refused connection reached no server: tried again on
   * another (a process that is being restarted). Any other failure: the key is `lost`.
   */
  const forward = async (req: IncomingMessage, body: Buffer, random: () => number, pinned?: number) => {
    let i = pinned ?? choose(random)
    for (let attempt = 0; ; attempt++) {
      try {
        return await forwardTo(i, req, body)
      } catch (error) {
        const refused = (error as NodeJS.ErrnoException).code == 'ECONNREFUSED'
        if (!refused || pinned !== undefined || attempt >= 20) {
          stats.upstreamLost++
          const key = req.headers['idempotency-key']
          if (typeof key == 'string') lost.add(key)
          throw error
        }
        await sleep(50)
        i = choose(random)
      }
    }
  }

  const reply = (res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: Buffer | string) => {
    if (res.destroyed) return
    const buf = typeof body == 'string' ? Buffer.from(body) : body
    res.writeHead(status, { ...headers, 'content-length': String(buf.length) })
    res.end(buf)
  }

  const problem = (status: number, code: string, extra: Record<string, string> = {}) => ({
    headers: { 'content-type': 'application/problem+json', ...extra },
    body: JSON.stringify({ type: 'about:blank', title: 'Injected fault', status, code, detail: `Fault proxy: ${status}` }),
  })

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks)
    const header = req.headers[TAG_HEADER]
    let { decision, random } = decide(Array.isArray(header) ? header[0] : header)
    if (decision == 'kill' && (dead !== null || performance.now() - lastRestart < killGapMs)) {
      // One process dead at a time, and some calm after a restart.
      stats.killsDeferred++
      decision = 'drop'
    }
    stats.requests++
    if (decision == 'pass') stats.passed++
    else stats.faults[decision]++

    switch (decision) {
      case 'reset':
        req.socket.destroy()
        return
      case '503': {
        const p = problem(503, 'server_error')
        return reply(res, 503, p.headers, p.body)
      }
      case '500':
        return reply(res, 500, { 'content-type': 'text/html' }, '<!doctype html><title>500</title><h1>Internal Server Error</h1>')
      case '429': {
        const p = problem(429, 'rate_limited', { 'retry-after': '1' })
        return reply(res, 429, p.headers, p.body)
      }
      case 'kill':
        return killDuring(req, body, random)
      default:
        break
    }
    // pass, delay, drop: the request reaches the server, even when the client has gone meanwhile
    // (a slow network: the server may see the request after the client's retry).
    const wait = decision == 'delay' ? Math.round(random() * maxDelay) : 0
    const before = decision == 'delay' && random() < 0.5
    if (before) await sleep(wait)
    let answer: Awaited<ReturnType<typeof forward>>
    try {
      answer = await forward(req, body, random)
    } catch {
      req.socket.destroy()
      return
    }
    stats.upstream[answer.status] = (stats.upstream[answer.status] ?? 0) + 1
    if (answer.headers['idempotent-replayed'] == 'true') stats.replayed++
    if (decision == 'drop') {
      // The server has committed and stored its answer; the client never hears it.
      req.socket.destroy()
      return
    }
    if (decision == 'delay' && !before) await sleep(wait)
    if (res.destroyed || req.socket.destroyed) stats.abandoned++
    reply(res, answer.status, answer.headers, answer.body)
  }

  /** Forward to one process, SIGKILL it after a short random delay, restart it; the client loses its connection. */
  const killDuring = async (req: IncomingMessage, body: Buffer, random: () => number) => {
    const i = choose(random)
    // Skewed towards short waits: a request takes a few ms here, so that the kill lands
    // before the claim, inside the transaction, or after the commit about as often.
    const delay = Math.round(random() ** 2 * maxKillDelay)
    dead = i
    const key = req.headers['idempotency-key']
    if (typeof key == 'string') victims.add(key)
    let done!: () => void
    killing = new Promise<void>((resolve) => (done = resolve))
    const answer = forward(req, body, random, i).then(
      (a) => {
        stats.upstream[a.status] = (stats.upstream[a.status] ?? 0) + 1
        if (a.headers['idempotent-replayed'] == 'true') stats.replayed++
      },
      () => {},
    )
    await sleep(delay)
    const started = performance.now()
    const { killed, restarted } = upstreams.kill!(i, typeof key == 'string' ? key : undefined)
    await killed
    // Killed before it answered, or it answered and the answer is lost: the client hears nothing.
    await answer
    req.socket.destroy()
    try {
      await restarted
      stats.restartMs.push(Math.round(performance.now() - started))
    } catch (error) {
      stats.killErrors.push(`process ${i} did not restart: ${(error as Error).message}`)
    } finally {
      lastRestart = performance.now()
      dead = null
      done()
    }
  }

  let counter = 0
  const server = createServer((req, res) => {
    const tag = `${String(req.headers[TAG_HEADER] ?? '')}#${counter++}`
    busy.add(tag)
    handle(req, res)
      .catch(() => req.socket.destroy())
      .finally(() => busy.delete(tag))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((done) => server.listen(o.port ?? 0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    busy,
    lost,
    victims,
    idle: async () => {
      while (dead !== null) await killing
    },
    close: async () => {
      await killing.catch(() => {})
      const closed = new Promise<void>((done) => server.close(() => done()))
      for (const s of sockets) s.destroy()
      await closed
      agent.destroy()
    },
  }
}
