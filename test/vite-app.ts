/**
 * A Vite app that uses Loyalkit as an npm package, as a new user's would: `loyalkit` installed
 * (a link to this repository, so its `exports` and `sideEffects` apply), one button whose click
 * runs `onClick`. Built with Vite's own defaults into `<dir>/dist`.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Rollup } from 'vite'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

export interface ViteApp {
  /** The built site. */
  outDir: string
  /** Gzip bytes of the entry chunk, and of each chunk loaded later (also by file name, as `assets/<name>-<hash>.js`). */
  main: number
  lazy: number[]
  lazyByName: Record<string, number>
  remove(): void
}

/** `files`: more modules of the app, by name (for an app with a lazy route of its own). */
export async function buildViteApp(imports: string, onClick: string, files: Record<string, string> = {}): Promise<ViteApp> {
  const dir = mkdtempSync(join(tmpdir(), 'loyalkit-vite-app-'))
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules', 'loyalkit'), 'dir')
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><title>App</title><link rel="icon" href="data:,"><main><h1>App</h1><button id="start">Start</button></main><script type="module" src="/main.js"></script>',
  )
  writeFileSync(join(dir, 'main.js'), `${imports}\ndocument.getElementById('start').addEventListener('click', () => { ${onClick} })\n`)
  for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code)
  const outDir = join(dir, 'dist')
  const out = (await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir } })) as Rollup.RollupOutput
  const chunks = out.output.filter((o): o is Rollup.OutputChunk => o.type == 'chunk')
  const gz = (c: Rollup.OutputChunk) => gzipSync(c.code, { level: 9 }).length
  return {
    outDir,
    main: gz(chunks.find((c) => c.isEntry)!),
    lazy: chunks.filter((c) => !c.isEntry).map(gz),
    lazyByName: Object.fromEntries(chunks.filter((c) => !c.isEntry).map((c) => [c.fileName, gz(c)])),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
