/**
 * `npm run dev`: the demo store through Vite's dev server, with the reference
 * loyalty server (API, demo routes, dist/) running in the same process behind it.
 * The widget itself is the built bundle: `rollup -c --watch` keeps dist/ fresh.
 */
import { spawn } from 'node:child_process'
import { defineConfig, type Plugin } from 'vite'
import { startDemo } from './start.ts'

const API_PORT = Number(process.env.API_PORT || 8788)

function loyaltyServer(): Plugin {
  return {
    name: 'loyalkit-reference-server',
    async configureServer(server) {
      const rollup = spawn('npx', ['rollup', '-c', 'rollup.config.ts', '--configPlugin', 'esbuild', '--watch'], { stdio: 'inherit' })
      const api = await startDemo({ port: API_PORT, allowedOrigins: [`http://localhost:${server.config.server.port ?? 5173}`] })
      server.httpServer?.on('close', () => {
        rollup.kill()
        api.close()
      })
    },
  }
}

export default defineConfig({
  root: 'demo/store',
  plugins: [loyaltyServer()],
  server: {
    port: 5173,
    // The store page is rendered by the reference server (CSP nonce, SRI hash), so Vite proxies it too.
    proxy: Object.fromEntries(['^/$', '/v1', '/_demo', '/dist'].map((p) => [p, { target: `http://127.0.0.1:${API_PORT}`, changeOrigin: false }])),
  },
})
