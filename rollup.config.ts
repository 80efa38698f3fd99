/**
 * Library build. Configs run in order: locale packs, then the UI bundle (which
 * bakes their SRI hashes in), then the facade (which bakes in the UI's hash); then the npm ESM entries and
 * their bundled types; the last step writes dist/manifest.json.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import type { Plugin, RollupOptions } from 'rollup'
import { dts } from 'rollup-plugin-dts'
import esbuild from 'rollup-plugin-esbuild'
import { transform } from 'esbuild'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const external = Object.keys(pkg.dependencies)
const isExternal = (id: string) => external.some((d) => id == d || id.startsWith(d + '/'))

// The hashes baked into our own files are SHA-256 (SRI takes it as well as SHA-384; each is 20 characters
// shorter, and eleven locale packs' ride in the first open); the snippet's, which integrators paste, SHA-384.
const integrity = (file: string, algorithm = 'sha384') => `${algorithm}-` + createHash(algorithm).update(readFileSync(file)).digest('base64')

// Every build starts from an empty dist/ (configs below only ever add to it).
rmSync('dist', { recursive: true, force: true })

const locales = readdirSync('src/i18n/locales')
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((tag) => tag != 'en')

// ES2021: logical assignment (`a ??= b`) is kept as written rather than spelled out (`a ?? (a = b)`), a few
// bytes in each file. Every browser the widget runs in has it: constructable stylesheets, which it needs,
// came later (docs/embedding.md).
const ts = () => esbuild({ target: 'es2021', jsx: 'automatic', jsxImportSource: 'preact', tsconfig: 'tsconfig.json' })
// `unsafe` rewrites some built-in calls shorter (`'' + x` for `String(x)`, `[a]` for `Array(a)`): 30-odd
// bytes of the first open. `'' + x` differs from String(x) only for a Symbol (it throws): nothing of ours
// turns a Symbol into text.
// `unsafe_arrows` writes function expressions that use no `this` as arrows (18 B of the first open): none
// of ours is called with `new`.
// `hoist_funs` (declarations moved to the top of their scope) only for the facade: 25 B less there, but
// 100-odd more in the UI, where the mangled names then compress worse. `unsafe_methods` (methods written
// as `m(){}`, which cannot be called with `new`; none of ours is) only there too: 2 B.
// `passes: 4` and `sequences: false` (statements not joined by commas, which hides their repeats from
// gzip) only for the UI: 35 B less there, measured; the facade and the views grow by them.
// `preamble` is written before the minified code, and the source map accounts for it.
const min = ({ preamble, ...extra }: { hoist_funs?: boolean; unsafe_methods?: boolean; passes?: number; sequences?: boolean; preamble?: string } = {}) =>
  terser({ ecma: 2020, compress: { passes: 2, pure_getters: true, unsafe: true, unsafe_arrows: true, ...extra }, format: { comments: false, preamble } })

// Chromium's explicit compile hint: compile every function of the file while it streams in, off the main
// thread, instead of each on its first call. Nearly all of loyalkit-ui.js runs when the panel first opens
// (that lazy compiling was a third of the mount's task, about 50 of 150 ms at 4× CPU), and nearly all of
// loyalkit.js runs as the page loads (its boot-up on the store page fell by about a fifth).
const COMPILE_ALL = '//# allFunctionsCalledOnLoad'

/**
 * ky's upload and download progress (streams that wrap a body: 0.4 KB gzip of the first open) runs only
 * when `onUploadProgress` or `onDownloadProgress` is passed, and the client never passes them (core/api.ts
 * writes every ky option itself). In the script tag's UI that module is one that hands the request or
 * response back as it is. Should ky come to import anything else from it, the build fails on the missing
 * export; the browser tests run this build's requests against the reference server.
 */
function kyWithoutProgress(): Plugin {
  return {
    name: 'loyalkit-ky-without-progress',
    load: (id) => (/[\\/]ky[\\/]distribution[\\/]utils[\\/]body\.js$/.test(id) ? 'export const streamRequest = (r) => r, streamResponse = (r) => r' : null),
  }
}

/** Replace build-time constants once the files they describe exist. */
function facadeConstants(): Plugin {
  return {
    name: 'loyalkit-facade-constants',
    transform(code) {
      if (!/__(UI_INTEGRITY|VIEWS_INTEGRITY|LOCALE_INTEGRITY|LOCALE_VIEWS_INTEGRITY|UI_FILE)__/.test(code)) return null
      const value: Record<string, () => unknown> = {
        UI_FILE: () => 'loyalkit-ui.js',
        UI_INTEGRITY: () => integrity('dist/loyalkit-ui.js', 'sha256'),
        VIEWS_INTEGRITY: () => integrity('dist/loyalkit-views.js', 'sha256'),
        LOCALE_INTEGRITY: () => Object.fromEntries(locales.map((tag) => [tag, integrity(`dist/locales/${tag}.js`, 'sha256')])),
        LOCALE_VIEWS_INTEGRITY: () => Object.fromEntries(locales.map((tag) => [tag, integrity(`dist/locales/${tag}.views.js`, 'sha256')])),
      }
      // Same-line replacements: positions of other code do not move, so the source map stays valid.
      const out = code.replace(/__(UI_INTEGRITY|VIEWS_INTEGRITY|LOCALE_INTEGRITY|LOCALE_VIEWS_INTEGRITY|UI_FILE)__/g, (_, name: string) =>
        JSON.stringify(value[name]!()),
      )
      return { code: out, map: null }
    },
  }
}

