/**
 * Run while the document is still being parsed (an async script, or a module the app imports early), the
 * widget waits for the page: appended then, its host would land between the page's own elements. The
 * script tag's side is checked on the built bundle in real Chromium (test/browser/embed-host-page.test.ts);
 * this is the npm entry's, in happy-dom, where the parse is played by hand.
 */
import { afterEach, expect, it } from 'vitest'
import { resolveConfig } from '../../src/core/config.ts'
import { createStore } from '../../src/core/store.ts'
import { lazyWidget } from '../../src/embed/lazy-widget.ts'
import { ENDPOINT, PROGRAM_KEY } from '../fixtures.ts'

let state = 'loading'
Object.defineProperty(document, 'readyState', { configurable: true, get: () => state })

afterEach(() => {
  state = 'complete'
  document.body.replaceChildren()
})

const ticks = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r))
}

it("draws the launcher once the document is parsed, after the page's own elements", async () => {
  await import('../../src/embed/draw.ts')
  document.body.append(document.createElement('header'))
  const widget = lazyWidget(resolveConfig({ endpoint: ENDPOINT, program: PROGRAM_KEY }), createStore(), () => new Promise(() => {}))
  await ticks()
  expect(document.querySelector('loyalkit-widget')).toBeNull()

  // The parser goes on, then finishes.
  document.body.append(document.createElement('main'))
  state = 'interactive'
  document.dispatchEvent(new Event('DOMContentLoaded'))
  await ticks()
  expect([...document.body.children].map((e) => e.localName)).toEqual(['header', 'main', 'loyalkit-widget'])
  widget.destroy()
  expect(document.querySelector('loyalkit-widget')).toBeNull()
})

it('draws it at once on a page already parsed', async () => {
  state = 'complete'
  const widget = lazyWidget(resolveConfig({ endpoint: ENDPOINT, program: PROGRAM_KEY }), createStore(), () => new Promise(() => {}))
  await ticks()
  expect(document.body.lastElementChild?.localName).toBe('loyalkit-widget')
  widget.destroy()
})
