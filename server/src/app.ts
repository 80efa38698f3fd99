/**
 * The Hono application: request ids and logs, security headers, the Host
 * allow-list, health probes and the /v1 contract. `extend` mounts more (the demo
 * store and its /_demo routes) before the final 404.
 */
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv, Deps } from './context.ts'
import { notFound } from './errors.ts'
import { hostCheck } from './http/host.ts'
import { onError, problemResponse } from './http/problem.ts'
import { requestLog } from './http/request-log.ts'
import { healthRoutes } from './routes/health.ts'
import { v1Routes } from './routes/v1.ts'
import { adminRoutes } from './admin/routes.ts'

export type Extend = (app: Hono<AppEnv>, deps: Deps) => void

export function createApp(deps: Deps, extend?: Extend): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', requestLog(deps.log))
  app.use('*', async (c, next) => {
    await next()
    // Shutting down: a keep-alive connection closes after this answer instead of holding the process.
    if (!deps.accepting()) c.header('Connection', 'close')
  })
  app.use(
    '*',
    secureHeaders({
      // The widget and the API are used from stores' pages (CORS): resources are cross-origin by design.
      crossOriginResourcePolicy: 'cross-origin',
      strictTransportSecurity: deps.config.mode == 'production' ? 'max-age=31536000; includeSubDomains' : false,
      // A route's own header (the store page's Referrer-Policy) wins.
      overwrite: false,
    }),
  )
  app.use('*', hostCheck(deps.config.allowedHosts, deps.config.mode == 'demo'))
  app.route('/', healthRoutes(deps))
  app.route('/v1', v1Routes(deps))
  // The console, only with a password (LOYALKIT_ADMIN_PASSWORD; demo mode has its own).
  if (deps.config.adminPassword) app.route('/admin', adminRoutes(deps, deps.config.adminPassword))
  extend?.(app, deps)
  app.notFound(() => problemResponse(notFound('There is nothing here.')))
  app.onError(onError)
  return app
}
