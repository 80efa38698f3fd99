/**
 * A person who erased their membership and joins again is returning, not new: no second sign-up
 * bonus and no referral (both reward bringing someone new), and no second go at the rules claimed
 * once or once a year. Without this, erase-and-rejoin would mint them again and again. Erasure keeps
 * only keyed digests of the canonical email and of the store's customer id, under a key of the
 * server's own (returnsKey): the store, which holds LOYALKIT_SECRET to sign tokens, cannot test
 * addresses against them. Nothing else is kept with them: not the member's id, not a time. What the
 * member had claimed stays with the anonymised member row (the books) and is not linked to them.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { Db } from '../db/index.ts'
import type { ProgramDef } from '../program/program.ts'
import { insertClaim } from '../repositories/redemptions.ts'
import { claimPeriod } from './members.ts'
import { canonicalEmail } from './orders.ts'

/** The server's own key for these digests, made once (by whichever replica is first) and kept in the database. */
export async function returnsKey(db: Db): Promise<string> {
  await db.query(`INSERT INTO server_keys (name, key) VALUES ('erased_identities', $1) ON CONFLICT (name) DO NOTHING`, [randomBytes(32).toString('base64')])
  const [row] = await db.query<{ key: string }>(`SELECT key FROM server_keys WHERE name = 'erased_identities'`)
  return row!.key
}

/** The digests of a person's identities: the email as orders compare it (case, +tags, Gmail's dots), and the customer id. */
function digests(key: string, email: string, customerId: string | null): string[] {
  const d = (what: string) => createHmac('sha256', key).update(what).digest('base64url')
  return [d('email:' + canonicalEmail(email)), ...(customerId ? [d('customer:' + customerId)] : [])]
}

/** At erasure (in its transaction): remember that this person was a member. */
export async function rememberErased(tx: Db, program: string, key: string, email: string, customerId: string | null): Promise<void> {
  await tx.query(`INSERT INTO erased_identities (program_key, digest) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [
    program,
    digests(key, email, customerId),
  ])
}

/** At sign-up: whether this email or customer was a member who erased their membership. */
export async function isReturning(tx: Db, program: string, key: string, email: string, customerId: string | null): Promise<boolean> {
  const rows = await tx.query('SELECT 1 FROM erased_identities WHERE program_key = $1 AND digest = ANY($2::text[]) LIMIT 1', [
    program,
    digests(key, email, customerId),
  ])
  return rows.length > 0
}

/**
 * A return's new membership starts with every claimable rule claimed for its period: the one-off ones
 * (a newsletter, a follow) and this year's birthday gift. Nothing links the old membership's claims to
 * the digests, so all of them count, and the answer to a sign-up tells no one which the person had taken.
 */
export async function claimAllOnReturn(tx: Db, def: ProgramDef, memberId: string): Promise<void> {
  for (const rule of def.rules) if (rule.claimable) await insertClaim(tx, memberId, rule.id, claimPeriod(rule.kind))
}
