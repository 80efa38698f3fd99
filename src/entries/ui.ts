/**
 * `loyalkit-ui.js`: the full UI, loaded by the facade with SRI. It adds no
 * global: it hands its mount function to the facade through `window.loyalkit`.
 * Locale packs load through the facade's loader, checked against hashes baked
 * in here (this file is itself SRI-checked, so the chain of trust holds).
 */
import type { Messages } from '../i18n/locales/en.ts'
import { mountWidget, type MountContext } from '../ui/mount.tsx'

declare const __LOCALE_INTEGRITY__: Record<string, string>

/** What the facade passes: the mount context less the locale loader, plus its script loader. */
export type FacadeContext = Omit<MountContext, 'loadLocale'> & {
  load(path: string, integrity: string): Promise<void>
}

type Hooks = { __ui?(mount: (ctx: FacadeContext) => ReturnType<typeof mountWidget>): void; __locale?(tag: string, m: Messages): void }

const lk = (window as unknown as { loyalkit?: Hooks }).loyalkit
const packs: Record<string, Messages> = {}
if (lk) {
  lk.__locale = (tag, m) => (packs[tag] = m)
  lk.__ui?.((ctx) =>
    mountWidget({
      ...ctx,
      loadLocale: async (tag) => {
        await ctx.load(`locales/${tag}.js`, __LOCALE_INTEGRITY__[tag] ?? '')
        return packs[tag] ?? Promise.reject()
      },
    }))
}
