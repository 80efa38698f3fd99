/**
 * No HTML or code sinks: none in our sources, and none in the built bundles
 * beyond Preact's own `dangerouslySetInnerHTML` path, which renders only when
 * that prop is passed — and nothing of ours passes it (the source check).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const SINKS = /innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|(?<![\w.])eval\(|new Function\b|setTimeout\(\s*['"`]/g

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length

describe('HTML and code sinks', () => {
  it('src/ has none', () => {
    const found = files('src').flatMap((f) => (readFileSync(f, 'utf8').match(SINKS) ?? []).map((m) => `${f}: ${m}`))
    expect(found).toEqual([])
  })

  it('the built bundles have only Preact’s own', () => {
    const preact = readFileSync('node_modules/preact/dist/preact.mjs', 'utf8')
    const budget = count(preact, SINKS)
    for (const f of files('dist').filter((f) => /\.m?js$/.test(f))) {
      const code = readFileSync(f, 'utf8')
      const n = count(code, SINKS)
      // The UI bundles carry Preact (npm chunks import it instead); none may add to its count.
      expect(n, f).toBeLessThanOrEqual(/loyalkit-ui\.js$/.test(f) ? budget : 0)
    }
  })
})
