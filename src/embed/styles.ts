/**
 * Styles go in through constructable stylesheets, which a strict CSP
 * (`style-src` without 'unsafe-inline') allows, and which touch nothing
 * outside our shadow root. Browsers without them (before Safari 16.4 and
 * Firefox 101) throw here, so the widget stays off those pages entirely
 * (docs/embedding.md, "Browsers").
 */
export function adoptStyles(root: ShadowRoot, css: string): () => void {
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(css)
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  return () => {
    root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s != sheet)
  }
}
