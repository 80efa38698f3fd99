/**
 * The Trailpack demo store, mounted on the server's Hono app: `/` is
 * demo/store/index.html rendered with this request's origin, program key, a fresh
 * CSP nonce and the SRI hash of dist/loyalkit.js; `/dist/*` are the built files;
 * anything else is a file of demo/store/. Paths never leave their folder.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { randomBytes } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { Context, Hono } from 'hono'
import type { AppEnv, Deps } from '../server/src/context.ts'
import { ownOrigin } from '../server/src/http/request.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
}

/** The Content-Type to serve a file with, by its extension (also used by the test servers and the benchmark). */
export const contentType = (path: string): string => TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'

/**
 * The CSP of the store page: no inline script or style without the nonce, Trusted Types enforced.
 * `api`: a loyalty endpoint on another origin (the benchmark's), allowed in connect-src.
 */
export function storeCsp(nonce: string, api = ''): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' https: data:",
    `connect-src 'self'${api && ' ' + api}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types loyalkit',
  ].join('; ')
}

/** The file for a URL path under `base`, or null for anything that could leave it (.., encoded slashes, dotfiles). */
export async function resolveInside(base: string, urlPath: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  if (decoded.split('/').some((segment) => segment.startsWith('.'))) return null
  const root = resolve(base)
  const full = resolve(root, '.' + decoded)
  if (!full.startsWith(root + sep)) return null
  try {
    // Symlinks must not lead out either.
    const [realRoot, realFull] = await Promise.all([realpath(root), realpath(full)])
    if (!realFull.startsWith(realRoot + sep)) return null
    return (await stat(realFull)).isFile() ? realFull : null
  } catch {
    return null
  }
}

const plain = (c: Context<AppEnv>, status: 404 | 503, text: string) => c.text(text + '\n', status, { 'Cache-Control': 'no-store' })

/** A file of `base` (traversal-safe) through Hono's static file server, with `headers`. */
const fileUnder = (base: string, headers: Record<string, string>, strip = '') => async (c: Context<AppEnv>, next: () => Promise<void>) => {
  const file = await resolveInside(base, c.req.path.slice(strip.length))
  if (!file) return plain(c, 404, 'Not found')
  const response = await serveStatic<AppEnv>({ path: file })(c, next)
  if (!response) return plain(c, 404, 'Not found')
  response.headers.set('Content-Type', contentType(file))
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
  return response
}

/** Mounts the store on `app`: the page at `/`, the build at `/dist/*`, store assets elsewhere. */
export function mountStore(app: Hono<AppEnv>, deps: Deps, rootDir: string): void {
  app.get('/', (c) => storePage(c, deps, rootDir))
  app.get('/index.html', (c) => storePage(c, deps, rootDir))
  app.get('/dist/*', fileUnder(join(rootDir, 'dist'), { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' }, '/dist'))
  app.get('*', fileUnder(join(rootDir, 'demo', 'store'), { 'Cache-Control': 'no-cache' }))
}

async function storePage(c: Context<AppEnv>, deps: Deps, rootDir: string): Promise<Response> {
  let integrity: unknown
  try {
    const manifest = JSON.parse(await readFile(join(rootDir, 'dist', 'manifest.json'), 'utf8')) as { files?: Record<string, { integrity?: unknown }> }
    integrity = manifest.files?.['loyalkit.js']?.integrity
  } catch {}
  if (typeof integrity != 'string') return plain(c, 503, 'dist/manifest.json is missing: run npm run build first')
  let template: string
  try {
    template = await readFile(join(rootDir, 'demo', 'store', 'index.html'), 'utf8')
  } catch {
    return plain(c, 503, 'demo/store/index.html is missing')
  }
  const nonce = randomBytes(16).toString('base64')
  const values: Record<string, string> = {
    ORIGIN: ownOrigin(c),
    PROGRAM: deps.def.key,
    NONCE: nonce,
    LOYALKIT_INTEGRITY: integrity,
  }
  const html = template.replace(/\{\{(ORIGIN|PROGRAM|NONCE|LOYALKIT_INTEGRITY)\}\}/g, (_, name: string) => escapeHtml(values[name]!))
  return c.body(html, 200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': storeCsp(nonce),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  })
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
