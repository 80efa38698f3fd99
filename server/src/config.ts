/**
 * Configuration: read once at start-up from the environment and validated with
 * valibot. Every setting is documented in server/README.md. A bad or unsafe
 * setting is a ConfigError with one line that says what to do.
 */
import { isIP, type BlockList } from 'node:net'
import * as v from 'valibot'
import { trustList } from './http/client-address.ts'
import type { Limits } from './services/rate-limits.ts'

/** Anyone can read it: fine for a laptop demo, refused in production. */
export const DEV_SECRET = 'loyalkit-dev-secret-not-for-production'

/** The demo's store API key: printed by `npm start`, refused in production. */
export const DEV_API_KEY = 'lk_sk_demo_trailpack_not_for_production'

/** The demo console's password: printed by `npm start`, refused in production. */
export const DEV_ADMIN_PASSWORD = 'trailpack-demo-console'

export type Mode = 'demo' | 'production'

export interface Config {
  mode: Mode
  port: number
  host: string
  /** PGlite data folder (relative to cwd), or `memory://`. */
  dataDir: string
  /** PostgreSQL instead of PGlite. */
  databaseUrl: string | undefined
  programPath: string
  /** HS256 key of customer tokens. */
  secret: string
  /** The store's secret API key (LOYALKIT_API_KEY; the dev key in demo mode); more keys live in the database. */
  apiKey: string | undefined
  /** The console's password (LOYALKIT_ADMIN_PASSWORD; the dev password in demo mode); without one /admin is off. */
  adminPassword: string | undefined
  /** The endpoint of LOYALKIT_WEBHOOK_URL and LOYALKIT_WEBHOOK_SECRET; more endpoints live in the database. */
  webhook?: { url: string; secret: string }
  /** Origins allowed beside the program's own. */
  allowedOrigins: string[]
  /** Host names this server answers to ('*': any). Demo mode adds the loopback names. */
  allowedHosts: string[] | '*'
  /** Proxies whose X-Forwarded-For is believed. */
  trustProxy: BlockList
  /** Per client address and minute. */
  limits: Limits
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** A running Idempotency-Key older than this is taken over (its process presumed dead). */
  takeoverSeconds: number
  /** PostgreSQL connections per process. */
  poolSize: number
  /** On shutdown, seconds of still serving while /readyz says 503. */
  drainSeconds: number
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

const DEFAULT_LIMITS: Limits = { signup: 10, claim: 30, redeem: 30, referral: 60, open: 60 }
const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost']

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
const whole = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,9}$/, `${name} must be a whole number`),
    v.transform(Number),
    v.number(),
    v.minValue(min, `${name} must be at least ${min}`),
    v.maxValue(max, `${name} must be at most ${max}`),
  )
const origin = v.check<string, string>((o) => {
  try {
    return new URL(o).origin == o && /^https?:$/.test(new URL(o).protocol)
  } catch {
    return false
  }
}, 'LOYALKIT_ALLOWED_ORIGINS must be a comma list of origins such as https://shop.example (scheme, host, port; no path)')

