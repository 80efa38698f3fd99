/**
 * The npm entry's UI, a chunk of its own that `createLoyalty` imports on intent. The secondary views
 * are a further chunk, imported when they are needed; the locale packs come through the launcher's
 * chunk (npm-launcher.ts), which asks for the shopper's beside this one.
 */
import { type MountContext, mountWidget, type Widget } from '../ui/mount.tsx'

export const mount = (ctx: Omit<MountContext, 'loadViews'>): Widget =>
  mountWidget({
    ...ctx,
    loadViews: async () => (await import('../ui/views/index.ts')).default,
  })
