/**
 * The merchant console: Preact through esbuild's JSX, built into server/admin/dist,
 * which the reference server serves at /admin (`npm run build:admin`).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // One small script and one stylesheet; no inline modulepreload polyfill needed on evergreen browsers.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
})
