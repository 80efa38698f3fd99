/** Random identifiers and codes (crypto-random, unbiased). */
import { randomBytes } from 'node:crypto'

/** Crockford-style alphabet: 32 symbols, no I, L, O, U — easy to read aloud and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export function randomCode(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += ALPHABET[byte & 31]
  return out
}

/** `mem_…`, `red_…`: 16 symbols, 80 bits. */
export const randomId = (prefix: string): string => `${prefix}_${randomCode(16).toLowerCase()}`

/** `TP-XXXX-XXXX-XXXX`: 60 random bits, not guessable by trying. */
export const couponCode = (prefix: string): string => `${prefix}-${randomCode(4)}-${randomCode(4)}-${randomCode(4)}`

/** 8 symbols (40 bits) shared in links: short, and still impractical to enumerate. */
export const referralCode = (): string => randomCode(8)
