/**
 * The script tag's files that run nearly whole, the facade as the page loads and the UI on a first open,
 * start with Chromium's explicit compile hint (docs/architecture.md). The facade is built without a
 * "use strict" prologue (8 B of its budget), so it must stay code that strict mode accepts. So are the
 * files it loads, which run as module scripts (strict whatever they say): the UI, the views and the
 * locale packs carry no prologue and no function around them that only held one.
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