const EnvSchema = v.object({
  PORT: v.optional(whole('PORT', 0, 65535), '8787'),
  HOST: v.optional(v.pipe(v.string(), v.nonEmpty()), '127.0.0.1'),
  DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), '.data/'),
  DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => /^postgres(ql)?:\/\//.test(s), 'DATABASE_URL must be a postgres:// or postgresql:// URL'),
    ),
  ),
  LOYALKIT_PROGRAM: v.optional(v.pipe(v.string(), v.nonEmpty())),
  LOYALKIT_SECRET: v.optional(v.string()),
  LOYALKIT_ADMIN_PASSWORD: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => [...s].length >= 12, 'LOYALKIT_ADMIN_PASSWORD must be at least 12 characters'),
    ),
  ),
  LOYALKIT_API_KEY: v.optional(
    v.pipe(
      v.string(),
      // What an Authorization: Bearer header can carry (RFC 6750's token68).
      v.regex(/^[A-Za-z0-9._~+/-]+=*$/, 'LOYALKIT_API_KEY must be letters, digits and ._~+/- (e.g. `lk_sk_$(openssl rand -hex 32)`)'),
      v.check((s) => s.length >= 32, 'LOYALKIT_API_KEY must be at least 32 bytes (e.g. `lk_sk_$(openssl rand -hex 32)`)'),
    ),
  ),
  LOYALKIT_WEBHOOK_URL: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => webhookUrlProblem(s) === undefined,
        'LOYALKIT_WEBHOOK_URL must be an https:// URL without user or password (http:// only to 127.0.0.1, ::1 or localhost)',
      ),
    ),
  ),
  LOYALKIT_WEBHOOK_SECRET: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (s) => /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s.slice(6), 'base64').length >= 24,
        'LOYALKIT_WEBHOOK_SECRET must be whsec_ and the base64 of at least 24 random bytes (e.g. `whsec_$(openssl rand -base64 32)`)',
      ),
    ),
  ),
  LOYALKIT_ALLOWED_ORIGINS: v.optional(v.pipe(v.string(), v.transform(list), v.array(v.pipe(v.string(), origin))), ''),
  LOYALKIT_ALLOWED_HOSTS: v.optional(
    v.pipe(
      v.string(),
      v.transform((s): string[] | '*' => (s.trim() == '*' ? '*' : list(s.toLowerCase()).map((h) => (isIP(h) == 6 ? `[${h}]` : h)))),
      v.check((hosts) => hosts == '*' || hosts.length > 0, 'LOYALKIT_ALLOWED_HOSTS must name at least one host (or be *)'),
      v.check(
        (hosts) => hosts == '*' || hosts.every((h) => /^(\*\.)?[a-z0-9.-]+$/.test(h) || isIP(h.replace(/^\[|\]$/g, '')) > 0),
        'LOYALKIT_ALLOWED_HOSTS must be a comma list of host names (shop.example, *.shop.example) or *',
      ),
    ),
  ),
  LOYALKIT_TRUST_PROXY: v.optional(v.string(), ''),
  LOYALKIT_SIGNUP_LIMIT: v.optional(whole('LOYALKIT_SIGNUP_LIMIT', 0, 1_000_000_000)),
  LOYALKIT_RATE_LIMITS: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^\s*((signup|claim|redeem|referral|open)=\d{1,9}\s*(,\s*|$))*$/,
        'LOYALKIT_RATE_LIMITS must look like signup=10,claim=30,redeem=30,referral=60,open=60 (per minute)',
      ),
    ),
    '',
  ),
  LOYALKIT_LOG_LEVEL: v.optional(
    v.picklist(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'LOYALKIT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ),
    'info',
  ),
  LOYALKIT_IDEMPOTENCY_TAKEOVER: v.optional(whole('LOYALKIT_IDEMPOTENCY_TAKEOVER', 2, 3600), '60'),
  LOYALKIT_DB_POOL: v.optional(whole('LOYALKIT_DB_POOL', 1, 1000), '10'),
  LOYALKIT_DRAIN_SECONDS: v.optional(whole('LOYALKIT_DRAIN_SECONDS', 0, 300), '0'),
})

export type Env = Record<string, string | undefined>

/**
 * The configuration of `mode` from `env`. Production refuses to start without a
 * secret of at least 32 bytes, with the public development secret, without a
 * program file or a Host allow-list; demo mode listens on loopback only.
 */
