/** Customer tokens every route must refuse, minted once per backend (signing is async). */
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { PROGRAM, SECRET, storeToken } from '../helpers.ts'

export type BadToken =
  | 'otherSecret'
  | 'expired'
  | 'future'
  | 'tooLong'
  | 'otherAudience'
  | 'noSubject'
  | 'longSubject'
  | 'algNone'
  | 'hs512'
  | 'nulSubject'
  | 'nulEmail'

export async function mintBadTokens(): Promise<Record<BadToken, string>> {
  const now = Math.floor(Date.now() / 1000)
  const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  return {
    otherSecret: await storeToken({}, 'another-secret-0123456789abcdef'),
    expired: await storeToken({ iat: now - 3600, exp: now - 1800 }),
    future: await storeToken({ iat: now + 3600, exp: now + 3900 }),
    tooLong: await storeToken({ iat: now, exp: now + 24 * 3600 }),
    otherAudience: await storeToken({ aud: 'pk_someone_else' }),
    noSubject: await storeToken({ sub: '' }),
    longSubject: await storeToken({ sub: 'c'.repeat(300) }),
    algNone: `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'cust_none', aud: PROGRAM, iat: now, exp: now + 600 })}.`,
    hs512: await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('cust_512')
      .setAudience(PROGRAM)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(SECRET)),
    // Signed with the right secret: the store's server put a NUL into the customer id / email.
    nulSubject: await storeToken({ sub: 'cust\u0000nul' }),
    nulEmail: await storeToken({ sub: 'cust_nul_email_' + randomUUID(), email: 'nul\u0000x@example.com', email_verified: true }),
  }
}
