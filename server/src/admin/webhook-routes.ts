/**
 * The console's Webhooks page (/webhooks, /deliveries): endpoints with the recent
 * deliveries, adding, removing and rotating an endpoint's secret, and retrying a delivery.
 */
import type { Hono } from 'hono'
import * as v from 'valibot'
import { webhookUrlProblem } from '../config.ts'
import type { AppEnv, Deps } from '../context.ts'
import { DomainError, notFound } from '../errors.ts'
import { readJson, validate } from '../http/body.ts'
import { randomId } from '../ids.ts'
import { addEndpoint, disableEndpoint, listEndpoints, recentDeliveries, retryDelivery, rotateSecret } from '../repositories/webhooks.ts'
import { newSecret } from '../webhooks/signing.ts'
import { requireSession } from './auth.ts'
import { change } from './change.ts'

const EndpointInput = v.strictObject({ url: v.pipe(v.string('invalid'), v.nonEmpty('required'), v.maxLength(2000, 'too_long')) }, 'invalid')

export function webhookRoutes(api: Hono<AppEnv>, deps: Deps): void {
  const { def, db } = deps

  api.get('/webhooks', async (c) => {
    await requireSession(c, deps)
    const [endpoints, deliveries] = [await listEndpoints(db, def.key), await recentDeliveries(db, def.key, { limit: 50 })]
    return c.json({
      endpoints: endpoints.map((e) => ({ id: e.id, url: e.url, name: e.name, createdAt: e.created_at, disabledAt: e.disabled_at })),
      deliveries: deliveries.map((d) => ({
        id: d.id,
        eventId: d.event_id,
        type: d.type,
        endpointId: d.endpoint_id,
        state: d.state,
        attempts: d.attempts,
        nextAt: d.next_at,
        lastStatus: d.last_status,
        lastError: d.last_error,
        deliveredAt: d.delivered_at,
        createdAt: d.created_at,
      })),
    })
  })

  api.post('/webhooks', async (c) => {
    const body = await readJson(c)
    return change(c, deps, 'webhook_added', undefined, async () => {
      const { url } = validate(EndpointInput, body, 'Give the endpoint URL.')
      const problem = webhookUrlProblem(url)
      if (problem) throw new DomainError('invalid_fields', problem, { errors: [{ field: 'url', code: 'invalid' }] })
      const secret = newSecret()
      const endpoint = await addEndpoint(db, def.key, { id: randomId('ep'), url, secret })
      return {
        status: 201,
        body: { endpoint: { id: endpoint.id, url: endpoint.url, name: endpoint.name, createdAt: endpoint.created_at, disabledAt: null }, secret },
        details: { url },
      }
    })
  })

  api.delete('/webhooks/:id', (c) =>
    change(c, deps, 'webhook_removed', c.req.param('id'), async () => {
      if (!(await disableEndpoint(db, def.key, c.req.param('id')))) throw notFound('There is no such active endpoint.')
      return { status: 204 }
    }),
  )

  api.post('/webhooks/:id/rotate', (c) =>
    change(c, deps, 'webhook_secret_rotated', c.req.param('id'), async () => {
      const secret = newSecret()
      if (!(await rotateSecret(db, def.key, c.req.param('id'), secret))) throw notFound('There is no such active endpoint.')
      return { status: 200, body: { secret } }
    }),
  )

  api.post('/deliveries/:id/retry', (c) =>
    change(c, deps, 'webhook_retried', c.req.param('id'), async () => {
      const id = Number(c.req.param('id'))
      if (!Number.isSafeInteger(id) || !(await retryDelivery(db, def.key, id))) throw notFound('There is no such delivery, or its endpoint is removed.')
      deps.webhooks.nudge()
      return { status: 204 }
    }),
  )
}
