import { mistake } from './errors.ts'

/**
 * The checks of one option each, shared by the widget's config (config.ts) and the headless client:
 * each returns the value, normalised, or throws one clear `invalid_config` error naming the attribute.
 */

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/

export const fail = (attribute: string, expected: string, got: unknown): never => {
  throw mistake('invalid_config', `invalid ${attribute}: expected ${expected}, got ${got === undefined || got === '' ? 'nothing' : JSON.stringify(got)}`)
}

/** `https:` anywhere, `http:` only on loopback (local development). A path (`/v1`) resolves against the page. */
export function checkEndpoint(value: unknown, attribute: string, base?: string): string {
  let url: URL | undefined
  try {
    if (/^(https?:\/\/|\/)/i.test(value as string)) url = new URL(value as string, base)
  } catch {}
  return url && (url.protocol == 'https:' || (url.protocol == 'http:' && LOOPBACK.test(url.hostname)))
    ? url.href.replace(/\/+$/, '')
    : fail(attribute, 'an https: URL (http: only on localhost), e.g. "https://loyalty.example.com/v1"', value)
}

/** A BCP 47 language tag: validated by Intl itself rather than by a regexp of ours. */
export function checkLocale(value: unknown, attribute: string): string {
  if (value === undefined || value === '' || value === 'auto') return 'auto'
  try {
    return Intl.getCanonicalLocales(value as string)[0]!
  } catch {
    return fail(attribute, 'a BCP 47 language tag such as "lv" or "en-GB", or "auto"', value)
  }
}
