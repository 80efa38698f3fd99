/**
 * A fault-injecting HTTP proxy for the exactly-once run (issue 5): it sits
 * between the headless client and the reference server and, per request, at a
 * configurable rate, picks one fault with a seeded PRNG:
 *
 *   delay      wait 0–maxDelay ms before forwarding, or after the server answered
 *   reset      destroy the client's connection before forwarding (nothing reaches the server)
 *   drop       forward, wait for the server's full answer (it committed), then destroy
 *              the client's connection without a byte of that answer
 *   503 / 500  answer without forwarding (503 as problem+json, 500 as an HTML error page)
 *   429        answer without forwarding, with Retry-After: 1
 *
 * Decisions are reproducible per caller: a request with an `X-Fault-Tag` header
 * (stripped before forwarding) is decided by PRNG(seed, tag); others by one
 * PRNG(seed) in arrival order. A tag of `clean` passes the request untouched.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export const FAULTS = ['delay', 'reset', 'drop', '503', '500', '429'] as const
export type Fault = (typeof FAULTS)[number]
export type Decision = 'pass' | Fault

export const TAG_HEADER = 'x-fault-tag'

export interface FaultProxyOptions {
  /** Origin of the upstream server, e.g. http://127.0.0.1:54321. */
  target: string
  seed: number
  /** Share of requests that get a fault, 0–1. Default 0.3. */
  rate?: number
  /** Relative weights of the faults. Default: delay 3, drop 2, reset 2, 503 1, 500 1, 429 1. */
  weights?: Partial<Record<Fault, number>>
  /** Longest injected delay in ms. Default 300. */
  maxDelay?: number
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
  }
  /** Tags of the requests being handled right now. */
  busy: Set<string>
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

const DEFAULT_WEIGHTS: Record<Fault, number> = { delay: 3, drop: 2, reset: 2, '503': 1, '500': 1, '429': 1 }

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', TAG_HEADER])

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  const rate = o.rate ?? 0.3
  const maxDelay = o.maxDelay ?? 300
  const weights = { ...DEFAULT_WEIGHTS, ...o.weights }
  const total = FAULTS.reduce((sum, f) => sum + weights[f], 0)
  const target = new URL(o.target)
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const untagged = prng(o.seed)
  const stats: FaultProxy['stats'] = {
    requests: 0,
    passed: 0,
    faults: { delay: 0, reset: 0, drop: 0, '503': 0, '500': 0, '429': 0 },
    upstream: {},
    replayed: 0,
    abandoned: 0,
  }
  const busy = new Set<string>()
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

  /** Forwards the request; resolves with the upstream's complete answer. */
  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }>((resolve, reject) => {
      const headers: Record<string, string | string[]> = {}
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v
      headers['content-length'] = String(body.length)
      const up = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const out: Record<string, string | string[]> = {}
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v
            resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) })
          })
          res.on('error', reject)
        },
      )
      up.on('error', reject)
      up.end(body)
    })

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
    const { decision, random } = decide(Array.isArray(header) ? header[0] : header)
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
      answer = await forward(req, body)
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
    close: async () => {
      const closed = new Promise<void>((done) => server.close(() => done()))
      for (const s of sockets) s.destroy()
      await closed
      agent.destroy()
    },
  }
}
