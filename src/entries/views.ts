/**
 * `loyalkit-views.js`: the secondary views for the script tag. Built with Preact,
 * the signals and the UI context external: they are the UI bundle's own copies,
 * handed over through `window.loyalkit.__s` (see rollup.config.ts), so hooks and
 * context work across the two files.
 */
import views, { type ViewComponents } from '../ui/views/index.ts'

;(window as unknown as { loyalkit?: { __views?: (v: ViewComponents) => void } }).loyalkit?.__views?.(views)
