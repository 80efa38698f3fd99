/** Customer tokens on requests: `Authorization: Bearer <jwt>`, verified with the program secret. */
import type { Context } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { bearer, unauthorized, type CustomerClaims } from '../tokens.ts'
import { refuseKey } from './api-key.ts'

export async function requireAuth(c: Context<AppEnv>, deps: Deps): Promise<CustomerClaims> {
  const token = bearer(c.req.header('authorization'))
  if (token === undefined) throw unauthorized('Send the customer token as Authorization: Bearer <token>.', true)
  await refuseKey(c, token, deps)
  return deps.keys.verify(token)
}

export async function optionalAuth(c: Context<AppEnv>, deps: Deps): Promise<CustomerClaims | undefined> {
  const token = bearer(c.req.header('authorization'))
  if (token === undefined) return undefined
  await refuseKey(c, token, deps)
  return deps.keys.verify(token)
}
