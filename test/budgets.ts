/**
 * Bundle-size budgets (README, "What loads, and its budget"), in gzip bytes. An npm entry is measured with
 * the chunks it imports statically, so shared code is not hidden in a chunk.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

export const BUDGETS = {
  'loyalkit.js': 4 * 1024,
  'loyalkit-ui.js': 25 * 1024,
  // Ours, beside the published budgets: the secondary views, split from the UI bundle and fetched when the panel is first used.
  'loyalkit-views.js': 8 * 1024,
  'headless.mjs': 6 * 1024,
  locale: 1.5 * 1024,
} as const

export interface BudgetResult {
  name: string
  gzip: number
  budget: number
  ok: boolean
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length

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

export function checkBudgets(dist = 'dist'): BudgetResult[] {
  const manifest = JSON.parse(readFileSync(`${dist}/manifest.json`, 'utf8')) as { files: Record<string, { gzip: number }> }
  const results: BudgetResult[] = [
    { name: 'loyalkit.js', gzip: gz(`${dist}/loyalkit.js`), budget: BUDGETS['loyalkit.js'], ok: false },
    { name: 'loyalkit-ui.js', gzip: gz(`${dist}/loyalkit-ui.js`), budget: BUDGETS['loyalkit-ui.js'], ok: false },
    { name: 'loyalkit-views.js', gzip: gz(`${dist}/loyalkit-views.js`), budget: BUDGETS['loyalkit-views.js'], ok: false },
    { name: 'headless.mjs (with its chunks)', gzip: moduleGraphGzip(dist, 'headless.mjs'), budget: BUDGETS['headless.mjs'], ok: false },
    ...Object.keys(manifest.files)
      .filter((f) => f.startsWith('locales/'))
      .map((f) => ({ name: f, gzip: gz(`${dist}/${f}`), budget: BUDGETS.locale, ok: false })),
  ]
  for (const r of results) r.ok = r.gzip <= r.budget
  return results
}
