/** One case of the table: a route, a name, the request (as a change to the route's valid one) and the answer expected. */
import type { Ctx, RouteName } from './routes.ts'

/** One request, as a change to the route's valid request. */
export interface Req {
  /** Replaces the route's path (query strings go here too). */
  path?: string
  /** Merged over the defaults; null drops a default header. */
  headers?: Record<string, string | null>
  /** Replaces the valid body (JSON-encoded)… */
  body?: unknown
  /** …or changes one field of it (dotted path; undefined deletes the field)… */
  field?: { path: string; value: unknown }
  /** …or is sent as it is. */
  raw?: string
  /** fetch (default); node:http for chunked bodies and odd lengths; a raw socket for bytes neither lets through. */
  via?: 'fetch' | 'http' | 'socket'
  /** node:http: the body in these chunks, chunked (no Content-Length). */
  chunks?: string[]
  /** node:http: announce this Content-Length and send no body. */
  announce?: number
}

export interface Case {
  route: RouteName
  name: string
  request: (ctx: Ctx, route: RouteName) => Req
  /** The status to expect (any 4xx when not given); `tolerated`: a 2xx. */
  status?: number | 'tolerated'
  /** A 422 must name this field in `errors`. */
  field?: string
}

export const cases: Case[] = []
export const add = (routes: RouteName[], name: string, request: Case['request'], expectation: Omit<Case, 'route' | 'name' | 'request'> = {}) => {
  for (const route of routes) cases.push({ route, name, request, ...expectation })
}
/** A short, printable rendering of a value for case names. */
export const show = (value: unknown): string => {
  const s =
    typeof value == 'string'
      ? JSON.stringify(value.length > 24 ? value.slice(0, 12) + `…(${value.length} chars)` : value)
      : value === undefined
        ? 'missing'
        : Object.is(value, -0)
          ? '-0'
          : (JSON.stringify(value) ?? String(value))
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

export const big = (n: number) => 'x'.repeat(n)