export function loadConfig(env: Env, mode: Mode, defaults: { programPath?: string } = {}): Config {
  // Empty variables count as unset, as shells and compose files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([k, value]) => value !== undefined && value !== '' && k in EnvSchema.entries))
  const parsed = v.safeParse(EnvSchema, present)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    const name = String(issue.path?.[0]?.key ?? 'a setting')
    const message = issue.message.startsWith(name.split('[')[0]!) ? issue.message : `${name} is not valid: ${issue.message}`
    throw new ConfigError(message)
  }
  const e = parsed.output
  const limits: Limits = { ...DEFAULT_LIMITS }
  for (const [, action, n] of e.LOYALKIT_RATE_LIMITS.matchAll(/(signup|claim|redeem|referral|open)=(\d+)/g)) limits[action as keyof Limits] = Number(n)
  if (e.LOYALKIT_SIGNUP_LIMIT !== undefined) limits.signup = e.LOYALKIT_SIGNUP_LIMIT
  let trustProxy: BlockList
  try {
    trustProxy = trustList(e.LOYALKIT_TRUST_PROXY.split(','))
  } catch (error) {
    throw new ConfigError(`LOYALKIT_TRUST_PROXY: ${(error as Error).message}`)
  }

  if (!e.LOYALKIT_WEBHOOK_URL != !e.LOYALKIT_WEBHOOK_SECRET) {
    throw new ConfigError('LOYALKIT_WEBHOOK_URL and LOYALKIT_WEBHOOK_SECRET go together: set both (webhooks on) or neither.')
  }

  let secret = e.LOYALKIT_SECRET
  const programPath = e.LOYALKIT_PROGRAM ?? defaults.programPath
  if (mode == 'production') {
    if (!secret)
      throw new ConfigError('LOYALKIT_SECRET is required: the program secret that signs customer tokens, at least 32 bytes (e.g. `openssl rand -base64 48`).')
    if (secret == DEV_SECRET)
      throw new ConfigError('LOYALKIT_SECRET is the public development secret: anyone could forge customer tokens. Set a random one of at least 32 bytes.')
    const bytes = Buffer.byteLength(secret, 'utf8')
    if (bytes < 32) throw new ConfigError(`LOYALKIT_SECRET is ${bytes} bytes: use at least 32 random bytes (e.g. \`openssl rand -base64 48\`).`)
    if (!programPath) throw new ConfigError('LOYALKIT_PROGRAM is required: the path of the program JSON file (see server/README.md).')
    if (e.LOYALKIT_ADMIN_PASSWORD == DEV_ADMIN_PASSWORD)
      throw new ConfigError('LOYALKIT_ADMIN_PASSWORD is the public demo password: anyone could run the program. Choose your own (12 characters or more).')
    if (e.LOYALKIT_API_KEY == DEV_API_KEY)
      throw new ConfigError('LOYALKIT_API_KEY is the public demo key: anyone could credit points. Set a random one (e.g. `lk_sk_$(openssl rand -hex 32)`).')
    if (!e.LOYALKIT_ALLOWED_HOSTS)
      throw new ConfigError(
        'LOYALKIT_ALLOWED_HOSTS is required: the host names this server answers to, e.g. loyalty.example.com (or * behind a proxy that checks Host).',
      )
  } else {
    if (!LOOPBACK_HOSTS.includes(e.HOST)) {
      throw new ConfigError(
        `Demo mode listens on loopback only (HOST=${e.HOST} would let anyone mint tokens and points): run the production server with npm run server.`,
      )
    }
    if (e.LOYALKIT_ALLOWED_HOSTS == '*') {
      throw new ConfigError('Demo mode answers to named hosts only (LOYALKIT_ALLOWED_HOSTS=* would let a DNS-rebinding page mint tokens and points).')
    }
    secret ||= DEV_SECRET
  }
  if (!programPath) throw new ConfigError('LOYALKIT_PROGRAM is required: the path of the program JSON file.')

  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    programPath,
    secret,
    apiKey: e.LOYALKIT_API_KEY ?? (mode == 'demo' ? DEV_API_KEY : undefined),
    adminPassword: e.LOYALKIT_ADMIN_PASSWORD ?? (mode == 'demo' ? DEV_ADMIN_PASSWORD : undefined),
    ...(e.LOYALKIT_WEBHOOK_URL && e.LOYALKIT_WEBHOOK_SECRET && { webhook: { url: e.LOYALKIT_WEBHOOK_URL, secret: e.LOYALKIT_WEBHOOK_SECRET } }),
    allowedOrigins: e.LOYALKIT_ALLOWED_ORIGINS,
    allowedHosts: e.LOYALKIT_ALLOWED_HOSTS ?? [],
    trustProxy,
    limits,
    logLevel: e.LOYALKIT_LOG_LEVEL,
    takeoverSeconds: e.LOYALKIT_IDEMPOTENCY_TAKEOVER,
    poolSize: e.LOYALKIT_DB_POOL,
    drainSeconds: e.LOYALKIT_DRAIN_SECONDS,
  }
}

/**
 * Why `url` cannot be a webhook endpoint, or undefined: https only (http to a loopback
 * host, e.g. a sidecar), and no user or password (fetch refuses them).
 */
export function webhookUrlProblem(url: string): string | undefined {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'not a URL'
  }
  if (u.username || u.password) return 'has a user or password'
  if (u.protocol == 'https:') return undefined
  if (u.protocol == 'http:' && (u.hostname == 'localhost' || u.hostname == '[::1]' || /^127(\.\d{1,3}){3}$/.test(u.hostname))) return undefined
  return u.protocol == 'http:' ? 'http:// to a host that is not loopback' : 'not https://'
}

/** Database waits derived from the takeover time, each well below it (see db/postgres.ts). */
export function dbTimeouts(takeoverSeconds: number) {
  const t = takeoverSeconds * 1000
  return { connectMs: Math.round(t / 12), statementMs: Math.round(t / 6), lockMs: Math.round(t / 12), idleInTransactionMs: Math.round(t / 4) }
}
