/**
 * The npm entry as a new user meets it: a Vite app whose only Loyalkit code is
 * `import { createLoyalty } from 'loyalkit'`, called on a click. The UI must come as chunks loaded
 * later; the app's own (main) chunk grows by the launcher, the config check and the `state` signals
 * (docs/budgets.md, "npm main chunk": why that is 5.5 KB and not less).
 */
import { afterAll, expect, it } from 'vitest'
import { buildViteApp, type ViteApp } from '../vite-app.ts'

const MAIN_CHUNK_GROWTH = 5.5 * 1024
const apps: ViteApp[] = []
afterAll(() => apps.forEach((a) => a.remove()))

it('import { createLoyalty } from "loyalkit" adds at most 5.5 KB gzip to the app’s main chunk; the UI loads as its own chunks', async () => {
  const bare = await buildViteApp('', "console.log('clicked')")
  const app = await buildViteApp(
    "import { createLoyalty } from 'loyalkit'",
    "createLoyalty({ endpoint: 'https://loyalty.example.com/v1', program: 'pk_demo_trailpack' })",
  )
  apps.push(bare, app)
  const growth = app.main - bare.main
  console.log(`[vite app] main chunk +${growth} B gzip (budget ${MAIN_CHUNK_GROWTH}); lazy chunks ${app.lazy.join(', ')} B gzip`)
  expect(growth).toBeLessThanOrEqual(MAIN_CHUNK_GROWTH)
  // The panel (Preact, the client, home and sign-up) is in a chunk of its own, not inlined away.
  expect(Math.max(...app.lazy)).toBeGreaterThan(15 * 1024)
}, 60_000)
