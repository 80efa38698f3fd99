/**
 * The benchmark's "store site": one node:http server on 127.0.0.1 that serves
 * the same Trailpack store page in three variants, plus everything they load.
 *
 *   /bare/      the store page, no widget
 *   /loyalkit/  the store page with Loyalkit's script tag (the API is the reference server, cross-origin)
 *   /typebot/   the store page with the Typebot bubble (`@typebot.io/js`, from node_modules)
 *
 * Every script is served gzip-compressed (level 9), so the bytes on the wire are
 * the gzip bytes the benchmark reports; `sent` records them per path. dist/ and
 * the peer's files are read into memory once at start, so a rebuild by someone
 * else during a run cannot serve a half-written bundle.
 *
 * The Loyalkit and bare pages are served with the demo store's strict CSP
 * (nonce, Trusted Types) widened only by the API origin in connect-src; the
 * peer page gets no CSP, since Typebot needs inline styles and no Trusted Types.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { contentType, storeCsp } from '../demo/store-page.ts'
import { readTree, snapshotDist } from '../test/dist-snapshot.ts'

export const ROOT = fileURLToPath(new URL('../', import.meta.url))
const STORE = join(ROOT, 'demo', 'store')
export const PROGRAM = 'pk_demo_trailpack'

export type Variant = 'bare' | 'loyalkit' | 'typebot'
export const VARIANTS: Variant[] = ['bare', 'loyalkit', 'typebot']

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

/** A minimal published bot for the Typebot bubble's `startChat`: one greeting and an email input, like a loyalty sign-up. */
function typebotStartChat() {
  return {
    sessionId: 'bench-session',
    typebot: {
      id: 'trailpack-rewards',
      version: '6',
      publishedAt: '2025-01-01T00:00:00.000Z',
      // A "Custom" font with no URL or CSS: Typebot would otherwise load a web font from a CDN.
      theme: { general: { font: { type: 'Custom', family: 'system-ui' } }, chat: {} },
      // No simulated typing delay before the greeting: we time the software, not a chosen animation.
      settings: { general: {}, typingEmulation: { enabled: false } },
    },
    messages: [
      {
        id: 'greeting',
        type: 'text',
        content: {
          type: 'richText',
          richText: [{ type: 'p', children: [{ text: 'Join Trailpack Rewards and earn 100 points today.' }] }],
        },
      },
    ],
    input: {
      id: 'email',
      type: 'email input',
      options: { labels: { placeholder: 'Your email', button: 'Join' } },
    },
  }
}

export interface BenchSite {
  origin: string
  url(variant: Variant): string
  /** Gzip bytes of a script this server serves, by path; undefined for anything else. */
  gzipBytes(path: string): number | undefined
  /** Typebot API calls answered (path → count). */
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
  const snapshot = await snapshotDist()
  const integrity = snapshot.integrity
  const dist = assets(snapshot.files)

  const require = createRequire(import.meta.url)
  const typebotDir = dirname(require.resolve('@typebot.io/js/package.json'))
  const typebot = assets(readTree(join(typebotDir, 'dist')))

  const pages = new Map<string, Asset>()
  for (const name of ['store.css', 'backpack.svg']) pages.set('/' + name, asset(name, readFileSync(join(STORE, name))))
  pages.set('/typebot-init.js', asset('typebot-init.js', readFileSync(fileURLToPath(new URL('./typebot-init.js', import.meta.url)))))
  const template = storeTemplate()
  const peerApiCalls = new Map<string, number>()

  const widgetTag = (variant: Variant, nonce: string): string => {
    if (variant == 'loyalkit') {
      // Exactly the documented snippet (README, "Add it to a store"), served from this origin.
      return `  <script async src="/dist/loyalkit.js"
          integrity="${integrity}" crossorigin="anonymous"
          nonce="${nonce}"
          data-endpoint="${options.endpoint}"
          data-program="${PROGRAM}"></script>`
    }
    if (variant == 'typebot') {
      // Typebot's documented embed is an inline module script importing web.js; the same code, as a file.
      return '  <script type="module" src="/typebot-init.js"></script>'
    }
    return ''
  }

  const send = (req: IncomingMessage, res: ServerResponse, a: Asset, headers: Record<string, string> = {}) => {
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

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const fail = (status: number) => {
      res.writeHead(status, { 'Content-Type': 'text/plain' })
      res.end(String(status))
    }
    // The peer's API, answered locally (the real one is typebot.io).
    if (path.startsWith('/api/')) {
      peerApiCalls.set(path, (peerApiCalls.get(path) ?? 0) + 1)
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS' }
      if (req.method == 'OPTIONS') {
        res.writeHead(204, cors)
        return res.end()
      }
      req.resume()
      const body = /\/startChat$/.test(path) ? typebotStartChat() : {}
      res.writeHead(200, { 'Content-Type': 'application/json', ...cors })
      return res.end(JSON.stringify(body))
    }
    if (req.method != 'GET' && req.method != 'HEAD') return fail(405)
    const variant = VARIANTS.find((v) => path == `/${v}/` || path == `/${v}`)
    if (variant) {
      const nonce = randomBytes(16).toString('base64')
      const html = template.replace('{{WIDGET}}', widgetTag(variant, nonce))
      return send(req, res, asset('page.html', Buffer.from(html)), variant == 'typebot' ? {} : { 'Content-Security-Policy': storeCsp(nonce, options.api) })
    }
    if (path.startsWith('/dist/')) {
      const a = dist.get(path.slice('/dist'.length))
      return a ? send(req, res, a, { 'Access-Control-Allow-Origin': '*' }) : fail(404)
    }
    if (path.startsWith('/peer/typebot/')) {
      const a = typebot.get(path.slice('/peer/typebot'.length))
      return a ? send(req, res, a) : fail(404)
    }
    const a = pages.get(path)
    return a ? send(req, res, a) : fail(404)
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    origin,
    url: (variant) => `${origin}/${variant}/`,
    gzipBytes: (path) => {
      if (path.startsWith('/dist/')) return dist.get(path.slice('/dist'.length))?.gz.length
      if (path.startsWith('/peer/typebot/')) return typebot.get(path.slice('/peer/typebot'.length))?.gz.length
      return pages.get(path)?.gz.length
    },
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
