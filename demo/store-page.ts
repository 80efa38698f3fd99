/**
 * The demo store in the same process: `/` is demo/store/index.html rendered
 * with this request's origin, program key, a fresh CSP nonce and the SRI hash
 * of dist/loyalkit.js; `/dist/*` are the built files; anything else is a file
 * of demo/store/. Paths never leave their folder.
 */
import { randomBytes } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { send } from './http.ts'
import { ownOrigin, type Services } from './services.ts'

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

const plain = (status: number, text: string) => ({ status, body: text + '\n', contentType: 'text/plain; charset=utf-8' })
const SECURITY = { 'X-Content-Type-Options': 'nosniff' }

export async function handleStatic(s: Services, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method != 'GET' && req.method != 'HEAD') {
    return send(res, { ...plain(405, 'Method not allowed'), headers: { Allow: 'GET, HEAD' } }, SECURITY)
  }
  if (pathname == '/' || pathname == '/index.html') return storePage(s, req, res)
  if (pathname.startsWith('/dist/')) {
    return serveFile(res, join(s.rootDir, 'dist'), pathname.slice('/dist'.length), {
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
    })
  }
  return serveFile(res, join(s.rootDir, 'demo', 'store'), pathname, { 'Cache-Control': 'no-cache' })
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

async function serveFile(res: ServerResponse, base: string, urlPath: string, headers: Record<string, string>): Promise<void> {
  const file = await resolveInside(base, urlPath)
  if (!file) return send(res, plain(404, 'Not found'), SECURITY)
  const body = await readFile(file)
  res.writeHead(200, {
    ...SECURITY,
    ...headers,
    'Content-Type': contentType(file),
    'Content-Length': String(body.length),
  })
  res.end(body)
}

async function storePage(s: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let integrity: unknown
  try {
    const manifest = JSON.parse(await readFile(join(s.rootDir, 'dist', 'manifest.json'), 'utf8')) as { files?: Record<string, { integrity?: unknown }> }
    integrity = manifest.files?.['loyalkit.js']?.integrity
  } catch {}
  if (typeof integrity != 'string') return send(res, plain(503, 'dist/manifest.json is missing: run npm run build first'), SECURITY)
  let template: string
  try {
    template = await readFile(join(s.rootDir, 'demo', 'store', 'index.html'), 'utf8')
  } catch {
    return send(res, plain(503, 'demo/store/index.html is missing'), SECURITY)
  }
  const nonce = randomBytes(16).toString('base64')
  const values: Record<string, string> = {
    ORIGIN: ownOrigin(s, req),
    PROGRAM: s.def.key,
    NONCE: nonce,
    LOYALKIT_INTEGRITY: integrity,
  }
  const html = template.replace(/\{\{(ORIGIN|PROGRAM|NONCE|LOYALKIT_INTEGRITY)\}\}/g, (_, name: string) => escapeHtml(values[name]!))
  send(
    res,
    { status: 200, body: html, contentType: 'text/html; charset=utf-8' },
    {
      ...SECURITY,
      'Content-Security-Policy': storeCsp(nonce),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    },
  )
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
