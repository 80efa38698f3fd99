import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Projects: DOM components and core (unit), the reference server and conformance
// (server on PGlite, server-pg on PostgreSQL), checks of the built files (dist), and real-browser tests that drive
// Chromium against the reference server (dist and browser need `npm run build`).
export default defineConfig({
  // The server imports the contract as `loyalkit/contract` (tsconfig paths; tsx reads them too).
  resolve: { alias: { 'loyalkit/contract': fileURLToPath(new URL('./src/entries/contract.ts', import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        // What the build bakes into the script-tag facade (rollup.config.ts), for tests of its source.
        define: { __UI_FILE__: JSON.stringify('loyalkit-ui.js'), __UI_INTEGRITY__: JSON.stringify('') },
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/unit/setup.ts'],
          // Above the 5 s a `findBy…` may wait (setup.ts), so a missing element fails as itself.
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          exclude: ['test/server/**/*.postgres.test.ts'],
          env: { LOYALKIT_TEST_BACKEND: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The server suite again on PostgreSQL (DATABASE_URL, which npm test starts, or a
        // throwaway cluster per file), plus what needs several servers on one database.
        // Files that never touch a database run once, in `server`.
        extends: true,
        test: {
          name: 'server-pg',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          exclude: ['test/server/runner.test.ts', 'test/server/openapi.test.ts', 'test/server/production.test.ts', 'test/server/fault-checks.test.ts'],
          env: { LOYALKIT_TEST_BACKEND: 'postgres' },
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
          // A poll here waits for a page, a server and sometimes a fresh computation on a busy machine:
          // vitest's 1 s default failed such waits that were only slow.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
})
