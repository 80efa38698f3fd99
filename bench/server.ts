/**
 * The benchmark's "store site": one node:http server on 127.0.0.1 that serves
 * the same Trailpack store page in each variant (bench/widgets.ts), plus
 * everything they load.
 *
 *   /bare/         the store page, no widget
 *   /loyalkit/     the store page with Loyalkit's script tag (the API is the reference server, cross-origin)
 *   /typebot/      the store page with the Typebot bubble (`@typebot.io/js`, from node_modules)
 *   /n8n/          the store page with n8n Chat (`@n8n/chat`, from node_modules)
 *   /<peer>-csp/   a peer's page under the strict CSP
 *   /plain/, /loyalkit-plain/   a plain page (a heading and a paragraph), without and with Loyalkit
 *
 * Every script is served gzip-compressed (level 9), so the bytes on the wire are
 * the gzip bytes the benchmark reports (`gzipBytes` gives them by path). dist/ and
 * the peers' files are read into memory once at start, so a rebuild by someone
 * else during a run cannot serve a half-written bundle.
 *
 * The Loyalkit and bare pages, and the peers' "-csp" pages, are served with the
 * demo store's strict CSP (bench/csp.ts); the other peer pages get no CSP. The
 * peers' backends are local stubs (bench/peer-stubs.ts).
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { contentType } from '../demo/store-page.ts'
import { readTree, snapshotDist } from '../test/dist-snapshot.ts'
import { isRelaxation, pageCsp } from './csp.ts'
import { answerPeerApi } from './peer-stubs.ts'
import { PEERS, VARIANT_SPECS, VARIANTS, type Variant, WIDGETS, widgetOf } from './widgets.ts'

export { VARIANTS, type Variant } from './widgets.ts'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
const STORE = join(ROOT, 'demo', 'store')
export const PROGRAM = 'pk_demo_trailpack'

interface Asset {
  type: string
  raw: Buffer
  gz: Buffer
}

const asset = (name: string, raw: Buffer): Asset => ({
  type: contentType(name),
  raw,
  gz: gzipSync(raw, { level: 9 }),
})

/** Every file under `dir` as a servable asset, by its path relative to it ('/a/b.js'). */
const assets = (files: Map<string, Buffer>) => new Map([...files].map(([path, raw]) => [path, asset(path, raw)]))

/**
 * The demo store's page (demo/store/index.html) with every script in its <head>
 * (the command queue, the demo's controls, the widget's tag) taken out and a
 * {{WIDGET}} slot left where they were: the page under test is the real store
 * page, not a copy that drifts from it.
 */
function storeTemplate(): string {
  const html = readFileSync(join(STORE, 'index.html'), 'utf8')
  const [head, body] = html.split('</head>') as [string, string | undefined]
  if (body == null || !head.includes('<script')) throw new Error("demo/store/index.html: expected a <head> with the widget's script tags")
  if (body.includes('<script')) throw new Error('demo/store/index.html: the benchmark expects no scripts in <body>')
  const bare = head.replace(/[ \t]*<!--[\s\S]*?-->\n?/g, '').replace(/[ \t]*<script[\s\S]*?<\/script>\n?/g, '')
  if (bare.includes('{{')) throw new Error('demo/store/index.html: a placeholder is left in <head> after taking the scripts out')
  return bare + '{{WIDGET}}\n</head>' + body
}

/** The plain page: no stylesheet, no image, no script of its own; only the widget's tag in its slot. */
const PLAIN_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>A plain page</title>
  <link rel="icon" href="/backpack.svg" type="image/svg+xml">
{{WIDGET}}
</head>
<body>
  <h1>A plain page</h1>
  <p>A heading and a paragraph: what the widget costs where nothing of the page's own competes with it.</p>
