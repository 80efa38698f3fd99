/**
 * The console's API keys (/keys): the list, a new key (its secret shown this once)
 * and revoking one.
 */
import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import * as v from 'valibot'
import type { AppEnv, Deps } from '../context.ts'
import { notFound } from '../errors.ts'
import { readJson, validate } from '../http/body.ts'
import { randomId } from '../ids.ts'
import { ensureKey, listKeys, revokeKey } from '../repositories/api-keys.ts'
import { requireSession } from './auth.ts'
import { change } from './change.ts'

const KeyInput = v.strictObject(
  { name: v.pipe(v.string('invalid'), v.trim(), v.nonEmpty('required'), v.maxLength(60, 'too_long'), v.regex(/^[^\u0000-\u001f]+$/, 'invalid')) },
  'invalid',
)

export function keyRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def, db } = deps

  api.get('/keys', async (c) => {
    await requireSession(c, deps)
    const keys = await listKeys(db, def.key)
    return c.json({
      keys: keys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: k.created_at, lastUsedAt: k.last_used_at, revokedAt: k.revoked_at })),
    })
  })

  api.post('/keys', async (c) => {
    const body = await readJson(c)
    return change(c, deps, 'api_key_created', undefined, async () => {
      const { name } = validate(KeyInput, body, 'Name the key (what uses it).')
      const secret = 'lk_sk_' + randomBytes(32).toString('hex')
      const id = randomId('key')
      await ensureKey(db, def.key, { id, name, key: secret })
      const key = (await listKeys(db, def.key)).find((k) => k.id == id)!
      return {
        status: 201,
        body: { key: { id, name, prefix: key.prefix, createdAt: key.created_at, lastUsedAt: null, revokedAt: null }, secret },
        details: { id, name },
      }
    })
  })

  api.delete('/keys/:id', (c) =>
    change(c, deps, 'api_key_revoked', c.req.param('id'), async () => {
      if (!(await revokeKey(db, def.key, c.req.param('id')))) throw notFound('There is no such active key.')
      return { status: 204 }
    }),
  )
}
