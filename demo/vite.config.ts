/**
 * `npm run dev`: the demo store through Vite's dev server, with the reference
 * loyalty server in demo mode (API, demo routes, dist/) running beside it as
 * `tsx demo/main.ts` (tsx resolves `loyalkit/contract` through tsconfig's paths).
 * The widget itself is the built bundle: `rollup -c --watch` keeps dist/ fresh.
 */
import { spawn } from 'node:child_process'
import { defineConfig, type Plugin } from 'vite'

const API_PORT = Number(process.env.API_PORT || 8788)
const DEV_PORT = 5173

function loyaltyServer(): Plugin {
  return {
    name: 'loyalkit-reference-server',
    configureServer(server) {
      const rollup = spawn('npx', ['rollup', '-c', 'rollup.config.ts', '--configPlugin', 'esbuild', '--watch'], { stdio: 'inherit' })
      const api = spawn('node_modules/.bin/tsx', ['demo/main.ts'], {
        stdio: 'inherit',
        env: { ...process.env, PORT: String(API_PORT), LOYALKIT_ALLOWED_ORIGINS: `http://localhost:${server.config.server.port ?? DEV_PORT}` },
      })
      server.httpServer?.on('close', () => {
        rollup.kill()
        api.kill('SIGTERM')
      })
    },
  }
}

export default defineConfig({
  root: 'demo/store',
  plugins: [loyaltyServer()],
  server: {
    port: DEV_PORT,
    // The store page is rendered by the reference server (CSP nonce, SRI hash), so Vite proxies it too.
    proxy: Object.fromEntries(['^/$', '/v1', '/_demo', '/dist'].map((p) => [p, { target: `http://127.0.0.1:${API_PORT}`, changeOrigin: false }])),
  },
})
