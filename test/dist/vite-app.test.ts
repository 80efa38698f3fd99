/**
 * The npm entry as a new user meets it: a Vite app whose only Loyalkit code is
 * `import { createLoyalty } from 'loyalkit'`, called on a click. The launcher and the UI must come as
 * chunks loaded later; the app's own (main) chunk grows by the config check, the commands and the
 * `state` signals (docs/budgets.md, "npm main chunk").
 */
import { afterAll, expect, it } from 'vitest'
import { buildViteApp, type ViteApp } from '../vite-app.ts'

const MAIN_CHUNK_GROWTH = 5 * 1024
const apps: ViteApp[] = []
afterAll(() => apps.forEach((a) => a.remove()))

it('import { createLoyalty } from "loyalkit" adds at most 5 KB gzip to the app’s main chunk; the launcher and the UI load as their own chunks', async () => {
  const bare = await buildViteApp('', "console.log('clicked')")
  const app = await buildViteApp(
    "import { createLoyalty } from 'loyalkit'",
    "createLoyalty({ endpoint: 'https://loyalty.example.com/v1', program: 'pk_demo_trailpack' })",
  )
  apps.push(bare, app)
  const growth = app.main - bare.main
  console.log(`[vite app] main chunk +${growth} B gzip (budget ${MAIN_CHUNK_GROWTH}); lazy chunks ${app.lazy.join(', ')} B gzip`)
  expect(growth).toBeLessThanOrEqual(MAIN_CHUNK_GROWTH)
  // The panel (Preact, the client, home and sign-up) is in a chunk of its own, not inlined away; the
  // launcher in a small one (with the way to the locale packs' chunks: their eleven names).
  expect(Math.max(...app.lazy)).toBeGreaterThan(15 * 1024)
  const launcher = Object.entries(app.lazyByName).filter(([name]) => /^assets\/npm-launcher-/.test(name))
  expect(launcher).toHaveLength(1)
  expect(launcher[0]![1]).toBeLessThan(2 * 1024)
}, 60_000)

it('in an app that already loads a route lazily, import { createLoyalty } from "loyalkit" adds at most 4 KB gzip to its main chunk', async () => {
  // Such an app carries Vite's preload helper already (Vite wraps every dynamic import with it): what is
  // left is Loyalkit's own, the config check, the commands and the `state` signals.
  const route = { 'route.js': "export const show = () => (document.querySelector('h1').textContent = 'Route')\n" }
  const routeClick = "import('./route.js').then((r) => r.show())"
  const bare = await buildViteApp('', routeClick, route)
  const app = await buildViteApp(
    "import { createLoyalty } from 'loyalkit'",
    `${routeClick}; createLoyalty({ endpoint: 'https://loyalty.example.com/v1', program: 'pk_demo_trailpack' })`,
    route,
  )
  apps.push(bare, app)
  const growth = app.main - bare.main
  console.log(`[vite app with a lazy route] main chunk +${growth} B gzip (budget ${4 * 1024})`)
  expect(bare.lazy).toHaveLength(1)
  expect(growth).toBeLessThanOrEqual(4 * 1024)
}, 60_000)
