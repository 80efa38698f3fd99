/**
 * A tiny static "customer site" for the embedding tests: the HTML pages of
 * test/browser/embed-pages/ and a snapshot of the repo's dist/ under /dist/, on
 * 127.0.0.1 with a free port. The reference loyalty server runs on another port,
 * so the widget talks cross-origin to a real API, as it does on a store's site.
 *
 * Pages are templates: {{ORIGIN}} (this server), {{ENDPOINT}} (the API's /v1),
 * {{PROGRAM}}, {{NONCE}} (fresh per request) and {{INTEGRITY}} (the SRI hash of
 * loyalkit.js from dist/manifest.json) are filled in at serve time. Per-page
 * response headers (e.g. a CSP) come from the `headers` option.
 *
 * dist/ is copied into memory at start (and checked against its manifest), so a
 * rebuild by someone else during the run cannot serve a half-written bundle.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDemo as startServer } from '../../demo/start.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { snapshotDist } from '../dist-snapshot.ts'
import { contentType } from '../../demo/store-page.ts'

const PAGES = fileURLToPath(new URL('./embed-pages/', import.meta.url))
const PROGRAM = 'pk_demo_trailpack'

export interface PageContext {
  /** This server's origin, e.g. http://127.0.0.1:41234 */
  origin: string
  /** The loyalty API's origin. */
  api: string
  /** The fresh nonce of this response. */
  nonce: string
}

export interface EmbedSite {
  /** Static site origin. */
  origin: string
  /** Loyalty API origin (the reference server). */
  api: string
  /** data-endpoint value. */
  endpoint: string
  program: string
  /** SRI hash of dist/loyalkit.js. */
  integrity: string
  /** The nonce of the last page served (per path), for assertions. */
  lastNonce: Map<string, string>
  /** Request count per /dist path. */
  hits: Map<string, number>
  url(page: string): string
  stop(): Promise<void>
}

export interface EmbedSiteOptions {
  /** Extra response headers for a page (by file name, e.g. "csp.html"). */
  headers?: (page: string, ctx: PageContext) => Record<string, string> | undefined
}

/** The static site and the reference loyalty server (temp DB) that allows the site's origin. */
export async function startEmbedSite(options: EmbedSiteOptions = {}): Promise<EmbedSite> {
  const { files, integrity } = await snapshotDist()
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-embed-'))
  let origin = ''
  let apiOrigin = ''
  const lastNonce = new Map<string, string>()
  const hits = new Map<string, number>()

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const path = url.pathname
    if (path.startsWith('/dist/')) {
      const rel = path.slice('/dist'.length)
      hits.set(rel, (hits.get(rel) ?? 0) + 1)
      const body = files.get(rel)
      if (!body) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
        return
      }
      res.writeHead(200, {
        'Content-Type': contentType(rel),
        'Content-Length': String(body.length),
        // As a CDN serves a versioned path: what the facade prefetches is there when the UI runs.
        'Cache-Control': 'public, max-age=3600',
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      })
      res.end(body)
      return
    }
    if (path == '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    // /spa/<anything> is the SPA page (its router owns the path); else a page file by name.
    const page = path.startsWith('/spa/') ? 'spa.html' : path.slice(1)
    if (!/^[a-z0-9-]+\.html$/.test(page)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    let template: string
    try {
      template = readFileSync(join(PAGES, page), 'utf8')
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    const nonce = randomBytes(12).toString('base64')
    lastNonce.set(page, nonce)
    const values: Record<string, string> = {
      ORIGIN: origin,
      API: apiOrigin,
      ENDPOINT: apiOrigin + '/v1',
      PROGRAM,
      NONCE: nonce,
      INTEGRITY: integrity,
    }
    const html = template.replace(/\{\{([A-Z]+)\}\}/g, (m, name: string) => values[name] ?? m)
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      ...options.headers?.(page, { origin, api: apiOrigin, nonce }),
    })
    res.end(html)
  })
  server.keepAliveTimeout = 2_000
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  let api: RunningServer
  try {
    api = await startServer({
      port: 0,
      dataDir,
      quiet: true,
      signupLimit: 1000,
      rateLimits: 'claim=10000,redeem=10000,referral=10000',
      allowedOrigins: [origin],
    })
  } catch (e) {
    server.close()
    throw e
  }
  apiOrigin = api.url

  return {
    origin,
    api: apiOrigin,
    endpoint: apiOrigin + '/v1',
    program: PROGRAM,
    integrity,
    lastNonce,
    hits,
    url: (page) => `${origin}/${page}`,
    async stop() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      await api.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
