import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

/** Every file under `dir` by its path relative to it ('/a/b.js'), source maps left out. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (!name.endsWith('.map')) files.set('/' + relative(dir, full).split('\\').join('/'), readFileSync(full))
    }
  }
  walk(dir)
  return files
}

/**
 * dist/ read into memory once it is a complete, consistent build: every file
 * dist/manifest.json names is there with the SRI hash it names. Waits (up to
 * `timeoutMs`) while a build is writing it, so a test server or the benchmark
 * never serves a half-written bundle, and a rebuild during a run cannot
 * change what they serve.
 */
export async function snapshotDist(timeoutMs = 120_000): Promise<{ files: Map<string, Buffer>; integrity: string }> {
  const deadline = Date.now() + timeoutMs
  let why = ''
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as { files: Record<string, { integrity: string }> }
      const files = readTree(DIST)
      for (const [name, { integrity }] of Object.entries(manifest.files)) {
        const body = files.get('/' + name)
        const [algo, digest] = integrity.split('-') as [string, string]
        if (!body) throw new Error(`dist/${name} missing`)
        if (createHash(algo).update(body).digest('base64') != digest) throw new Error(`dist/${name} does not match its manifest hash`)
      }
      const integrity = manifest.files['loyalkit.js']?.integrity
      if (!integrity) throw new Error('dist/manifest.json has no loyalkit.js')
      return { files, integrity }
    } catch (e) {
      why = (e as Error).message
    }
    if (Date.now() > deadline) throw new Error('dist/ is not a complete build (run npm run build): ' + why)
    await new Promise((r) => setTimeout(r, 1000))
  }
}
