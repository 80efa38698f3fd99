/**
 * A case as bytes on the wire, and its answer. Most requests go through fetch; what fetch cannot send
 * goes through node:http (chunked bodies, a Content-Length with no body, no Content-Type) or a raw
 * socket (control characters and UTF-8 in header values, `..` in the path).
 */
import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { connect } from 'node:net'
import type { RunningServer } from '../../../server/src/start.ts'
import { API_KEY, PROGRAM } from '../helpers.ts'
import type { Case } from './case.ts'
import { type Ctx, ROUTES } from './routes.ts'

/** Per request: a case that takes longer is a hang. */
const TIMEOUT_MS = 5_000

/** A copy of `body` with the dotted `path` set to `value` (deleted when undefined). */
function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body)
  const keys = path.split('.')
  let at: Record<string, unknown> = copy
  for (const k of keys.slice(0, -1)) {
    if (typeof at[k] != 'object' || at[k] === null) at[k] = {}
    at = at[k] as Record<string, unknown>
  }
  const last = keys[keys.length - 1]!
  if (value === undefined) delete at[last]
  else at[last] = value
  return copy
}

export interface Wire {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
  via: 'fetch' | 'http' | 'socket'
  chunks?: string[]
  announce?: number
}

export function wire(c: Case, ctx: Ctx): Wire {
  const route = ROUTES[c.route]
  const r = c.request(ctx, c.route)
  const headers: Record<string, string | null> = {}
  if (route.program) headers['X-Loyalkit-Program'] = PROGRAM
  if (route.auth == 'required') headers.Authorization = 'Bearer ' + ctx.token
  if (route.auth == 'key') headers.Authorization = 'Bearer ' + API_KEY
  let body: string | undefined
  if (route.method == 'POST') {
    headers['Idempotency-Key'] = randomUUID()
    headers['Content-Type'] = 'application/json'
    if (r.raw !== undefined) body = r.raw
    else if (r.body !== undefined) body = JSON.stringify(r.body)
    else {
      const valid = route.body!(ctx)
      body = JSON.stringify(r.field ? withField(valid, r.field.path, r.field.value) : valid)
    }
  }
  Object.assign(headers, r.headers)
  const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null))
  return { method: route.method, path: r.path ?? route.path(ctx), headers: sent, body, via: r.via ?? 'fetch', chunks: r.chunks, announce: r.announce }
}

export interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

export function send(server: RunningServer, w: Wire): Promise<Answer> {
  if (w.via == 'fetch') return sendFetch(server, w)
  if (w.via == 'http') return sendHttp(server, w)
  return sendSocket(server, w)
}

async function sendFetch(server: RunningServer, w: Wire): Promise<Answer> {
  const r = await fetch(server.url + w.path, { method: w.method, headers: w.headers, body: w.body, signal: AbortSignal.timeout(TIMEOUT_MS) })
  return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.text() }
}

/** node:http: chunked bodies, Content-Length without a body, no Content-Type. */
function sendHttp(server: RunningServer, w: Wire): Promise<Answer> {
  const url = new URL(server.url)
  return new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string | number> = { ...w.headers }
    if (w.announce !== undefined) headers['Content-Length'] = w.announce
    else if (w.body !== undefined && !w.chunks) headers['Content-Length'] = Buffer.byteLength(w.body)
    const req = request({ host: url.hostname, port: url.port, path: w.path, method: w.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (b: Buffer) => chunks.push(b))
      res.on('end', () => {
        const h: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(', ') : String(v)
        resolve({ status: res.statusCode!, headers: h, body: Buffer.concat(chunks).toString('utf8') })
      })
      res.on('error', reject)
    })
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)))
    // The server may answer (and close) before it has read all of a body it refuses.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code == 'EPIPE' || error.code == 'ECONNRESET' ? undefined : reject(error)))
    if (w.chunks) for (const chunk of w.chunks) req.write(chunk)
    else if (w.body !== undefined && w.announce === undefined) req.write(w.body)
    if (w.announce === undefined) req.end()
    else req.flushHeaders()
  })
}

/** A raw socket: header values with control characters or UTF-8, paths nobody normalises. */
function sendSocket(server: RunningServer, w: Wire): Promise<Answer> {
  const url = new URL(server.url)
  const body = w.body === undefined ? undefined : Buffer.from(w.body)
  const head =
    `${w.method} ${w.path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n` +
    Object.entries(w.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    (body ? `Content-Length: ${body.length}\r\n` : '') +
    '\r\n'
  return new Promise<Answer>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) })
    const chunks: Buffer[] = []
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)))
    socket.on('data', (b) => chunks.push(b))
    socket.on('error', reject)
    socket.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    socket.write(Buffer.concat([Buffer.from(head, 'utf8'), body ?? Buffer.alloc(0)]))
  })
}

function parseResponse(raw: Buffer): Answer {
  const split = raw.indexOf('\r\n\r\n')
  if (split < 0) throw new Error(`not an HTTP response: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`)
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1])
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  let body = raw.subarray(split + 4)
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = []
    let at = 0
    for (;;) {
      const eol = body.indexOf('\r\n', at)
      const size = parseInt(body.subarray(at, eol).toString('latin1'), 16)
      if (!size) break
      parts.push(body.subarray(eol + 2, eol + 2 + size))
      at = eol + 2 + size + 2
    }
    body = Buffer.concat(parts)
  }
  return { status, headers, body: body.toString('utf8') }
}
