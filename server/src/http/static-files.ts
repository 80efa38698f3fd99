/**
 * Files served from a folder (the demo store, the built widget, the console): the
 * Content-Type by extension, and paths that can never leave their folder.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { Context } from 'hono'
import type { AppEnv } from '../context.ts'

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

export const plain = (c: Context<AppEnv>, status: 404 | 503, text: string) => c.text(text + '\n', status, { 'Cache-Control': 'no-store' })

/** A file of `base` (traversal-safe) through Hono's static file server, with `headers`. */
export const fileUnder =
  (base: string, headers: Record<string, string>, strip = '') =>
  async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const file = await resolveInside(base, c.req.path.slice(strip.length))
    if (!file) return plain(c, 404, 'Not found')
    const response = await serveStatic<AppEnv>({ path: file })(c, next)
    if (!response) return plain(c, 404, 'Not found')
    response.headers.set('Content-Type', contentType(file))
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
    return response
  }

/** The SRI hash of a built file (`loyalkit.js`) from `dist`'s manifest, or null before a build. */
export async function builtIntegrity(dist: string, file: string): Promise<string | null> {
  try {
    const manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as { files?: Record<string, { integrity?: unknown }> }
    const integrity = manifest.files?.[file]?.integrity
    return typeof integrity == 'string' ? integrity : null
  } catch {
    return null
  }
}

/** Text for an HTML attribute or element. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
