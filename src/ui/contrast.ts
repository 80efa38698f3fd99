/**
 * Keep the brand colour readable: if text on `--loyalkit-color-primary` would
 * fall below WCAG's 4.5:1, shift the primary towards black or white until it
 * passes, and say so. Colours are read back from the browser, so any CSS colour
 * syntax works, from the page's variables or from `theme` options.
 */
export type RGB = [number, number, number]

const rgb = (probe: HTMLElement, css: string): RGB => {
  probe.style.color = css
  return (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number) as RGB
}
const lum = (c: RGB) => {
  const [r, g, b] = c.map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
export const ratio = (a: RGB, b: RGB) => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p)
  return (x! + 0.05) / (y! + 0.05)
}
export const hex = (c: RGB) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')

/**
 * The primary colour, shifted towards black or white (away from the text colour) in 5 % steps until
 * text in `on` reads on it at 4.5:1; null when it already does. The merchant console's snippet uses
 * the same rule, so a pasted snippet is readable from the first paint.
 */
export function readablePrimary(primary: RGB, on: RGB): RGB | null {
  const ok = (c: RGB) => ratio(c, on) >= 4.5
  if (ok(primary)) return null
  const target = lum(on) > 0.5 ? 0 : 255
  let c = primary
  for (let step = 0.05; step <= 1 && !ok(c); step += 0.05) c = primary.map((v) => v + (target - v) * step) as RGB
  return c
}

/** Whether the colours could be read: not while the page has taken the widget out of the document. */
export function fixContrast(host: HTMLElement, root: ShadowRoot): boolean {
  host.style.removeProperty('--p')
  const probe = document.createElement('i')
  root.append(probe)
  const primary = rgb(probe, 'var(--p)')
  const on = rgb(probe, 'var(--op)')
  probe.remove()
  if (primary.length < 3 || on.length < 3) return false
  const c = readablePrimary(primary, on)
  if (!c) return true
  host.style.setProperty('--p', hex(c))
  console.warn(`loyalkit: the primary colour ${hex(primary)} fails 4.5:1 contrast with its text; using ${hex(c)} instead.`)
  return true
}
