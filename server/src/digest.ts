/** SHA-256 in hex: how secrets the server must recognise but never keep are stored (API keys, session tokens), and files are told apart. */
import { createHash } from 'node:crypto'

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')