</body>
</html>
`

/** Every file the site serves, by URL path: the built widget (/dist/…), each peer's package (/peer/<id>/…), the store's own files. */
interface SiteFiles {
  integrity: string
  byPrefix: [prefix: string, files: Map<string, Asset>][]
}

async function loadFiles(): Promise<SiteFiles> {
  const snapshot = await snapshotDist()
  const require = createRequire(import.meta.url)
  const pages = new Map<string, Asset>()
  for (const name of ['store.css', 'backpack.svg']) pages.set('/' + name, asset(name, readFileSync(join(STORE, name))))
  const byPrefix: SiteFiles['byPrefix'] = [['/dist', assets(snapshot.files)]]
  for (const id of PEERS) {
    const peer = WIDGETS[id].peer!
    const dir = dirname(require.resolve(`${peer.package}/package.json`))
    byPrefix.push([`/peer/${id}`, assets(readTree(join(dir, peer.dist)))])
    pages.set('/' + peer.init, asset(peer.init, readFileSync(fileURLToPath(new URL('./' + peer.init, import.meta.url)))))
  }
  byPrefix.push(['', pages])
  return { integrity: snapshot.integrity, byPrefix }
}

/** The file at a URL path, if the site has one. */
function lookup(files: SiteFiles, path: string): Asset | undefined {
  for (const [prefix, map] of files.byPrefix) if (prefix == '' || path.startsWith(prefix + '/')) return map.get(path.slice(prefix.length))
  return undefined
}

/** What goes in the {{WIDGET}} slot of a variant's page. */
function widgetTag(variant: Variant, nonce: string, integrity: string, endpoint: string): string {
  const spec = VARIANT_SPECS[variant]
  if (spec.widget == 'loyalkit') {
    // Exactly the documented snippet (README, "Add it to a store"), served from this origin.
    return `  <script async src="/dist/loyalkit.js"
          integrity="${integrity}" crossorigin="anonymous"
          nonce="${nonce}"
          data-endpoint="${endpoint}"
          data-program="${PROGRAM}"></script>`
  }
  const peer = widgetOf(variant)?.peer
  if (!peer) return ''
  // The peers document an inline module script importing their bundle; the same code, as a file (with the nonce under the CSP).
  const links = peer.stylesheets.map((href) => `  <link rel="stylesheet" href="${href}">\n`).join('')
  return `${links}  <script type="module" src="/${peer.init}"${spec.csp ? ` nonce="${nonce}"` : ''}></script>`
}

function send(req: IncomingMessage, res: ServerResponse, a: Asset, headers: Record<string, string> = {}) {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  const body = gzip ? a.gz : a.raw
  res.writeHead(200, {
    'Content-Type': a.type,
    'Content-Length': String(body.length),
    // Scripts and images as a CDN serves a versioned path; the page itself is revalidated.
    'Cache-Control': /html/.test(a.type) ? 'no-cache' : 'public, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    ...headers,
  })
  res.end(req.method == 'HEAD' ? undefined : body)
}

function fail(res: ServerResponse, status: number) {
  res.writeHead(status, { 'Content-Type': 'text/plain' })
  res.end(String(status))
}

export interface BenchSite {
  origin: string
  url(variant: Variant): string
  /** Gzip bytes of a script this server serves, by path; undefined for anything else. */
  gzipBytes(path: string): number | undefined
  /** Peer API calls answered (path → count). */
  peerApiCalls: Map<string, number>
  /** The loyalty API (origin, and its /v1 endpoint) that the Loyalkit page uses. */
  useApi(api: string): void
  stop(): Promise<void>
}

/**
 * Start the site. The loyalty API's origin is set afterwards with `useApi`: the
 * reference server has to know this site's origin (CORS) before it starts.
 */
export async function startSite(): Promise<BenchSite> {
  const options = { api: '', endpoint: '' }
  const files = await loadFiles()
  const templates = { store: storeTemplate(), plain: PLAIN_PAGE }
  const peerApiCalls = new Map<string, number>()

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (answerPeerApi(req, res, url, peerApiCalls)) return
    if (req.method != 'GET' && req.method != 'HEAD') return fail(res, 405)
    const path = url.pathname
    const variant = VARIANTS.find((v) => path == `/${v}/` || path == `/${v}`)
    if (variant) {
      const nonce = randomBytes(16).toString('base64')
      // ?lang=lv: the page in another language (its <html lang>), for the widget to speak it.
      const lang = /^[a-z]{2}$/.exec(url.searchParams.get('lang') ?? '')?.[0] ?? 'en'
      const html = templates[VARIANT_SPECS[variant].page]
        .replace('{{WIDGET}}', widgetTag(variant, nonce, files.integrity, options.endpoint))
        .replace('<html lang="en">', `<html lang="${lang}">`)
      // ?relax=a,b loosens a peer's strict CSP: only the CSP check asks for it (csp-check.ts).
      const relax = (url.searchParams.get('relax') ?? '').split(',').filter(isRelaxation)
      const csp = pageCsp(variant, nonce, options.api, relax)
      return send(req, res, asset('page.html', Buffer.from(html)), csp ? { 'Content-Security-Policy': csp } : {})
    }
    const a = lookup(files, path)
    if (!a) return fail(res, 404)
    return send(req, res, a, path.startsWith('/dist/') ? { 'Access-Control-Allow-Origin': '*' } : {})
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    origin,
    url: (variant) => `${origin}/${variant}/`,
    gzipBytes: (path) => lookup(files, path)?.gz.length,
    peerApiCalls,
    useApi: (api) => {
      options.api = api
      options.endpoint = api + '/v1'
    },
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
