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
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { mix, prng } from './random.ts'

export { mix, prng } from './random.ts'

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

const DEFAULT_WEIGHTS: Record<Fault, number> = { delay: 3, drop: 2, reset: 2, '503': 1, '500': 1, '429': 1, kill: 1 }

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', TAG_HEADER])

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

type Headers = Record<string, string | string[]>
/** A complete HTTP answer: the server's, or one the proxy makes up. */
interface Answer {
  status: number
  headers: Headers
  body: Buffer | string
}
/** A request's fate, and the PRNG that decides the rest of it (delays, upstream, kill time). */
interface Decided {
  decision: Decision
  random: () => number
}

/** What the proxy's handlers share: where requests go, what is counted, which process is down. */
interface ProxyState {
  upstreams: Upstreams
  agent: Agent
  decide: (tag: string | undefined) => Decided
  maxDelay: number
  maxKillDelay: number
  killGapMs: number
  stats: FaultProxy['stats']
  lost: Set<string>
  victims: Set<string>
  /** The process being killed and restarted (at most one), that kill, and when the last restart ended. */
  dead: number | null
  killing: Promise<void>
  lastRestart: number
}

/** Starts the proxy on 127.0.0.1 (`port`, default a free one) in front of `target`. */
export async function startFaultProxy(o: FaultProxyOptions): Promise<FaultProxy> {
  const s = proxyState(o)
  const busy = new Set<string>()
  const sockets = new Set<Socket>()
  let counter = 0
  const server = createServer((req, res) => {
    const tag = `${String(req.headers[TAG_HEADER] ?? '')}#${counter++}`
    busy.add(tag)
    handle(s, req, res)
      .catch(() => req.socket.destroy())
      .finally(() => busy.delete(tag))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.keepAliveTimeout = 5_000
  const port = await listen(server, o.port ?? 0)
  return {
    url: `http://127.0.0.1:${port}`,
    stats: s.stats,
    busy,
    lost: s.lost,
    victims: s.victims,
    idle: async () => {
      while (s.dead !== null) await s.killing
    },
    close: async () => {
      await s.killing.catch(() => {})
      const closed = new Promise<void>((done) => server.close(() => done()))
      for (const socket of sockets) socket.destroy()
      await closed
      s.agent.destroy()
    },
  }
}

function proxyState(o: FaultProxyOptions): ProxyState {
  const upstreams: Upstreams = typeof o.target == 'string' ? { urls: () => [o.target as string] } : o.target
  // Without processes to kill, `kill` is never decided (the other faults keep their odds).
  const weights = { ...DEFAULT_WEIGHTS, ...o.weights }
  if (!upstreams.kill) weights.kill = 0
  return {
    upstreams,
    agent: new Agent({ keepAlive: true, maxSockets: 256 }),
    decide: decider(o.seed, o.rate ?? 0.3, weights),
    maxDelay: o.maxDelay ?? 300,
    maxKillDelay: o.maxKillDelay ?? 25,
    killGapMs: o.killGapMs ?? 1000,
    stats: newStats(upstreams.urls().length),
    lost: new Set(),
    victims: new Set(),
    dead: null,
    killing: Promise.resolve(),
    lastRestart: 0,
  }
}

function newStats(upstreams: number): FaultProxy['stats'] {
  return {
    requests: 0,
    passed: 0,
    faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
    upstream: {},
    replayed: 0,
    abandoned: 0,
    perUpstream: Array.from({ length: upstreams }, () => 0),
    killsDeferred: 0,
    upstreamLost: 0,
    restartMs: [],
    killErrors: [],
  }
}

/** Per request: pass, or (at `rate`) a fault by weight; a tagged request by PRNG(seed, tag), others by one PRNG(seed) in arrival order. */
function decider(seed: number, rate: number, weights: Record<Fault, number>): (tag: string | undefined) => Decided {
  const untagged = prng(seed)
  const total = FAULTS.reduce((sum, f) => sum + weights[f], 0)
  return (tag) => {
    if (tag == 'clean') return { decision: 'pass', random: untagged }
    const random = tag ? prng(mix(seed, tag)) : untagged
    if (random() >= rate) return { decision: 'pass', random }
    let pick = random() * total
    for (const f of FAULTS) {
      pick -= weights[f]
      if (pick < 0) return { decision: f, random }
    }
    return { decision: 'delay', random }
  }
}

/** One request: read it whole, decide its fault, then answer, forward, or kill as decided. */
async function handle(s: ProxyState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req)
  const header = req.headers[TAG_HEADER]
  let { decision, random } = s.decide(Array.isArray(header) ? header[0] : header)
  if (decision == 'kill' && (s.dead !== null || performance.now() - s.lastRestart < s.killGapMs)) {
    // One process dead at a time, and some calm after a restart.
    s.stats.killsDeferred++
    decision = 'drop'
  }
  s.stats.requests++
  if (decision == 'pass') s.stats.passed++
  else s.stats.faults[decision]++

  if (decision == 'reset') {
    req.socket.destroy()
    return
  }
  if (decision == 'kill') return killDuring(s, req, body, random)
  const made = injectedAnswer(decision)
  if (made) return reply(res, made)
  return passOn(s, req, res, body, decision, random)
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/** The answers the proxy makes up instead of forwarding: 503 as problem+json, 500 as an HTML page, 429 with Retry-After. */
function injectedAnswer(decision: Decision): Answer | undefined {
  switch (decision) {
    case '503':
      return problem(503, 'server_error')
    case '500':
      return { status: 500, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>500</title><h1>Internal Server Error</h1>' }
    case '429':
      return problem(429, 'rate_limited', { 'retry-after': '1' })
    default:
      return undefined
  }
}

const problem = (status: number, code: string, extra: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/problem+json', ...extra },
  body: JSON.stringify({ type: 'about:blank', title: 'Injected fault', status, code, detail: `Fault proxy: ${status}` }),
})

function reply(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return
  const buf = typeof answer.body == 'string' ? Buffer.from(answer.body) : answer.body
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(buf.length) })
  res.end(buf)
}

