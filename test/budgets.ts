/**
 * Bundle-size budgets (docs/budgets.md), in gzip bytes, named for what the shopper waits for. The script
 * tag's files are found by following the built files themselves (`scriptGraph`), so moving code from one
 * file to another cannot meet a budget; an npm entry is measured with the chunks it imports statically.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

export const BUDGETS = {
  /** `loyalkit.js`: all a page runs before anyone touches the widget. */
  facade: 4 * 1024,
  /** What a click on the launcher runs before the panel is interactive, for an English-speaking shopper. */
  firstOpen: 25 * 1024,
  /** Every file the script tag can ever load, the facade and the locale packs aside. */
  all: 40 * 1024,
  'headless.mjs': 6 * 1024,
  locale: 1.5 * 1024,
} as const

/** The file a click runs before the panel is interactive; `scriptGraph` checks it is reached from the facade. */
export const FIRST_OPEN = 'loyalkit-ui.js'

export interface BudgetResult {
  name: string
  gzip: number
  budget: number
  ok: boolean
}

/**
 * Gzip bytes, the larger of two compressors at their best: Node's zlib and GNU gzip (`gzip -9n`, where
 * installed). They differ by a few bytes either way, and a budget must hold whichever one a CDN or a
 * reviewer uses.
 */
function gz(file: string): number {
  const bytes = readFileSync(file)
  const gnu = spawnSync('gzip', ['-9n', '-c'], { input: bytes, maxBuffer: 1 << 26 })
  return Math.max(gzipSync(bytes, { level: 9 }).length, gnu.status == 0 ? gnu.stdout.length : 0)
}

/** Gzip size of an ES module and every chunk it imports statically, each counted once. */
export function moduleGraphGzip(dist: string, entry: string): number {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const code = readFileSync(`${dist}/${file}`, 'utf8')
    for (const m of code.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\.?\/[^"']+)["']/g)) {
      visit(new URL(m[1]!, `file:///${file}`).pathname.slice(1))
    }
  }
  visit(entry)
  return [...seen].reduce((sum, f) => sum + gz(`${dist}/${f}`), 0)
}

/**
 * The script tag's files as they load one another: from `loyalkit.js`, every dist file another names
 * (a string literal such as "loyalkit-ui.js"), and all locale packs from a file that loads `locales/`.
 * What the facade cannot reach is never loaded; what it can, counts.
 */
export function scriptGraph(dist = 'dist'): { files: string[]; locales: string[] } {
  const files: string[] = []
  let locales: string[] = []
  const visit = (file: string) => {
    if (files.includes(file)) return
    files.push(file)
    const code = readFileSync(`${dist}/${file}`, 'utf8')
    for (const m of code.matchAll(/["'`]([\w-]+\.js)["'`]/g)) if (existsSync(`${dist}/${m[1]}`)) visit(m[1]!)
    if (code.includes('locales/'))
      locales = readdirSync(`${dist}/locales`)
        .filter((f) => f.endsWith('.js'))
        .map((f) => 'locales/' + f)
  }
  visit('loyalkit.js')
  return { files, locales }
}

export function checkBudgets(dist = 'dist'): BudgetResult[] {
  const { files, locales } = scriptGraph(dist)
  const lazy = files.filter((f) => f != 'loyalkit.js')
  const sum = (list: string[]) => list.reduce((n, f) => n + gz(`${dist}/${f}`), 0)
  const results: BudgetResult[] = [
    { name: 'facade: loyalkit.js', gzip: gz(`${dist}/loyalkit.js`), budget: BUDGETS.facade, ok: false },
    {
      name: `first open: ${FIRST_OPEN}${lazy.includes(FIRST_OPEN) ? '' : ' (not reached from loyalkit.js!)'}`,
      gzip: lazy.includes(FIRST_OPEN) ? gz(`${dist}/${FIRST_OPEN}`) : Infinity,
      budget: BUDGETS.firstOpen,
      ok: false,
    },
    { name: `all a panel can load: ${lazy.join(' + ')}`, gzip: sum(lazy), budget: BUDGETS.all, ok: false },
    { name: 'headless.mjs (with its chunks)', gzip: moduleGraphGzip(dist, 'headless.mjs'), budget: BUDGETS['headless.mjs'], ok: false },
    ...locales.map((f) => ({ name: f, gzip: gz(`${dist}/${f}`), budget: BUDGETS.locale, ok: false })),
  ]
  for (const r of results) r.ok = r.gzip <= r.budget
  return results
}

/**
 * Shown beside the budgets, not judged by them: what a shopper in another language waits for on the
 * first open (the first open and that language's first file), and a whole language (both its files).
 */
export function languageSizes(dist = 'dist'): { tag: string; firstOpen: number; whole: number }[] {
  const { locales } = scriptGraph(dist)
  const first = gz(`${dist}/${FIRST_OPEN}`)
  return locales
    .filter((f) => !f.endsWith('.views.js'))
    .map((f) => {
      const tag = f.slice('locales/'.length, -'.js'.length)
      const own = gz(`${dist}/${f}`)
      return { tag, firstOpen: first + own, whole: own + gz(`${dist}/locales/${tag}.views.js`) }
    })
}
