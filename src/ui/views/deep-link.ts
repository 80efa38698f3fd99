import type { LoyaltyError } from '../../core/errors.ts'
import { deepLinked } from '../../embed/intent.ts'
import type { View } from '../../core/events.ts'
import type { Ui } from '../context.ts'

/**
 * Deep links: `?loyalkit=rewards` in the page's address opens the panel on that view, when the
 * widget comes up and on every SPA route change after. Here with the views it names, not on the
 * first open's path; these arrive once the program has loaded (or failed to: the panel shows it).
 * Returns what stops following the address.
 */
export function followDeepLinks(ui: Ui): () => void {
  const follow = (href: string) => {
    const view = new URL(href).searchParams.get('loyalkit')
    if (!view) return
    // An unknown view: one clear error, said as the commands say theirs, nothing thrown into the page.
    ui.open(view as View).catch((e: LoyaltyError) => {
      const { code, message, operation } = e
      console.error(message)
      ui.emit('error', { code, message, operation })
    })
  }
  // The page may have moved on (an SPA route) while the UI loaded: the newest link wins. Unless the panel
  // is open already: the shopper, or a command, got there first (the views arrive after its first frame).
  if (!ui.isOpen.value) follow(deepLinked() ? location.href : ui.pageUrl)
  // SPA route changes: the Navigation API sees pushState too; popstate where it is missing. History is never patched.
  const nav = (window as { navigation?: EventTarget }).navigation
  const onRoute = () => follow(location.href)
  const [routes, type] = nav ? [nav, 'currententrychange'] : [window, 'popstate']
  routes.addEventListener(type, onRoute)
  return () => routes.removeEventListener(type, onRoute)
}
