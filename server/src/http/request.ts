/** Facts about the request that several routes need: its client's address key and this server's origin. */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { AppEnv, Deps } from '../context.ts'
import { addressKey, clientAddress } from './client-address.ts'

/** The rate-limit key of the request's client (through trusted proxies, IPv6 by /64). */
export function clientKey(c: Context<AppEnv>, deps: Deps): string {
  let peer: string | undefined
  try {
    peer = getConnInfo(c as never).remote.address
  } catch {
    // app.request() in tests has no socket.
  }
  return addressKey(clientAddress(peer, c.req.header('x-forwarded-for'), deps.config.trustProxy))
}

/** This server's origin as the client sees it (the Host passed the allow-list), for links. */
export function ownOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url)
  return `${url.protocol}//${c.req.header('host') ?? url.host}`
}
