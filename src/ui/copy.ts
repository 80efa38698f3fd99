/** Copy text: the async Clipboard API, else a selected off-screen textarea (older or non-secure contexts). */
export async function copyText(text: string, root: ShadowRoot | Document): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.className = 'sr'
    ;(root instanceof Document ? root.body : root).append(area)
    area.select()
    let ok = false
    try {
      ok = document.execCommand('copy')
    } catch {}
    area.remove()
    return ok
  }
}