/** Evaluate one of our plain-data TS modules (a locale pack) at build time. */
async function loadData(file: string): Promise<Record<string, unknown>> {
  const { code } = await transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm' })
  return (await import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'))).default
}

/**
 * A locale pack for the script tag, in two files: `locales/<tag>.js` with the UI bundle's strings (the
 * first open waits for it) and `locales/<tag>.views.js` with the views' (it comes with them). Each is a
 * single statement handing its strings over: values only, in the order of the English keys the bundle
 * already carries, so no key name is shipped twice. It is loaded as a module (strict, and declaring
 * nothing in the page's scope), so it needs no function around it: 22 B less in each file.
 */
function localeEntry(tag: string, part: 'core' | 'views'): Plugin {
  const id = `\0locale-${tag}-${part}`
  return {
    name: 'loyalkit-locale-entry',
    resolveId: (source) => (source == id ? id : null),
    async load(source) {
      if (source != id) return null
      const [pack, en] = await Promise.all([`locales/${tag}.ts`, `en/${part}.ts`].map((f) => loadData(`src/i18n/${f}`)))
      const values = Object.keys(en!).map((k) => {
        if (!(k in pack!)) this.error(`locale ${tag} has no "${k}"`)
        return pack![k]
      })
      const name = JSON.stringify(part == 'core' ? tag : tag + '.views')
      return `window.loyalkit?.__locale?.(${name},${JSON.stringify(values)})`
    },
  }
}

/**
 * loyalkit-views.js and loyalkit-ui.js share one Preact, one set of signals and
 * one UI context. The views bundle takes them as externals from
 * `window.loyalkit.__s`; the bindings it imported are recorded here, and the UI
 * bundle's `loyalkit:shared` module is generated to export exactly those.
 */
const SRC = `${process.cwd()}/src/`
const SHARED = [
  'preact',
  'preact/hooks',
  'preact/jsx-runtime',
  '@preact/signals',
  // The views check their own answers (core/action-schemas.ts) with the UI bundle's valibot.
  'valibot',
  // Only modules the UI bundle has anyway: sharing one it lacks would add it there.
  // core/errors.ts: one LoyaltyError class, so `instanceof` holds for what the views' actions throw.
  ...[
    'ui/context.ts',
    'ui/parts.tsx',
    'ui/styles.ts',
    'ui/money.ts',
    'ui/views/home.tsx',
    'core/errors.ts',
    'core/events.ts',
    'core/token.ts',
    'core/schemas.ts',
  ].map((f) => SRC + f),
]
/** Modules of ours are keyed by their path under src/, packages by name. */
const sharedKey = (id: string) => id.replace(/^.*\/src\//, '').replace(/^(\.\.\/)+/, '')
const imported: Record<string, Set<string>> = {}

function viewsShared(): Plugin {
  return {
    name: 'loyalkit-views-shared',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type != 'chunk') continue
        for (const [id, names] of Object.entries(chunk.importedBindings)) {
          const key = sharedKey(id)
          if (!SHARED.some((s) => sharedKey(s) == key)) this.error(`loyalkit-views.js imports ${id}, which the UI bundle does not share`)
          for (const n of names) (imported[key] ??= new Set()).add(n)
        }
      }
    },
  }
}

function uiShared(): Plugin {
  const id = 'loyalkit:shared'
  return {
    name: 'loyalkit-ui-shared',
    resolveId: (source) => (source == id ? '\0' + id : null),
    load(source) {
      if (source != '\0' + id) return null
      const entries = Object.entries(imported).map(([mod, names], i) => {
        const list = [...names].map((n, j) => `${n} as s${i}_${j}`).join(', ')
        return {
          decl: `import { ${list} } from ${JSON.stringify(/\.tsx?$/.test(mod) ? SRC + mod : mod)};`,
          obj: `${JSON.stringify(mod)}: { ${[...names].map((n, j) => `${JSON.stringify(n)}: s${i}_${j}`).join(', ')} }`,
        }
      })
      return entries.map((e) => e.decl).join('\n') + `\nexport default { ${entries.map((e) => e.obj).join(', ')} };`
    },
  }
}

