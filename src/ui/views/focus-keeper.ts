import type { Ui } from '../context.ts'

/**
 * While the panel is open, focus never falls to the page because what had it was drawn away: a retry that
 * worked takes its note and button with it, a history's last page takes "Load more". It goes to the
 * panel's title, which says where the shopper is. Only focus lost that way: nothing is done when focus
 * was never in the panel, or left it for something that takes no focus (a click on plain text).
 * Views that know a better place (the claimed rule's "done") focus it themselves in the task after
 * their change (focusSoon); this looks 50 ms after the latest change, so it never comes first and then
 * gives way (a screen reader would say both): a look due from an earlier change (the claim's button
 * going busy) would otherwise fall between a late answer's drawing and its focusSoon.
 */
export function keepFocusInPanel(ui: Ui): () => void {
  const d = ui.dialog.current
  if (!d) return () => {}
  let had: Element | null = null
  let look: ReturnType<typeof setTimeout> | undefined
  const seen = (e: FocusEvent) => void (had = e.target as Element)
  const check = () => {
    if (d.isConnected && d.open && had && !had.isConnected && !ui.root.activeElement) ui.root.getElementById('lk-title')?.focus()
  }
  const observer = new MutationObserver(() => {
    clearTimeout(look)
    look = setTimeout(check, 50)
  })
  observer.observe(d, { childList: true, subtree: true })
  d.addEventListener('focusin', seen)
  return () => {
    // A look still waiting when the widget goes (destroy) is not taken.
    clearTimeout(look)
    observer.disconnect()
    d.removeEventListener('focusin', seen)
  }
}
