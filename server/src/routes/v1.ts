/**
 * The `/v1` endpoint contract (docs/openapi.yaml, generated from the contract's
 * schemas): the headers every answer shares, the shopper's routes by topic, the
 * store's (store.ts), then 405 and 404 for whatever none of them serves. Routes do
 * HTTP only: headers, bodies, status codes; the rules are in services/, the SQL in
 * repositories/.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { OPERATIONS } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, notFound } from '../errors.ts'
import { BODY_LIMIT, tooLarge } from '../http/body.ts'
import { apiCors } from '../http/cors.ts'
import { negotiateLanguage } from '../program/i18n.ts'
import { memberRoutes } from './member-routes.ts'
import { profileRoutes } from './profile-routes.ts'
import { programRoutes } from './program-routes.ts'
import { referralRoutes } from './referral-routes.ts'
import { rewardRoutes } from './reward-routes.ts'
import { storeRoutes } from './store.ts'

export function v1Routes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', async (c, next) => {
    await next()
    c.header('Cache-Control', c.res.headers.get('Cache-Control') ?? 'no-store')
  })
  app.use('*', apiCors(deps.allowedOrigins))
  app.use('*', async (c, next) => {
    c.set('language', negotiateLanguage(c.req.header('accept-language'), deps.languages))
    return next()
  })
  app.post(
    '*',
    bodyLimit({
      maxSize: BODY_LIMIT,
      onError: () => {
        throw tooLarge()
      },
    }),
  )

  // The shopper's /members/me… before the store's /members/{id}…, which would also match them.
  programRoutes(app, deps)
  memberRoutes(app, deps)
  rewardRoutes(app, deps)
  profileRoutes(app, deps)
  referralRoutes(app, deps)
  storeRoutes(app, deps)

  // A known path with another method: 405 with Allow, not 404 (the paths as the contract documents them;
  // a test checks that the routes above are exactly those).
  const methods = new Map<string, string[]>()
  for (const r of OPERATIONS) methods.set(r.path, [...(methods.get(r.path) ?? []), r.method])
  for (const [path, allowed] of methods) {
    app.all(path.replace(/\{(\w+)\}/g, ':$1'), () => {
      throw new DomainError('method_not_allowed', `Use ${allowed.join(' or ')} for ${path}.`, { headers: { Allow: allowed.join(', ') } })
    })
  }
  app.all('*', (c) => {
    throw notFound(`There is no ${c.req.path.slice(3) || '/'} in the v1 API.`)
  })
  return app
}
