/**
 * The Trailpack demo store, mounted on the server's Hono app: `/` is
 * demo/store/index.html rendered with this request's origin, program key, a fresh
 * CSP nonce and the SRI hash of dist/loyalkit.js; `/dist/*` are the built files;
 * anything else is a file of demo/store/. Paths never leave their folder.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Context, Hono } from 'hono'
import type { AppEnv, Deps } from '../server/src/context.ts'
import { ownOrigin } from '../server/src/http/request.ts'
import { builtIntegrity, escapeHtml, fileUnder, plain } from '../server/src/http/static-files.ts'

export { contentType, resolveInside } from '../server/src/http/static-files.ts'

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

/** Mounts the store on `app`: the page at `/`, the build at `/dist/*`, store assets elsewhere. */
export function mountStore(app: Hono<AppEnv>, deps: Deps, rootDir: string): void {
  app.get('/', (c) => storePage(c, deps, rootDir))
  app.get('/index.html', (c) => storePage(c, deps, rootDir))
  app.get('/dist/*', fileUnder(join(rootDir, 'dist'), { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' }, '/dist'))
  app.get('*', fileUnder(join(rootDir, 'demo', 'store'), { 'Cache-Control': 'no-cache' }))
}

async function storePage(c: Context<AppEnv>, deps: Deps, rootDir: string): Promise<Response> {
  const integrity = await builtIntegrity(join(rootDir, 'dist'), 'loyalkit.js')
  if (!integrity) return plain(c, 503, 'dist/manifest.json is missing: run npm run build first')
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