/** Sizes and SRI hashes of every shipped script, for the docs snippet and the budgets. */
function manifest(): Plugin {
  return {
    name: 'loyalkit-manifest',
    writeBundle() {
      const files: Record<string, { size: number; gzip: number; integrity: string }> = {}
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = `${dir}/${entry.name}`
          if (entry.isDirectory()) walk(path)
          else if (/\.(m?js)$/.test(entry.name)) {
            const body = readFileSync(path)
            files[path.slice('dist/'.length)] = {
              size: body.length,
              gzip: gzipSync(body, { level: 9 }).length,
              integrity: integrity(path),
            }
          }
        }
      }
      if (existsSync('dist')) walk('dist')
      writeFileSync('dist/manifest.json', JSON.stringify({ name: pkg.name, version: pkg.version, files }, null, 2) + '\n')
      // The copy-paste snippet for this build (docs/embedding.md), with its SRI hash.
      writeFileSync(
        'dist/snippet.html',
        `<script async src="https://cdn.example.com/loyalkit@${pkg.version}/loyalkit.js"\n` +
          `        integrity="${files['loyalkit.js']?.integrity}" crossorigin="anonymous"\n` +
          `        data-endpoint="https://loyalty.example.com/v1"\n        data-program="pk_your_program"></script>\n`,
      )
    },
  }
}

const config: RollupOptions[] = [
  ...locales.flatMap((tag) =>
    (['core', 'views'] as const).map(
      (part): RollupOptions => ({
        input: `\0locale-${tag}-${part}`,
        output: { file: `dist/locales/${tag}${part == 'core' ? '' : '.views'}.js`, format: 'es' },
        plugins: [localeEntry(tag, part), min()],
      }),
    ),
  ),
  {
    input: 'src/entries/views.ts',
    external: SHARED,
    output: {
      file: 'dist/loyalkit-views.js',
      format: 'iife',
      sourcemap: true,
      // Loaded as a module script, strict already: the prologue would be bytes that change nothing.
      strict: false,
      globals: (id) => `__s[${JSON.stringify(sharedKey(id))}]`,
      // Nothing to share when the page has replaced window.loyalkit since the UI ran: the file then does
      // nothing (the UI shows the views as failed to load), rather than throw into the page.
      banner: '(function(__s){if(!__s)return;',
      footer: '})(window.loyalkit&&window.loyalkit.__s);',
    },
    plugins: [nodeResolve({ browser: true }), ts(), facadeConstants(), viewsShared(), min()],
  },
  {
    input: 'src/entries/ui.ts',
    // Loaded as a module script, strict already: no "use strict" prologue (test/dist/compile-hint.test.ts).
    output: { file: 'dist/loyalkit-ui.js', format: 'iife', sourcemap: true, strict: false },
    plugins: [
      uiShared(),
      kyWithoutProgress(),
      nodeResolve({ browser: true }),
      ts(),
      facadeConstants(),
      min({ passes: 4, sequences: false, preamble: COMPILE_ALL }),
    ],
  },
  {
    input: 'src/entries/script.ts',
    // No "use strict" prologue (8 B, which the compile hint needed): the facade's code relies on nothing only
    // strict mode does (no undeclared assignment, no sloppy `this` or `arguments`; tests hold the file to what
    // strict mode parses and the page to no global but `loyalkit`). Its functions' `caller` and `arguments`
    // become readable to page functions they call: nothing a page's script cannot reach already.
    output: { file: 'dist/loyalkit.js', format: 'iife', sourcemap: 'hidden', strict: false },
    plugins: [nodeResolve({ browser: true }), ts(), facadeConstants(), min({ hoist_funs: true, unsafe_methods: true, preamble: COMPILE_ALL })],
  },
  // loyalkit/contract, for backends: a build of its own, so it shares no chunk with (and moves no
  // bytes into) the SDK's entries. Not minified: it runs on servers and is read by their authors.
  {
    input: { contract: 'src/entries/contract.ts' },
    external: isExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', sourcemap: true },
    plugins: [nodeResolve(), ts()],
  },
  {
    input: { contract: 'src/entries/contract.ts' },
    external: isExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts' },
    plugins: [dts({ tsconfig: 'tsconfig.json' })],
  },
  // loyalkit/headless is a build of its own, one file: an app uses it instead of the widget, and its
  // bundler would join the shared chunks into one anyway. Its budget then measures what the app ships.
  {
    input: { headless: 'src/entries/headless.ts' },
    external: isExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', sourcemap: true },
    plugins: [nodeResolve(), ts(), min()],
  },
  {
    input: { headless: 'src/entries/headless.ts' },
    external: isExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts' },
    plugins: [dts({ tsconfig: 'tsconfig.json' })],
  },
  {
    input: { index: 'src/entries/index.ts', elements: 'src/entries/elements.ts' },
    external: isExternal,
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'chunks/[name]-[hash].mjs',
      sourcemap: true,
      // The stylesheet helper, shared by the launcher's chunk and the elements, joins a chunk both load
      // already rather than cost an app a request of its own for 200 B.
      experimentalMinChunkSize: 500,
    },
    plugins: [nodeResolve(), ts(), min()],
  },
  {
    input: { index: 'src/entries/index.ts', elements: 'src/entries/elements.ts' },
    external: isExternal,
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
    plugins: [dts({ tsconfig: 'tsconfig.json' }), manifest()],
  },
]

export default config
