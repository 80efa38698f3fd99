/**
 * `npm start` (after the build): the Trailpack demo store on http://localhost:8787/
 * with the reference server in demo mode behind it. Settings: PORT, HOST (loopback
 * only), DATA_DIR, DATABASE_URL, LOYALKIT_PROGRAM, LOYALKIT_SECRET, … (server/README.md).
 */
import { ConfigError } from '../server/src/config.ts'
import { DataDirLockedError } from '../server/src/db/lock.ts'
import { ProgramError } from '../server/src/program/program.ts'
import { closeOnSignals } from '../server/src/start.ts'
import { startDemo } from './start.ts'

const env = process.env
try {
  const server = await startDemo({ campaignAroundNow: true }, { LOYALKIT_LOG_LEVEL: 'warn', ...env })
  if (!env.LOYALKIT_SECRET) {
    console.error(
      'Demo mode: customer tokens are signed with the PUBLIC development secret, /_demo mints them, and the store API key and console password below are public too. Loopback only; never for real data.',
    )
  }
  console.log(`Trailpack demo store: http://localhost:${server.port}/`)
  console.log(`Loyalty API: ${server.url}/v1 (${server.db.kind == 'postgres' ? 'PostgreSQL' : `PGlite in ${env.DATA_DIR || '.data/'}`})`)
  console.log(`Store API key (demo only): ${server.deps.config.apiKey}`)
  console.log(`Merchant console: http://localhost:${server.port}/admin (password: ${server.deps.config.adminPassword})`)
  closeOnSignals(server, (signal) => console.log(`${signal}: closing the server…`))
} catch (error) {
  if (error instanceof ConfigError || error instanceof ProgramError || error instanceof DataDirLockedError) console.error(error.message)
  else if ((error as NodeJS.ErrnoException).code == 'EADDRINUSE') console.error(`Port ${env.PORT || 8787} is in use: set PORT to another one.`)
  else console.error(error)
  process.exit(error instanceof ConfigError ? 2 : 1)
}
