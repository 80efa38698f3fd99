/** The inline elements' tags. */
// Written as one string: fewer bytes in the 4 KB facade than five literals.
export const INLINE_TAGS = 'signup points referral balance offers'.split(' ').map((name) => 'loyalkit-' + name)

/** The page's address asks for a view of the panel (`?loyalkit=rewards`). */
export const deepLinked = (): boolean => /[?&]loyalkit=/.test(location.href)

/** The page wants the UI already: a deep link in its address, or an inline element in it. */
export const wantedNow = (): boolean => deepLinked() || !!document.querySelector(INLINE_TAGS.join())

/**
 * Besides the launcher, what asks for the UI before it runs: an inline element joining the page,
 * then or later (the facade defines the tags as stand-ins, which the views take over when they
 * arrive), and a deep link reached by an SPA route change (seen through the Navigation API;
 * without it, the next intent brings the UI, which then follows the address itself).
 * Returns what stops it.
 */
export function watchIntent(want: () => void): () => void {
  for (const tag of INLINE_TAGS) {
    customElements.get(tag) ||
      customElements.define(
        tag,
        class extends HTMLElement {
          // Until the views take the element over (they give it `c`), joining the page asks for the UI.
          // (A definition's callbacks are read once, when it is defined: so they hand over to `c`.)
          declare c?: (connected: boolean) => void
          connectedCallback() {
            this.c ? this.c(true) : want()
          }
          disconnectedCallback() {
            this.c?.(false)
          }
        },
      )
  }
  // What stops watching the address (the element stand-ins stay: a definition cannot be taken back).
  return watchDeepLinks(want)
}

/** A deep link reached by an SPA route change (seen through the Navigation API) asks for the UI; returns what stops it. */
export function watchDeepLinks(want: () => void): () => void {
  const nav = (window as { navigation?: EventTarget }).navigation
  const onRoute = () => deepLinked() && want()
  nav?.addEventListener('currententrychange', onRoute)
  return () => nav?.removeEventListener('currententrychange', onRoute)
}
