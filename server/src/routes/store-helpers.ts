/**
 * How every store route is called: the program header, then a secret API key (a
 * browser is refused before anything is read); its POSTs idempotent like the
 * shopper's, but under keys of the store's own.
 */
import type { Context, Hono } from 'hono'
import { HEADER_IDEMPOTENCY } from 'loyalkit/contract'
import type { AppEnv, Deps } from '../context.ts'
import type { Db } from '../db/index.ts'
import { type KeyPrincipal, requireKey } from '../http/api-key.ts'
import { readJson } from '../http/body.ts'
import { idempotencyKey, type Reply } from '../http/idempotency.ts'
import { toResponse } from '../http/reply.ts'
import { localized, requireProgram, runIdempotent } from './v1-helpers.ts'

type C = Context<AppEnv>

/** What an order id can be (OrderInput's rule): anything else is no order here. */
export const ORDER_ID = /^[\x21-\x7e]{1,100}$/

/** Program header, then the key (a browser is refused before anything is read). */
export async function authorize(c: C, deps: Deps): Promise<KeyPrincipal> {
  requireProgram(c, deps)
  return requireKey(c, deps)
}

/** A POST of the store at this path: the key checked, then the work under the request's Idempotency-Key. */
export function keyPost(
  api: Hono<AppEnv>,
  deps: Deps,
  path: string,
  execute: (c: C, tx: Db, body: Record<string, unknown>, who: KeyPrincipal) => Promise<Reply>,
): void {
  api.post(path, async (c) => {
    const who = await authorize(c, deps)
    // The store's keys live apart from shoppers' (an anonymous request cannot take a key the store will use)
    // and are the store's, not one API key's: a retry sent with a rotated key, or by a second store
    // server with its own, is the same request and is answered, not applied again.
    const key = 'store:' + idempotencyKey(c.req.header(HEADER_IDEMPOTENCY))
    const body = await readJson(c)
    // "No such order (yet)" is not kept: a refund reported before its order must succeed once the order exists.
    return runIdempotent(c, deps, key, 'store', body, (tx) => execute(c, tx, body, who), { stores: (e) => e.kind != 'not_found' })
  })
}

/** A JSON answer in the negotiated language. */
export function json(c: C, body: unknown, status = 200): Response {
  return toResponse({ status, body, headers: localized(c) })
}
