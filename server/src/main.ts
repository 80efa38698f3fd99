/**
 * `loyalkit-server` (npm run server): the production server. Settings come from
 * the environment (server/README.md); anything unsafe or invalid stops it with
 * one line on stderr and exit code 2.
 */
import { ConfigError, loadConfig } from './config.ts'
import { DataDirLockedError } from './db/lock.ts'
import { ProgramError } from './program/program.ts'
import { closeOnSignals, startServer } from './start.ts'

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env, 'production')
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`loyalkit-server: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer(config)
  } catch (error) {
    if (error instanceof ProgramError || error instanceof DataDirLockedError) console.error(`loyalkit-server: ${error.message}`)
    else if ((error as NodeJS.ErrnoException).code == 'EADDRINUSE') console.error(`loyalkit-server: port ${config.port} is in use: set PORT to another one.`)
    else console.error('loyalkit-server: could not start:', error)
    process.exit(error instanceof ProgramError ? 2 : 1)
  }
  closeOnSignals(server, (signal) => server.deps.log.info({ signal }, 'shutting down'))
}

await main()
