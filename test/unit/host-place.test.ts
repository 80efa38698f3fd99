/**
 * Where the widget's host goes: the last child of `<html>`, after `<body>`, so that a widget drawn while
 * the page is still being parsed never lands between the page's own elements. The script tag's side is
 * checked on the built bundle in real Chromium, mid-parse (test/browser/embed-host-page.test.ts); this is
 * the npm entry's, in happy-dom, where the parse is played by hand.
 */
import { afterEach, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../src/core/config.ts'
import { createStore } from '../../src/core/store.ts'
import { lazyWidget } from '../../src/embed/lazy-widget.ts'
import { ENDPOINT, PROGRAM_KEY } from '../fixtures.ts'

afterEach(() => document.body.replaceChildren())

it("draws the launcher at once, after <body>: the page's elements parsed later stay together", async () => {
  document.body.append(document.createElement('header'))
  const widget = lazyWidget(
    resolveConfig({ endpoint: ENDPOINT, program: PROGRAM_KEY }),
    createStore(),
    () => import('../../src/entries/npm-launcher.ts'),
    () => new Promise(() => {}),
  )
  const host = await vi.waitFor(() => document.querySelector('loyalkit-widget') ?? Promise.reject(new Error('no host yet')))
  expect(host?.parentElement).toBe(document.documentElement)
  expect(host?.previousElementSibling).toBe(document.body)
  expect(host?.shadowRoot?.querySelector('button')?.textContent).toBe('Rewards')

  // The parser goes on: the page's next element follows its header, not the widget.
  document.body.append(document.createElement('main'))
  expect([...document.body.children].map((e) => e.localName)).toEqual(['header', 'main'])
  expect(document.querySelector('header + main')).not.toBeNull()
  // An app that replaces the body's children leaves the widget be.
  document.body.replaceChildren()
  expect(host?.isConnected).toBe(true)
  widget.destroy()
  expect(document.querySelector('loyalkit-widget')).toBeNull()
})