/**
 * pass, delay, drop: the request reaches the server, even when the client has gone meanwhile
 * (a slow network: the server may see the request after the client's retry).
 */
async function passOn(s: ProxyState, req: IncomingMessage, res: ServerResponse, body: Buffer, decision: Decision, random: () => number): Promise<void> {
  const wait = decision == 'delay' ? Math.round(random() * s.maxDelay) : 0
  const before = decision == 'delay' && random() < 0.5
  if (before) await sleep(wait)
  let answer: Answer
  try {
    answer = await forward(s, req, body, random)
  } catch {
    req.socket.destroy()
    return
  }
  countAnswer(s.stats, answer)
  if (decision == 'drop') {
    // The server has committed and stored its answer; the client never hears it.
    req.socket.destroy()
    return
  }
  if (decision == 'delay' && !before) await sleep(wait)
  if (res.destroyed || req.socket.destroyed) s.stats.abandoned++
  reply(res, answer)
}

function countAnswer(stats: FaultProxy['stats'], answer: Answer): void {
  stats.upstream[answer.status] = (stats.upstream[answer.status] ?? 0) + 1
  if (answer.headers['idempotent-replayed'] == 'true') stats.replayed++
}

/** Forward to one process, SIGKILL it after a short random delay, restart it; the client loses its connection. */
async function killDuring(s: ProxyState, req: IncomingMessage, body: Buffer, random: () => number): Promise<void> {
  const i = choose(s, random)
  // Skewed towards short waits: a request takes a few ms here, so that the kill lands
  // before the claim, inside the transaction, or after the commit about as often.
  const delay = Math.round(random() ** 2 * s.maxKillDelay)
  s.dead = i
  const key = req.headers['idempotency-key']
  const victimKey = typeof key == 'string' ? key : undefined
  if (victimKey) s.victims.add(victimKey)
  let done!: () => void
  s.killing = new Promise<void>((resolve) => (done = resolve))
  const answer = forward(s, req, body, random, i).then(
    (a) => countAnswer(s.stats, a),
    () => {},
  )
  await sleep(delay)
  const started = performance.now()
  const { killed, restarted } = s.upstreams.kill!(i, victimKey)
  await killed
  // Killed before it answered, or it answered and the answer is lost: the client hears nothing.
  await answer
  req.socket.destroy()
  try {
    await restarted
    s.stats.restartMs.push(Math.round(performance.now() - started))
  } catch (error) {
    s.stats.killErrors.push(`process ${i} did not restart: ${(error as Error).message}`)
  } finally {
    s.lastRestart = performance.now()
    s.dead = null
    done()
  }
}

/** Which upstream takes a request: a seeded choice among the live ones. */
function choose(s: ProxyState, random: () => number): number {
  const n = s.upstreams.urls().length
  let i = Math.floor(random() * n)
  if (i == s.dead && n > 1) i = (i + 1 + Math.floor(random() * (n - 1))) % n
  return i
}

/**
 * Forwards to a live upstream (or the `pinned` one). A refused connection reached no server:
 * tried again on another (a process that is being restarted). Any other failure: the key is `lost`.
 */
async function forward(s: ProxyState, req: IncomingMessage, body: Buffer, random: () => number, pinned?: number): Promise<Answer> {
  let i = pinned ?? choose(s, random)
  for (let attempt = 0; ; attempt++) {
    try {
      return await forwardTo(s, i, req, body)
    } catch (error) {
      const refused = (error as NodeJS.ErrnoException).code == 'ECONNREFUSED'
      if (!refused || pinned !== undefined || attempt >= 20) {
        s.stats.upstreamLost++
        const key = req.headers['idempotency-key']
        if (typeof key == 'string') s.lost.add(key)
        throw error
      }
      await sleep(50)
      i = choose(s, random)
    }
  }
}

const endToEnd = (headers: NodeJS.Dict<string | string[]>): Headers => {
  const out: Headers = {}
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v
  return out
}

/** Forwards the request to upstream `i`; resolves with its complete answer. */
function forwardTo(s: ProxyState, i: number, req: IncomingMessage, body: Buffer): Promise<Answer & { body: Buffer }> {
  return new Promise((resolve, reject) => {
    const target = new URL(s.upstreams.urls()[i]!)
    s.stats.perUpstream[i] = (s.stats.perUpstream[i] ?? 0) + 1
    const headers = { ...endToEnd(req.headers), 'content-length': String(body.length) }
    const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: s.agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: endToEnd(res.headers), body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    up.on('error', reject)
    up.end(body)
  })
}

/** Listens on 127.0.0.1: the port. */
async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done))
  return (server.address() as AddressInfo).port
}
