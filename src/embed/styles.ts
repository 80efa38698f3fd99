/**
 * Styles go in through constructable stylesheets, which a strict CSP
 * (`style-src` without 'unsafe-inline') allows; a nonce'd <style> is the
 * fallback for browsers without them.
 */
export function adoptStyles(root: ShadowRoot, css: string, nonce = ''): () => void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    return () => {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s != sheet)
    }
  }
  const style = document.createElement('style')
  if (nonce) style.nonce = nonce
  style.textContent = css
  root.prepend(style)
  return () => style.remove()
}
