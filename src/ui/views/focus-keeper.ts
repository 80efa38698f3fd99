import type { Ui } from '../context.ts'

/**
 * While the panel is open, focus never falls to the page because what had it was drawn away: a retry that
 * worked takes its note and button with it, a history's last page takes "Load more". It goes to the
 * panel's title, which says where the shopper is. Views that know a better place (the claimed rule's
 * "done") focus it themselves in the task after their change (focusSoon); this looks 50 ms after the
 * change, so it never comes first and then gives way (a screen reader would say both).
 */
export function keepFocusInPanel(ui: Ui): () => void {
  const check = () => {
    const d = ui.dialog.current
    if (d?.open && !ui.root.activeElement) ui.root.getElementById('lk-title')?.focus()
  }
  const observer = new MutationObserver(() => setTimeout(check, 50))
  if (ui.dialog.current) observer.observe(ui.dialog.current, { childList: true, subtree: true })
  return () => observer.disconnect()
}
