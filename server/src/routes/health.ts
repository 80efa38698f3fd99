/**
 * Probes for orchestrators and load balancers: `/healthz` says the process is up,
 * `/readyz` that it can serve (database reachable, migrations applied, not shutting down).
 */
import { Hono } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { pendingMigrations } from '../db/migrate.ts'

export function healthRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' }))
  app.get('/readyz', async (c) => {
    const notReady = (reason: string) => c.json({ status: 'not_ready', reason }, 503, { 'Cache-Control': 'no-store' })
    if (!deps.accepting()) return notReady('shutting down')
    try {
      const pending = await pendingMigrations(deps.db)
      if (pending.length) return notReady(`migrations not applied: ${pending.join(', ')}`)
    } catch (error) {
      c.get('log').warn({ err: error }, 'readiness check failed')
      return notReady('database unreachable')
    }
    return c.json({ status: 'ready', database: deps.db.kind }, 200, { 'Cache-Control': 'no-store' })
  })
  return app
}
