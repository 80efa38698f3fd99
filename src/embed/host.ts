import type { ResolvedConfig } from '../core/config.ts'
import { adoptStyles } from './styles.ts'
import { applyTheme } from './theme.ts'
import { LAUNCHER_CSS } from './launcher.ts'
import { HOST_CSS } from './theme-css.ts'

export interface Embed {
  host: HTMLElement
  shadow: ShadowRoot
  /** Add a stylesheet to the shadow root; returns its remover. */
  style(css: string): () => void
}

/**
 * One host element per widget, with an open shadow root. A custom-element
 * name that is never defined: no registry entry, and host rules such as
 * `div { display: none }` do not match it. Direction is inherited from the page
 * until the UI sets the locale's own.
 *
 * It is the last child of `<html>`, not of `<body>`: the script often runs while the page is still
 * being parsed, when the end of `<body>` is not the end of the page, and a host appended there would
 * land between the page's own elements (breaking rules such as `header + main` or `:first-child`).
 * After `<body>` it is drawn at once, in the first frame, and is last in the tab order; no rule of the
 * page's body (`body > *`) reaches it, and an app that replaces the body's children leaves it be. (Run
 * before the parser has begun `<body>`, from a cache, it comes before it: first in the tab order, where
 * appending to a body not there yet failed.)
 */
export function createHost(config: ResolvedConfig): Embed {
  const host = document.createElement('loyalkit-widget')
  host.dataset.position = config.launcher
  host.dataset.theme = config.theme.mode
  applyTheme(host, config.theme)
  const shadow = host.attachShadow({ mode: 'open' })
  adoptStyles(shadow, HOST_CSS + LAUNCHER_CSS)
  document.documentElement.append(host)
  // Removing the host takes its shadow root, and the sheets adopted there, with it.
  return { host, shadow, style: (css) => adoptStyles(shadow, css) }
}
