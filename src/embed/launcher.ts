export const LAUNCHER_CSS =
  '.l{display:inline-flex;align-items:center;gap:8px;min-height:48px;padding:0 18px;border:0;' +
  'border-radius:999px;background:var(--p);color:var(--op);font:600 .9375em/1.2 var(--f);cursor:pointer;' +
  'box-shadow:0 4px 14px #0003}' +
  '.l:focus-visible{outline:3px solid var(--p);outline-offset:3px}' +
  // The star is the font's (U+2605): no SVG to build in the 4 KB facade, whose bytes go to the labels of
  // twelve languages. Its alternative text is empty, so screen readers say only the label; browsers
  // without CSS alt text (Firefox before 128, Safari before 17.4) use the first declaration and say
  // "star" before it until the UI names the button.
  '.l:before{content:"\\2605";content:"\\2605"/"";font-size:1.2em;line-height:1}' +
  // The launcher while a click waits for the UI (draw.ts), and the panel's loading placeholders.
  '[aria-busy]{cursor:progress}'

export interface Launcher {
  button: HTMLButtonElement
  /** The visible label; the UI puts the member's balance beside it. */
  text: HTMLSpanElement
}

/**
 * The launcher is plain DOM (its CSS, LAUNCHER_CSS, is part of the host's sheet)
 * so the facade can draw it before the UI loads: a disclosure button
 * (`aria-expanded`, APG disclosure pattern) with a star and a label. The UI
 * keeps `aria-expanded` and adds the balance for members.
 */
export function createLauncher(root: ShadowRoot, label: string, onIntent: (event: Event) => void): Launcher {
  // No `type`: in a shadow root no form can own the button, so its default (submit) submits nothing.
  const button = document.createElement('button')
  button.className = 'l'
  button.part = 'launcher'
  button.setAttribute('aria-expanded', 'false')
  const text = document.createElement('span')
  text.textContent = label
  button.append(text)
  for (const type of ['pointerenter', 'focus', 'click']) button.addEventListener(type, onIntent)
  root.append(button)
  return { button, text }
}
