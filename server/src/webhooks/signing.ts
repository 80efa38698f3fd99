/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 of
 * `${msgId}.${timestamp}.${body}` with the secret's bytes (`whsec_<base64>`), sent as
 * `webhook-signature: v1,<base64>`. Any Standard Webhooks library verifies them.
 */
import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

/** A new endpoint secret: `whsec_` and 32 random bytes in base64. */
export const newSecret = (): string => PREFIX + randomBytes(32).toString('base64')

/** The HMAC key of a `whsec_…` secret (the prefix is optional, as in the libraries). */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64')
}

/** The `webhook-signature` header value of one attempt. */
export function sign(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${msgId}.${timestampSeconds}.${body}`, 'utf8').digest('base64')
  return `v1,${mac}`
}
