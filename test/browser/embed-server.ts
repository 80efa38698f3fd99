/**
 * A tiny static "customer site" for the embedding tests: the HTML pages of
 * test/browser/embed-pages/ and a snapshot of the repo's dist/ under /dist/, on
 * 127.0.0.1 with a free port. The reference loyalty server runs on another port,
 * so the widget talks cross-origin to a real API, as it does on a store's site.
 *
 * Pages are templates: {{ORIGIN}} (this server), {{ENDPOINT}} (the API's /v1),
 * {{PROGRAM}}, {{NONCE}} (fresh per request) and {{INTEGRITY}} (the SRI hash of
 * loyalkit.js from dist/manifest.json) are filled in at serve time. Per-page
 * response headers (e.g. a CSP) come from the `headers` option. A page with a `<!--hold-->` comment
 * is sent up to it, and the rest only once `release()` is called: the browser is still parsing it
 * meanwhile, as it parses a long page arriving over a slow network.
 *
 * dist/ is copied into memory at start (and checked against its manifest), so a
 * rebuild by someone else during the run cannot serve a half-written bundle.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startDemo as startServer } from '../../demo/start.ts'
import type { RunningServer } from '../../server/src/start.ts'
import { snapshotDist } from '../dist-snapshot.ts'
import { contentType } from '../../demo/store-page.ts'

const PAGES = fileURLToPath(new URL('./embed-pages/', import.meta.url))
/** The store's own pictures, which the demo program names by their path on the store's site (`/thermos.svg`). */
const PICTURES = fileURLToPath(new URL('../../demo/store/', import.meta.url))
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
  /** Sends the rest of every page held at its `<!--hold-->`. */
  release(): void
  url(page: string): string
  stop(): Promise<void>
}

export interface EmbedSiteOptions {
  /** Extra response headers for a page (by file name, e.g. "csp.html"). */
  headers?: (page: string, ctx: PageContext) => Record<string, string> | undefined
}

/** What the site serves from and records; the two origins are filled in once both servers listen. */
interface SiteState {
  files: Map<string, Buffer>
  integrity: string
  origin: string
  api: string
  lastNonce: Map<string, string>
  hits: Map<string, number>
  headers: EmbedSiteOptions['headers']
  /** The pages held at their `<!--hold-->`, each one's rest to send. */
  held: (() => void)[]
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
}

/** Routes a request: a file of dist/, the favicon (none), or a page by name. */
function handle(site: SiteState, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  // /spa/<anything> is the SPA page (its router owns the path); else a page file by name.
  const page = path.startsWith('/spa/') ? 'spa.html' : path.slice(1)
  if (path.startsWith('/dist/')) serveDist(site, path.slice('/dist'.length), res)
  else if (path == '/favicon.ico') res.writeHead(204).end()
  else if (/^\/[a-z-]+\.svg$/.test(path)) servePicture(path.slice(1), res)
  else if (/^[a-z0-9-]+\.html$/.test(page)) servePage(site, page, res)
  else notFound(res)
}

/** A file of the dist/ snapshot, counted in `hits`. */
function serveDist(site: SiteState, rel: string, res: ServerResponse): void {
  site.hits.set(rel, (site.hits.get(rel) ?? 0) + 1)
  const body = site.files.get(rel)
  if (!body) {
    notFound(res)
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
}

/** A picture of the store's, as its own site serves it. */
function servePicture(name: string, res: ServerResponse): void {
  let body: Buffer
  try {
    body = readFileSync(join(PICTURES, name))
  } catch {
    notFound(res)
    return
  }
  res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Content-Length': String(body.length), 'X-Content-Type-Options': 'nosniff' }).end(body)
}

/** A page template of embed-pages/ with its placeholders filled in and a fresh nonce. */
function servePage(site: SiteState, page: string, res: ServerResponse): void {
  let template: string
  try {
    template = readFileSync(join(PAGES, page), 'utf8')
  } catch {
    notFound(res)
    return
  }
  const nonce = randomBytes(12).toString('base64')
  site.lastNonce.set(page, nonce)
  const values: Record<string, string> = {
    ORIGIN: site.origin,
    API: site.api,
    ENDPOINT: site.api + '/v1',
    PROGRAM,
    NONCE: nonce,
    INTEGRITY: site.integrity,
  }
  const html = template.replace(/\{\{([A-Z]+)\}\}/g, (m, name: string) => values[name] ?? m)
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    ...site.headers?.(page, { origin: site.origin, api: site.api, nonce }),
  })
  const [head, rest] = html.split('<!--hold-->')
  if (rest == null) return void res.end(html)
  res.write(head)
  site.held.push(() => res.end(rest))
}

/** The static site and the reference loyalty server (temp DB) that allows the site's origin. */
export async function startEmbedSite(options: EmbedSiteOptions = {}): Promise<EmbedSite> {
  const { files, integrity } = await snapshotDist()
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalkit-embed-'))
  const site: SiteState = { files, integrity, origin: '', api: '', lastNonce: new Map(), hits: new Map(), headers: options.headers, held: [] }

  const server: Server = createServer((req, res) => handle(site, req, res))
  server.keepAliveTimeout = 2_000
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const origin = (site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`)

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
  site.api = api.url

  return {
    origin,
    api: site.api,
    endpoint: site.api + '/v1',
    program: PROGRAM,
    integrity,
    lastNonce: site.lastNonce,
    hits: site.hits,
    release: () => site.held.splice(0).forEach((send) => send()),
    url: (page) => `${origin}/${page}`,
    async stop() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      await api.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
