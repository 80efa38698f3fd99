import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Projects: DOM components and core (unit), the reference server and conformance
// (server), checks of the built files (dist), and real-browser tests that drive
// Chromium against the reference server (dist and browser need `npm run build`).
export default defineConfig({
  // The server imports the contract as `loyalkit/contract` (tsconfig paths; tsx reads them too).
  resolve: { alias: { 'loyalkit/contract': fileURLToPath(new URL('./src/entries/contract.ts', import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dist',
          environment: 'node',
          include: ['test/dist/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
