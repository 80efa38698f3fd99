/**
 * Copy text: the async Clipboard API, else a selected textarea (older or non-secure contexts), put
 * beside the button that asked (inside the modal panel: anywhere else the dialog makes it inert and
 * nothing is copied), then focus back on that button.
 */
export async function copyText(text: string, button: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.className = 'sr'
    button.after(area)
    area.select()
    let ok = false
    try {
      ok = document.execCommand('copy')
    } catch {}
    area.remove()
    button.focus()
    return ok
  }
}
