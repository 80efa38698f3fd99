/**
 * The script tag's files that run nearly whole, the facade as the page loads and the UI on a first open,
 * start with Chromium's explicit compile hint (docs/architecture.md). The facade is built without a
 * "use strict" prologue (8 B of its budget), so it must stay code that strict mode accepts. So are the
 * files it loads, which run as module scripts (strict whatever they say): the UI and the views carry no
 * prologue, and a locale pack file is its one call, with no function around it.
 */
import { readFileSync } from 'node:fs'
import { Script } from 'node:vm'
import { expect, it } from 'vitest'

it.each(['loyalkit.js', 'loyalkit-ui.js'])('dist/%s starts with the explicit compile hint', (file) => {
  expect(readFileSync(`dist/${file}`, 'utf8').split('\n')[0]).toBe('//# allFunctionsCalledOnLoad')
})

it.each(['loyalkit.js', 'loyalkit-ui.js', 'loyalkit-views.js', 'locales/uk.views.js'])(
  'dist/%s, built without "use strict", is code that strict mode parses',
  (file) => {
    const code = readFileSync(`dist/${file}`, 'utf8')
    expect(code).not.toContain('"use strict"')
    // Parsed, not run: strict mode refuses `with`, octal literals, duplicate parameters and deleting a plain name.
    expect(() => new Script('"use strict";' + code)).not.toThrow()
    expect(() => new Script('"use strict";with(Math){}')).toThrow(SyntaxError)
  },
)

it.each(['lv.js', 'ar.views.js'])('dist/locales/%s is the one call that hands its strings over', (file) => {
  expect(readFileSync(`dist/locales/${file}`, 'utf8')).toMatch(/^window\.loyalkit\?\.__locale\?\.\("(lv|ar\.views)",\[.*\]\);?\n?$/s)
})
