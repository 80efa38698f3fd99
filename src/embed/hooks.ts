/**
 * How the script-tag files find one another without a second global: each hands what it
 * has over through properties of the facade's `window.loyalkit`. Types only: the files
 * read and write these properties directly, so this costs no bytes.
 */
import type { EntryContext, LocalePack, Widget } from '../ui/mount.tsx'
import type { ViewComponents } from '../ui/context.ts'

/** What the facade passes to the UI's mount: the mount context less the lazy loaders, plus its script loader. */
export type FacadeContext = EntryContext & {
  load(path: string, integrity: string): Promise<void>
}

export interface LoyalkitHooks {
  /**
   * Set by loyalkit.js, called by loyalkit-ui.js once it has run: hands over its mount function. Being
   * there also says the facade is (a second copy of loyalkit.js steps aside).
   */
  __ui?(mount: (ctx: FacadeContext) => Promise<Widget>): void
  /** Set by loyalkit-ui.js, called by each locale pack file. */
  __locale?(tag: string, pack: LocalePack): void
  /** Set by loyalkit-ui.js, called by loyalkit-views.js. */
  __views?(views: ViewComponents): void
  /** Set by loyalkit-ui.js: the module bindings loyalkit-views.js shares with it (one Preact, one context). */
  __s?: Record<string, unknown>
}

/** `window.loyalkit` as the script-tag files see it. */
export type HookedWindow = { loyalkit?: LoyalkitHooks }
