/**
 * `loyalkit-ui.js`: the full UI, loaded by the facade with SRI. It adds no
 * global: it hands its mount function to the facade through `window.loyalkit`.
 */
import { mountWidget } from '../ui/mount.tsx'

;(window as unknown as { loyalkit?: { __ui?: (m: typeof mountWidget) => void } }).loyalkit?.__ui?.(mountWidget)
