/**
 * A person who erased their membership and joins again is returning, not new: no second sign-up
 * bonus and no referral (both reward bringing someone new; without this, erase-and-rejoin would mint
 * them again and again). Erasure keeps only keyed digests of the canonical email and of the store's
 * customer id, which cannot be read back or checked without the server's secret.
 */
import { createHmac } from 'node:crypto'
import type { Db } from '../db/index.ts'
import { canonicalEmail } from './orders.ts'

/** The digests of a person's identities: the email as orders compare it (case, +tags, Gmail's dots), and the customer id. */
function digests(secret: string, email: string, customerId: string | null): string[] {
  const d = (what: string) => createHmac('sha256', secret).update(what).digest('base64url')
  return [d('email:' + canonicalEmail(email)), ...(customerId ? [d('customer:' + customerId)] : [])]
}

/** At erasure (in its transaction): remember that this person was a member. */
export async function rememberErased(tx: Db, program: string, secret: string, email: string, customerId: string | null): Promise<void> {
  await tx.query(`INSERT INTO erased_identities (program_key, digest) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [
    program,
    digests(secret, email, customerId),
  ])
}

/** At sign-up: whether this email or customer was a member who erased their membership. */
export async function isReturning(tx: Db, program: string, secret: string, email: string, customerId: string | null): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM erased_identities WHERE program_key = $1 AND digest = ANY($2::text[]) LIMIT 1', [
    program,
    digests(secret, email, customerId),
  ])
  return rows.length > 0
}
