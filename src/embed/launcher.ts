const SVG = 'http://www.w3.org/2000/svg'

export const LAUNCHER_CSS =
  '.l{display:inline-flex;align-items:center;gap:8px;min-height:48px;padding:0 18px;border:0;' +
  'border-radius:999px;background:var(--p);color:var(--op);font:600 15px/1.2 var(--f);cursor:pointer;' +
  'box-shadow:0 4px 14px rgb(0 0 0/.22)}' +
  '.l:focus-visible{outline:3px solid var(--p);outline-offset:3px;box-shadow:0 0 0 3px var(--s)}' +
  '.l svg{width:20px;height:20px;fill:currentColor;flex:none}' +
  '.l b{font-weight:700;padding-inline-start:8px;border-inline-start:1px solid currentColor}' +
  '.l[aria-busy=true]{cursor:progress}' +
  '@media (prefers-reduced-motion:no-preference){.l{transition:transform .15s}.l:hover{transform:translateY(-2px)}}' +
  '@media print{:host{display:none!important}}'

export interface Launcher {
  button: HTMLButtonElement
  setExpanded(open: boolean): void
  setBusy(busy: boolean): void
  /** Visible text, optional badge (the balance), and the accessible name. */
  setLabel(text: string, badge: string, name: string): void
  remove(): void
}

/**
 * The launcher is plain DOM (its CSS, LAUNCHER_CSS, is part of the host's sheet) so the facade can draw it before the UI loads:
 * a disclosure button (`aria-expanded`) with a gift icon and a label.
 */
export function createLauncher(root: ShadowRoot, label: string, onIntent: (event: Event) => void): Launcher {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'l'
  button.setAttribute('part', 'launcher')
  button.setAttribute('aria-expanded', 'false')
  button.setAttribute('aria-haspopup', 'dialog')
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  const path = document.createElementNS(SVG, 'path')
  // A star: small enough for the 4 KB facade.
  path.setAttribute('d', 'M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7L12 17.2 5.8 21l1.6-7L2 9.2l7.1-.6z')
  svg.append(path)
  const text = document.createElement('span')
  const badge = document.createElement('b')
  badge.hidden = true
  button.append(svg, text, badge)
  const set = (t: string, b: string, name: string) => {
    text.textContent = t
    badge.textContent = b
    badge.hidden = !b
    if (name != t) button.setAttribute('aria-label', name)
    else button.removeAttribute('aria-label')
  }
  set(label, '', label)
  for (const type of ['pointerenter', 'focus', 'click']) button.addEventListener(type, onIntent)
  root.append(button)
  return {
    button,
    setExpanded: (open) => button.setAttribute('aria-expanded', String(open)),
    setBusy: (busy) => button.setAttribute('aria-busy', String(busy)),
    setLabel: set,
    remove: () => button.remove(),
  }
}
