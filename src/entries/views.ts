/**
 * `loyalkit-views.js`: the secondary views for the script tag. Built with Preact,
 * the signals and the UI context external: they are the UI bundle's own copies,
 * handed over through `window.loyalkit.__s` (see rollup.config.ts), so hooks and
 * context work across the two files.
 */
import views from '../ui/views/index.ts'
import type { HookedWindow } from '../embed/hooks.ts'

/** SRI hashes of the locale packs' views halves (`locales/<tag>.views.js`), which load with these views. */
declare const __LOCALE_VIEWS_INTEGRITY__: Record<string, string>

;(window as unknown as HookedWindow).loyalkit?.__views?.({ ...views, packs: __LOCALE_VIEWS_INTEGRITY__ })
