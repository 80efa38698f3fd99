/**
 * The widgets under test and the page variants they are measured on. What the
 * benchmark knows of a widget's DOM and public API (launcher, panel,
 * "interactive", open/close, destroy/create) lives page-side, in
 * bench/probe.js; here: display names, the files that belong to each widget
 * (for attributing bytes and long tasks), and how a peer is embedded.
 */

export type WidgetId = 'loyalkit' | 'typebot' | 'n8n'

export interface WidgetSpec {
  name: string
  /** The name in a ratio's column heading ("Typebot ÷ Loyalkit"). */
  short: string
  /** URL path prefixes (on the store site) of the widget's own files and local API stub. */
  files: string[]
  /** Its embed is an ES module graph: the trace gives module evaluation no URL, so a module-graph task counts as the widget's. */
  module?: boolean
  peer?: PeerSpec
}

/** A peer widget installed from npm, its built files served by the bench's site at /peer/<id>/. */
export interface PeerSpec {
  /** The npm package, and the folder of it that is served. */
  package: string
  dist: string
  /** The embed: a module script in bench/, as the peer documents it. */
  init: string
  /** Stylesheets the embed links in <head>, as the peer documents it (paths on the site). */
  stylesheets: string[]
  /**
   * Trusted Types policies the peer's own code creates (named in its bundle). Under the strict CSP
   * they are allowed by name, as Loyalkit's own policy is on its page: the peer meets the same rules, not stricter ones.
   */
  trustedTypes: string[]
}

export const WIDGETS: Record<WidgetId, WidgetSpec> = {
  loyalkit: { name: 'Loyalkit', short: 'Loyalkit', files: ['/dist/'] },
  typebot: {
    name: 'Typebot bubble',
    short: 'Typebot',
    files: ['/peer/typebot/', '/typebot-init.js', '/api/'],
    module: true,
    peer: { package: '@typebot.io/js', dist: 'dist', init: 'typebot-init.js', stylesheets: [], trustedTypes: ['dompurify'] },
  },
  n8n: {
    name: 'n8n Chat',
    short: 'n8n',
    files: ['/peer/n8n/', '/n8n-init.js', '/webhook/'],
    module: true,
    peer: { package: '@n8n/chat', dist: 'dist', init: 'n8n-init.js', stylesheets: ['/peer/n8n/style.css'], trustedTypes: ['vue'] },
  },
}

export const PEERS = (Object.keys(WIDGETS) as WidgetId[]).filter((id) => WIDGETS[id].peer)

/**
 * The store page with no widget, with Loyalkit, and with each peer, without a CSP
 * and under the strict CSP of the Loyalkit page (the "-csp" variants) when it can run there;
 * and a plain page (a heading and a paragraph) with no widget and with Loyalkit, where nothing
 * of the page's own competes with the widget for the main thread.
 */
export type Variant = 'bare' | 'loyalkit' | 'typebot' | 'typebot-csp' | 'n8n' | 'n8n-csp' | 'plain' | 'loyalkit-plain'

export interface VariantSpec {
  widget: WidgetId | null
  /** Served with the store's strict CSP (nonce, Trusted Types). */
  csp: boolean
  page: 'store' | 'plain'
}

export const VARIANT_SPECS: Record<Variant, VariantSpec> = {
  bare: { widget: null, csp: true, page: 'store' },
  loyalkit: { widget: 'loyalkit', csp: true, page: 'store' },
  typebot: { widget: 'typebot', csp: false, page: 'store' },
  'typebot-csp': { widget: 'typebot', csp: true, page: 'store' },
  n8n: { widget: 'n8n', csp: false, page: 'store' },
  'n8n-csp': { widget: 'n8n', csp: true, page: 'store' },
  plain: { widget: null, csp: true, page: 'plain' },
  'loyalkit-plain': { widget: 'loyalkit', csp: true, page: 'plain' },
}

export const VARIANTS = Object.keys(VARIANT_SPECS) as Variant[]

/** The widget on a variant's page, if any. */
export const widgetOf = (v: Variant): WidgetSpec | undefined => {
  const id = VARIANT_SPECS[v].widget
  return id ? WIDGETS[id] : undefined
}

/** The same page with no widget: what a variant's deltas are taken against. */
export const baselineOf = (v: Variant): Variant => (VARIANT_SPECS[v].page == 'plain' ? 'plain' : 'bare')

/** Peer variants under the strict CSP: measured only if the peer runs there (see csp-check.ts). */
export const isPeerUnderCsp = (v: Variant) => VARIANT_SPECS[v].csp && !!widgetOf(v)?.peer

/** Column heading of a variant in the report. */
export function variantLabel(v: Variant): string {
  if (v == 'bare') return 'Bare page'
  if (v == 'plain') return 'Plain page'
  const w = widgetOf(v)!
  if (!w.peer) return VARIANT_SPECS[v].page == 'plain' ? `${w.name} (plain page)` : w.name
  return VARIANT_SPECS[v].csp ? `${w.name} (peer, strict CSP)` : `${w.name} (peer)`
}

/** Heading of a peer variant's ratio column. */
export const ratioLabel = (v: Variant) => `${widgetOf(v)!.short}${VARIANT_SPECS[v].csp ? ' (strict CSP)' : ''} ÷ Loyalkit`
