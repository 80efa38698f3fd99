/**
 * The host's CSS, drawn by the facade. `all: initial !important` inside a
 * shadow tree beats any `!important` of the page (cascade contexts), so
 * `* { all: unset !important }`, `html { font-size: 62.5% }` or a stray
 * `opacity: 0` cannot reach the widget; only what differs from initial is set.
 * Only what the launcher needs lives here; the panel's colours come with the UI.
 */
const dark = '--p:var(--loyalkit-color-primary,#7cb8ff);--op:var(--loyalkit-color-on-primary,#0b1624)'

export const HOST_CSS =
  // Fixed position blockifies `display`; `all: initial` already made `inset` auto.
  ':host{all:initial!important;position:fixed!important;z-index:var(--loyalkit-z-index,2147483000)!important;' +
  'inset-block-end:var(--o)!important;inset-inline-end:var(--o)!important;' +
  '--o:var(--loyalkit-launcher-offset,20px);--p:var(--loyalkit-color-primary,#0b5cad);--op:var(--loyalkit-color-on-primary,#fff);' +
  // No font here: the launcher and the panel each set theirs from --f.
  '--f:var(--loyalkit-font-family,system-ui,sans-serif)}' +
  ':host([data-position=bottom-left]){inset-inline-end:auto!important;inset-inline-start:var(--o)!important}' +
  `:host([data-theme=dark]){${dark}}@media (prefers-color-scheme:dark){:host([data-theme=auto]){${dark}}}`
