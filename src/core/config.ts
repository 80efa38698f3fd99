import { checkEndpoint, checkLocale, fail } from './config-checks.ts'

export type LauncherPosition = 'bottom-right' | 'bottom-left' | 'none'
export type ThemeMode = 'light' | 'dark' | 'auto'

export interface ThemeOptions {
  mode?: ThemeMode
  /** Any CSS colour; adjusted (with a warning) when text on it would fail 4.5:1 contrast. */
  primary?: string
  onPrimary?: string
  surface?: string
  text?: string
  muted?: string
  radius?: string
  fontFamily?: string
  zIndex?: number
  launcherOffset?: string
}

export interface CustomerOptions {
  /** A customer token signed by the store's server (HS256 JWT, see docs/openapi.yaml). */
  token: string
}

export interface LoyaltyOptions {
  /** Base URL of the loyalty endpoint, e.g. `https://loyalty.example.com/v1`. */
  endpoint: string
  /** Program key, e.g. `pk_demo_trailpack`. */
  program: string
  customer?: CustomerOptions
  /** Called for a fresh token before the current one expires and once after a 401. */
  getCustomerToken?: () => Promise<string | null | undefined> | string | null | undefined
  /** BCP 47 tag or `auto` (default): option, else `<html lang>`, else the browser. */
  locale?: string
  /** Where the launcher sits, and its text instead of the language's "Rewards" (keep it short: one line). */
  launcher?: { position?: LauncherPosition; label?: string }
  theme?: ThemeOptions | ThemeMode
  /** Nonce for the scripts the script tag loads, under a nonce-based CSP. */
  nonce?: string
  /** `datalayer`: push GA4's recommended events (no personal data) to `window.dataLayer`. Off by default. */
  analytics?: 'datalayer' | 'none'
}

/** Options after validation: every field well-formed, and present but for the shopper's token and its getter. */
export interface ResolvedConfig {
  endpoint: string
  program: string
  token?: string
  getCustomerToken?: LoyaltyOptions['getCustomerToken']
  locale: string
  launcher: LauncherPosition
  /** The launcher's own text; empty: the language's. */
  label: string
  theme: ThemeOptions & { mode: ThemeMode }
  nonce: string
  analytics: 'datalayer' | 'none'
}

const POSITIONS: readonly string[] = ['bottom-right', 'bottom-left', 'none']
const MODES: readonly string[] = ['light', 'dark', 'auto']
/** The value if it is one of `list`, else a clear error listing them. */
const oneOf = (value: unknown, list: readonly string[], attribute: string) =>
  list.includes(value as string) ? (value as string) : fail(attribute, 'one of ' + list.map((x) => `"${x}"`).join(', '), value)

/**
 * Validate options once, at the boundary, so the rest of the SDK trusts them.
 * `names` maps option names to what the integrator wrote (`data-endpoint` for the script tag); `base`
 * is the address a relative endpoint (`/v1`) resolves against, the page's or the script's.
 */
export function resolveConfig(options: LoyaltyOptions, names: (option: string) => string = (o) => o, base?: string): ResolvedConfig {
  const o = options && typeof options == 'object' ? options : fail('options', 'an object', options)
  const endpoint = checkEndpoint(o.endpoint, names('endpoint'), base)
  const { program, customer, getCustomerToken: getter, theme } = o
  if (typeof program != 'string' || !/^[\w.-]{1,100}$/.test(program)) {
    fail(names('program'), 'a program key such as "pk_demo_trailpack"', program)
  }
  const mode = (typeof theme == 'string' ? theme : theme?.mode) ?? 'auto'
  if (customer && (typeof customer.token != 'string' || customer.token.split('.').length != 3)) {
    fail(names('customer.token'), 'a signed customer token (JWT)', '…')
  }
  if (getter && typeof getter != 'function') fail(names('getCustomerToken'), 'a function', typeof getter)
  const label = o.launcher?.label ?? ''
  return {
    endpoint,
    program,
    token: customer?.token,
    getCustomerToken: getter,
    locale: checkLocale(o.locale, names('locale')),
    launcher: oneOf(o.launcher?.position ?? 'bottom-right', POSITIONS, names('launcher')) as LauncherPosition,
    label: typeof label == 'string' ? label.trim() : fail(names('launcher.label'), 'a text', label),
    theme: { ...(typeof theme == 'object' ? theme : {}), mode: oneOf(mode, MODES, names('theme')) as ThemeMode },
    nonce: typeof o.nonce == 'string' ? o.nonce : '',
    analytics: oneOf(o.analytics ?? 'none', ['none', 'datalayer'], names('analytics')) as 'none',
  }
}

/** Two configs describe the same widget (so a second `init` with it is harmless); functions are not compared. */
export const sameConfig = (a: ResolvedConfig, b: ResolvedConfig): boolean => JSON.stringify(a) == JSON.stringify(b)
