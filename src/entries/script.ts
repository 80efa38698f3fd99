/**
 * `loyalkit.js`, the script-tag facade (≤ 4 KB gzip; docs/budgets.md). It wires three things: the
 * `data-*` config of its own tag, the command queue (`window.loyalkit`, replaying what the page's
 * stub queued), and the commands (embed/facade.ts), whose widget fetches the UI while the page is
 * idle and runs it on the shopper's first sign of intent. Nothing here may throw into the host page.
 */
import type { LoyaltyOptions } from '../core/config.ts'
import { createCommandQueue, type CommandQueue } from '../embed/command-queue.ts'
import { COMMANDS, createFacade, handOver } from '../embed/facade.ts'
import type { LoyalkitHooks } from '../embed/hooks.ts'

/** The page's stub queue (`q`), the commands as methods, and the hooks the other files use. */
type Global = CommandQueue & LoyalkitHooks & { q?: Iterable<unknown>[] }

;(() => {
  const script = document.currentScript as HTMLScriptElement | null
  // A copy of the data-* config, read now: the customer token then leaves the DOM (even a second copy's
  // tag), so other scripts on the page, or a DOM dump, cannot read it later.
  const d = { ...script?.dataset }
  delete script?.dataset.customerToken
  const w = window as unknown as { loyalkit?: Global }
  const previous = w.loyalkit
  // `__ui` is set by a facade only: a second copy of loyalkit.js steps aside.
  if (previous?.__ui) {
    console.warn('loyalkit: loyalkit.js loaded twice; ignoring the second copy.')
    return
  }
  const loyalkit = createCommandQueue(createFacade(script?.src || location.href), COMMANDS) as Global
  loyalkit.__ui = handOver
  w.loyalkit = loyalkit

  // The data-* config first, then what the page queued before we loaded (each call's `arguments`, or an
  // array). A tag with neither data-endpoint nor data-program waits for init, queued or called later.
  if (d.endpoint || d.program) {
    // data-endpoint, -program, -locale and -theme are the options of the same names; the rest take their shape
    // here. Errors name the attributes (data-endpoint), not the options.
    loyalkit(
      'init',
      {
        ...(d as unknown as LoyaltyOptions),
        launcher: { position: (d.launcher || undefined) as 'none', label: d.launcherLabel },
        customer: d.customerToken ? { token: d.customerToken } : undefined,
        nonce: d.nonce || script?.nonce,
      },
      (o: string) => 'data-' + o.replace('.', '-'),
    )
  }
  for (const [name, ...args] of (previous?.q ?? []) as [string, ...unknown[]][]) loyalkit(name, ...args)
})()
