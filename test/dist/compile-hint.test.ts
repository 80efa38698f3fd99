/**
 * The script tag's files that run nearly whole, the facade as the page loads and the UI on a first open,
 * start with Chromium's explicit compile hint (docs/architecture.md). The facade is built without a
 * "use strict" prologue (8 B of its budget), so it must stay code that strict mode accepts.
 */
import { readFileSync } from 'node:fs'
import { Script } from 'node:vm'
import { expect, it } from 'vitest'

it.each(['loyalkit.js', 'loyalkit-ui.js'])('dist/%s starts with the explicit compile hint', (file) => {
  expect(readFileSync(`dist/${file}`, 'utf8').split('\n')[0]).toBe('//# allFunctionsCalledOnLoad')
})

it('the facade, built without "use strict", is code that strict mode parses', () => {
  const code = readFileSync('dist/loyalkit.js', 'utf8')
  expect(code).not.toContain('"use strict"')
  // Parsed, not run: strict mode refuses `with`, octal literals, duplicate parameters and deleting a plain name.
  expect(() => new Script('"use strict";' + code)).not.toThrow()
  expect(() => new Script('"use strict";with(Math){}')).toThrow(SyntaxError)
})
