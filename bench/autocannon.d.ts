/**
 * The part of autocannon 9's programmatic API that bench/server-load.ts uses
 * (the package ships no types and @types/autocannon is not installed).
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    interface RawRequest {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string | Buffer
      [key: string]: unknown
    }

    interface Request extends RawRequest {
      /** Called before every request of this entry; returns the request to send. */
      setupRequest?: (request: RawRequest, context: Record<string, unknown>) => RawRequest | null | undefined
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void
    }

    interface Client extends EventEmitter {
      setHeaders(headers: Record<string, string> | undefined): void
      setBody(body: string | Buffer | undefined): void
      setHeadersAndBody(headers: Record<string, string> | undefined, body: string | Buffer | undefined): void
      setRequest(request: RawRequest): void
      setRequests(requests: Request[]): void
    }

    interface Options {
      url: string | string[]
      connections?: number
      /** Seconds. */
      duration?: number | string
      amount?: number
      /** Seconds. */
      timeout?: number
      pipelining?: number
      method?: string
      headers?: Record<string, string>
      body?: string | Buffer
      title?: string
      requests?: Request[]
      setupClient?: (client: Client) => void
      initialContext?: Record<string, unknown>
      sampleInt?: number
      bailout?: number
      workers?: number
    }

    interface Histogram {
      average: number
      mean: number
      stddev: number
      min: number
      max: number
      total: number
      sent?: number
      p50: number
      p90: number
      p97_5: number
      p99: number
      p99_9: number
      [key: string]: number | undefined
    }

    interface Result {
      title?: string
      url: string
      requests: Histogram
      latency: Histogram
      throughput: Histogram
      /** Seconds. */
      duration: number
      errors: number
      timeouts: number
      mismatches: number
      non2xx: number
      resets: number
      connections: number
      pipelining: number
      start: Date
      finish: Date
      '1xx': number
      '2xx': number
      '3xx': number
      '4xx': number
      '5xx': number
      statusCodeStats: Record<string, { count: number }>
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void
      on(event: 'response', listener: (client: Client, statusCode: number, resBytes: number, responseTime: number) => void): this
      on(event: 'reqError', listener: (error: Error) => void): this
      on(event: 'done', listener: (result: Result) => void): this
      on(event: string, listener: (...args: any[]) => void): this
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance
  function autocannon(options: autocannon.Options, callback: (error: Error | null, result: autocannon.Result) => void): autocannon.Instance

  export default autocannon
}
