/**
 * The widgets under test. What the benchmark knows of their DOM and public API
 * (launcher, panel, "interactive", open/close, destroy/create) lives page-side,
 * in bench/probe.js; here: display names and the files that belong to each
 * widget, for attributing bytes and long tasks.
 */
import type { Variant } from './server.ts'

export interface WidgetSpec {
  name: string
  /** URL path prefixes (on the store site) of the widget's own files. */
  files: string[]
}

export const WIDGETS: Partial<Record<Variant, WidgetSpec>> = {
  loyalkit: { name: 'Loyalkit', files: ['/dist/'] },
  typebot: { name: 'Typebot bubble', files: ['/peer/typebot/', '/typebot-init.js', '/api/'] },
}
