/**
 * How the console makes a change, the same way on every page: the session and its
 * CSRF header first, then the work, then its entry in the audit log.
 */
import type { Context } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { audit } from '../repositories/admin.ts'
import { requireSession } from './auth.ts'

/** Who the audit log names for whatever is done from the console. */
export const ACTOR = 'console:admin'

/** What a change's work answers: its status, its JSON body (none: an empty answer) and the audit entry's details. */
export interface ChangeResult {
  status: number
  body?: unknown
  details?: unknown
}

/** A change: session + CSRF, then the work and its audit entry. */
export async function change(c: Context<AppEnv>, deps: Deps, action: string, target: string | undefined, work: () => Promise<ChangeResult>) {
  await requireSession(c, deps)
  const result = await work()
  await audit(deps.db, deps.def.key, { actor: ACTOR, action, target, details: result.details })
  return result.body === undefined ? c.body(null, result.status as 204) : c.json(result.body, result.status as 200)
}
