/**
 * Customer tokens (docs/openapi.yaml and docs/embedding.md): HS256 JWTs signed with the program secret by the
 * store's server, `sub` = customer id, `aud` = program key, lifetime ≤ 15 min.
 */
import { SignJWT, jwtVerify } from 'jose'
import { DomainError } from './errors.ts'

export const TOKEN_LIFETIME = 15 * 60
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const CLOCK_SKEW = 30

export interface CustomerClaims {
  sub: string
  email?: string
  /** The store says it checked the email (OIDC's claim): only then may an existing member be linked by email. */
  emailVerified?: boolean
  name?: string
}

export interface TokenKeys {
  sign(claims: CustomerClaims, now?: number): Promise<{ token: string; expiresAt: number }>
  /** The verified claims, or a 401 problem. */
  verify(token: string): Promise<CustomerClaims>
}

export function tokenKeys(secret: string, audience: string): TokenKeys {
  // Imported once: jose would import raw bytes again for every token (about half its cost).
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
  return {
    async sign(claims, now = Math.floor(Date.now() / 1000)) {
      const expiresAt = now + TOKEN_LIFETIME
      const jwt = new SignJWT({
        ...(claims.email && { email: claims.email }),
        ...(claims.emailVerified && { email_verified: true }),
        ...(claims.name && { name: claims.name }),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(expiresAt)
      return { token: await jwt.sign(await key), expiresAt }
    },
    async verify(token) {
      let payload: Awaited<ReturnType<typeof jwtVerify>>['payload']
      try {
        ;({ payload } = await jwtVerify(token, await key, {
          algorithms: ['HS256'],
          audience,
          requiredClaims: ['sub', 'exp', 'iat'],
          clockTolerance: CLOCK_SKEW,
        }))
      } catch {
        throw unauthorized('The customer token is invalid or expired.')
      }
      const now = Math.floor(Date.now() / 1000)
      const { sub, iat, exp, email, name, email_verified } = payload
      if (typeof iat != 'number' || typeof exp != 'number' || iat > now + CLOCK_SKEW) throw unauthorized('The customer token was issued in the future.')
      if (exp - iat > TOKEN_LIFETIME) throw unauthorized(`The customer token lives longer than ${TOKEN_LIFETIME / 60} minutes.`)
      if (typeof sub != 'string' || !sub || sub.length > 200) throw unauthorized('The customer token has no subject.')
      // Signed or not, text with NUL or control characters is not an id or an email (PostgreSQL refuses NUL).
      if (CONTROL.test(sub) || (typeof email == 'string' && CONTROL.test(email)))
        throw unauthorized('The customer token has control characters in its subject or email.')
      return {
        sub,
        ...(typeof email == 'string' && email && { email }),
        ...(email_verified === true && { emailVerified: true }),
        ...(typeof name == 'string' && name && { name }),
      }
    },
  }
}

/** 401 with the RFC 6750 challenge; `missing` when no token was sent at all. */
export function unauthorized(detail: string, missing = false): DomainError {
  const challenge = missing ? 'Bearer realm="loyalkit"' : 'Bearer realm="loyalkit", error="invalid_token"'
  return new DomainError('unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } })
}

/** The token of an `Authorization: Bearer …` header; undefined when there is no header; 401 when malformed. */
export function bearer(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization)
  if (!match) throw unauthorized('Send the customer token as Authorization: Bearer <token>.')
  return match[1]
}
