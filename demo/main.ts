/**
 * CLI of the reference server: `tsx demo/server/main.ts` (npm start builds first).
 *
 *   PORT (8787), HOST (127.0.0.1), DATA_DIR (.data/), DATABASE_URL (PostgreSQL instead of PGlite),
 *   LOYALKIT_PROGRAM (demo/server/programs/trailpack.json), LOYALKIT_SECRET (HS256 program secret),
 *   LOYALKIT_SIGNUP_LIMIT (sign-ups per IP per minute, 10), LOYALKIT_ALLOWED_ORIGINS (comma list),
 *   LOYALKIT_DEMO_ROUTES (1; 0 turns /_demo off)
 */
import { ProgramError } from './program.ts'
import { startServer } from './app.ts'

const env = process.env

function integer(name: string, fallback: number): number {
  const value = env[name]
  if (value === undefined || value === '') return fallback
  if (!/^\d+$/.test(value)) {
    console.error(`${name} must be a whole number, got "${value}"`)
    process.exit(2)
  }
  return Number(value)
}

if (!env.LOYALKIT_SECRET) {
  console.error(
    [
      '',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '!!  WARNING: LOYALKIT_SECRET is not set.                                        !!',
      '!!  Customer tokens are signed with a PUBLIC development secret: anyone can     !!',
      '!!  forge a token for any customer. Use this only for the local demo.           !!',
      '!!  Set LOYALKIT_SECRET to a long random value for anything else.               !!',
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      '',
    ].join('\n'),
  )
}

const port = integer('PORT', 8787)
try {
  const server = await startServer({
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: env.DATA_DIR || '.data/',
    databaseUrl: env.DATABASE_URL || undefined,
    programPath: env.LOYALKIT_PROGRAM || undefined,
    secret: env.LOYALKIT_SECRET || undefined,
    signupLimit: integer('LOYALKIT_SIGNUP_LIMIT', 10),
    allowedOrigins: (env.LOYALKIT_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    demoRoutes: env.LOYALKIT_DEMO_ROUTES !== '0',
    quiet: true,
  })
  console.log(`Trailpack demo store: http://localhost:${server.port}/`)
  console.log(`Loyalty API: ${server.url}/v1 (${env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${env.DATA_DIR || '.data/'}`})`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: closing the server…`)
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while closing:', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
} catch (error) {
  if (error instanceof ProgramError) console.error(error.message)
  else if ((error as NodeJS.ErrnoException).code == 'EADDRINUSE') console.error(`Port ${port} is in use: set PORT to another one.`)
  else console.error(error)
  process.exit(1)
}
