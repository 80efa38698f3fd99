/**
 * The console's API client: same-origin JSON under /admin/api, the session's CSRF
 * token on every POST and DELETE but the sign-in, and problem+json errors as
 * ApiError. A 401 anywhere ends the session in the UI (the sign-in page shows).
 */
import { lang, session, signInNotice, type Session } from './state.ts'

export const API = '/admin/api'

export interface FieldError {
  field: string
  code: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly retryAfter?: number,
  ) {
    super(detail || code)
    this.name = 'ApiError'
  }
}

interface Options {
  body?: unknown
  /** Idempotency-Key: one per change the user makes, the same when it is tried again. */
  key?: string
  /** The sign-in: no CSRF token yet, and its 401 is "wrong password", not "session ended". */
  signIn?: boolean
}

export async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, o: Options = {}): Promise<T> {
  // The program's own words (tier and reward names, ledger descriptions) in the console's language.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang.peek() }
  if (o.body !== undefined) headers['Content-Type'] = 'application/json'
  const csrf = session.peek()?.csrf
  if (method != 'GET' && !o.signIn && csrf) headers['X-Loyalkit-CSRF'] = csrf
  if (o.key) headers['Idempotency-Key'] = o.key
  let response: Response
  try {
    response = await fetch(API + path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(o.body !== undefined && { body: JSON.stringify(o.body) }),
    })
  } catch {
    throw new ApiError(0, 'network_error', '')
  }
  if (response.ok) {
    if (response.status == 204) return undefined as T
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }
  const problem = (await response.json().catch(() => ({}))) as { code?: unknown; detail?: unknown; errors?: unknown; retryAfter?: unknown }
  const retryHeader = Number(response.headers.get('Retry-After'))
  const retryAfter = typeof problem.retryAfter == 'number' ? problem.retryAfter : Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined
  const error = new ApiError(
    response.status,
    typeof problem.code == 'string' ? problem.code : `http_${response.status}`,
    typeof problem.detail == 'string' ? problem.detail : '',
    Array.isArray(problem.errors) ? (problem.errors as FieldError[]).filter((e) => e && typeof e.field == 'string') : [],
    retryAfter,
  )
  if (response.status == 401 && !o.signIn && session.peek()) {
    signInNotice.value = 'sessionEnded'
    session.value = null
  }
  throw error
}

export const get = <T>(path: string) => request<T>('GET', path)
/** A fresh Idempotency-Key (getRandomValues: randomUUID needs a secure context, and a console may be reached over plain http). */
export const newIdempotencyKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')

export const post = <T>(path: string, body?: unknown, key?: string) => request<T>('POST', path, { body: body ?? {}, ...(key && { key }) })
export const del = (path: string) => request<void>('DELETE', path)

/** Who is signed in: null on 401. */
export async function loadSession(): Promise<Session | null> {
  try {
    return await request<Session>('GET', '/session', { signIn: true })
  } catch (e) {
    if (e instanceof ApiError && e.status == 401) return null
    throw e
  }
}

export const signIn = (password: string) => request<Session>('POST', '/session', { body: { password }, signIn: true })
export const signOut = () => request<void>('DELETE', '/session')

// ---- the answers' shapes --------------------------------------------------------

export interface Overview {
  from: string
  to: string
  /** When the server computed these figures (it answers from a computation up to 5 minutes old; ?fresh=1 computes now). */
  computedAt?: string
  currency: string
  figures: {
    members: { total: number | null; new: number | null }
    widgetOpens: number | null
    signupConversion: number | null
    activeMembers: number | null
    pointsIssued: number | null
    pointsRedeemed: number | null
    pointsExpired: number | null
    outstandingPoints: number | null
    liability: number | null
    redemptionRate: number | null
    repeatPurchase: { members: number | null; guests: number | null }
    averageOrder: { members: number | null; guests: number | null }
    referralConversions: number | null
  }
  tiers: { id: string; name: string; members: number }[]
  topRewards: { id: string; name: string; redemptions: number; points: number }[]
  daily: { date: string; opens: number; signups: number; pointsIssued: number; pointsRedeemed: number }[]
}

export interface MemberRecord {
  id: string
  customerId: string | null
  email: string
  name: string | null
  birthday: string | null
  balance: number
  lifetimePoints: number
  pointsOwed: number
  tier: { id: string; name: string } | null
  lifetimeValue: number
  orders: number
  currency: string
  referralCode: string
  referredBy: string | null
  marketing: { consent: boolean; updatedAt: string | null; source: string | null }
  expiring: { points: number; date: string } | null
  createdAt: string
}

export interface LedgerEntry {
  id: string
  type: string
  points: number
  description: string | null
  reason: string | null
  actor: string | null
  createdAt: string
}

export interface ApiKey {
  id: string
  name: string
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

export interface Endpoint {
  id: string
  url: string
  name: string | null
  createdAt: string
  disabledAt: string | null
}

export interface Delivery {
  id: string
  eventId: string
  type: string
  endpointId: string
  state: string
  attempts: number
  nextAt: string | null
  lastStatus: number | null
  lastError: string | null
  deliveredAt: string | null
  createdAt: string
}

export interface AuditEntry {
  id: string
  actor: string
  action: string
  target: string | null
  details: string | null
  createdAt: string
}
