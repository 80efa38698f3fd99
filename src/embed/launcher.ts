export const LAUNCHER_CSS =
  '.l{display:inline-flex;align-items:center;gap:8px;min-height:48px;padding:0 18px;border:0;' +
  'border-radius:999px;background:var(--p);color:var(--op);font:600 15px/1.2 var(--f);cursor:pointer;' +
  'box-shadow:0 4px 14px rgb(0 0 0/.22)}' +
  '.l:focus-visible{outline:3px solid var(--p);outline-offset:3px}' +
  // A star drawn in CSS: no SVG to build in the 4 KB facade, nothing for a screen reader to read.
  '.l i{width:18px;height:18px;background:currentColor;clip-path:polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,32% 57%,2% 35%,39% 35%)}' +
  '.l b{padding-inline-start:8px;border-inline-start:1px solid}'

export interface Launcher {
  button: HTMLButtonElement
  setExpanded(open: boolean): void
  /** Visible text, optional badge (the balance), and the accessible name. */
  setLabel(text: string, badge: string, name: string): void
}

const attrs = <E extends Element>(el: E, a: Record<string, string>): E => {
  for (const k in a) el.setAttribute(k, a[k]!)
  return el
}

/**
 * The launcher is plain DOM (its CSS, LAUNCHER_CSS, is part of the host's sheet)
 * so the facade can draw it before the UI loads: a disclosure button
 * (`aria-expanded`, APG disclosure pattern) with a star, a label and, for
 * members, the balance.
 */
export function createLauncher(root: ShadowRoot, label: string, onIntent: (event: Event) => void): Launcher {
  const button = attrs(document.createElement('button'), {
    type: 'button', class: 'l', part: 'launcher', 'aria-expanded': 'false',
  })
  const icon = document.createElement('i')
  const text = document.createElement('span')
  const badge = document.createElement('b')
  // The space keeps the visible text "Rewards 250" within the name "Rewards, 250 points" (WCAG 2.5.3).
  button.append(icon, text, ' ', badge)
  const setLabel = (t: string, b: string, name: string) => {
    text.textContent = t
    badge.textContent = b
    badge.hidden = !b
    // Always set: for members the name says more than the text ("Rewards, 250 points").
    button.setAttribute('aria-label', name)
  }
  setLabel(label, '', label)
  for (const type of ['pointerenter', 'focus', 'click']) button.addEventListener(type, onIntent)
  root.append(button)
  return {
    button,
    setExpanded: (open) => attrs(button, { 'aria-expanded': '' + open }),
    setLabel,
  }
}
