/**
 * What asks the npm widget for its UI before it runs, as with the script tag (whose facade has stand-in
 * elements of its own, intent.ts): a deep link, then or by an SPA route change (seen through the
 * Navigation API), and an inline element of `loyalkit/elements`, on the page then or joining it later.
 */
import { wantedNow, watchDeepLinks } from './intent.ts'

let answer: (() => void) | null = null

/** An inline element joined the page before any widget was drawn in it. */
export const demandUi = () => answer?.()

/** `load` is called on each such demand (it loads the UI once); returns what stops that. */
export function answerUiDemand(load: () => void): () => void {
  answer = load
  const unwatch = watchDeepLinks(load)
  if (wantedNow()) load()
  return () => {
    if (answer == load) answer = null
    unwatch()
  }
}
