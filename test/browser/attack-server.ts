/**
 * A fake loyalty endpoint and a tiny "store" for the attack-surface tests:
 * two node:http servers on 127.0.0.1 with free ports.
 *
 * - The store (`origin`) serves one test page, `/shop` (any query string), with
 *   the widget's script tag pointing at the fake API, and a snapshot of dist/
 *   under /dist/. The page is served with a strict CSP (nonce-based script-src,
 *   Trusted Types enforced with only the `loyalkit` policy) unless told not to.
 * - The API (`api`, `endpoint` = api + '/v1') answers the contract's endpoints
 *   with CORS for the store's origin. What each endpoint answers is a function
 *   the test replaces (`site.routes.program = () => json(...)`), so a test can
 *   inject naughty data, malformed bodies, errors and delays.
 *
 * dist/ is read into memory at start and checked against its manifest, so a
 * rebuild by someone else during the run cannot serve a half-written bundle.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { snapshotDist } from '../dist-snapshot.ts'
import { contentType } from '../../demo/store-page.ts'
import type { ActivityPage, ClaimResult, Member, Program, RedemptionResult, ReferralOffer, SignUpResult } from '../../src/core/contract.ts'

export const PROGRAM_KEY = 'pk_attack'

// ---------------------------------------------------------------------------
// Replies

/** What an endpoint answers. `body` is sent as is; `json` is serialized. */
export interface Reply {
  status?: number
  headers?: Record<string, string>
  json?: unknown
  body?: string
  /** Wait this long before answering (the request may be aborted meanwhile). */
  delayMs?: number
  /** Never answer (until the client gives up or the server stops). */
  hang?: boolean
}

export interface ApiRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  /** Parsed JSON body of a POST, else undefined. */
  body: unknown
  /** Path parameter (`/referrals/{code}`), decoded. */
  param?: string
}

export type Route = (req: ApiRequest) => Reply | Promise<Reply>

export const json = (value: unknown, status = 200, headers: Record<string, string> = {}): Reply => ({ status, json: value, headers })

export const problem = (status: number, code: string, detail = '', headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'application/problem+json', ...headers },
  body: JSON.stringify({ type: 'about:blank', title: code, status, code, detail }),
})

export interface Routes {
  program: Route
  member: Route
  activity: Route
  referral: Route
  signUp: Route
  redeem: Route
  claim: Route
  consent: Route
}

// ---------------------------------------------------------------------------
// A valid program and member (plain strings); tests derive naughty ones from these.

const ISO = '2025-03-14T09:26:53.000Z'

export function plainProgram(): Program {
  return {
    key: PROGRAM_KEY,
    name: 'Attack Rewards',
    currency: 'EUR',
    signupBonus: 100,
    rules: [
      { id: 'purchase', kind: 'purchase', name: 'Shop with us', points: 1, per: 1, claimable: false },
      { id: 'signup', kind: 'signup', name: 'Join the program', points: 100, claimable: false },
      { id: 'birthday', kind: 'birthday', name: 'Birthday treat', points: 50, claimable: true },
      { id: 'newsletter', kind: 'newsletter', name: 'Newsletter', points: 25, claimable: true },
      { id: 'instagram', kind: 'social_follow', name: 'Follow us', points: 20, claimable: true, url: 'https://social.example/attack' },
      { id: 'referral', kind: 'referral', name: 'Refer a friend', points: 200, claimable: false },
    ],
    rewards: [
      { id: 'five', kind: 'amount_off', name: 'Five off', cost: 500, value: 5 },
      { id: 'ten', kind: 'percent_off', name: 'Ten percent', cost: 1000, value: 10 },
      { id: 'ship', kind: 'free_shipping', name: 'Free shipping', description: 'On any order', cost: 300 },
      { id: 'pouch', kind: 'free_product', name: 'Travel pouch', description: 'A small pouch', cost: 800, imageUrl: 'https://cdn.example/pouch.png' },
      { id: 'donate', kind: 'donation', name: 'Donate', description: 'To a charity', cost: 100 },
    ],
    tiers: [
      { id: 'bronze', name: 'Bronze', threshold: 0, multiplier: 1, perks: [] },
      { id: 'silver', name: 'Silver', threshold: 500, multiplier: 1.5, perks: ['Birthday gift'] },
      { id: 'gold', name: 'Gold', threshold: 1500, multiplier: 2, perks: ['Free shipping', 'Early access'] },
    ],
    referral: { friend: { kind: 'percent_off', value: 10, description: '10% off your first order' }, advocatePoints: 200 },
    signupFields: { name: true, birthday: true, marketing: true },
    termsUrl: 'https://shop.example/terms',
    privacyUrl: 'https://shop.example/privacy',
  }
}

export function plainMember(): Member {
  return {
    id: 'm_anna',
    email: 'anna@example.com',
    name: 'Anna',
    birthday: '1990-05-01',
    balance: 900,
    lifetimePoints: 1200,
    tier: { id: 'silver', name: 'Silver' },
    nextTier: { id: 'gold', name: 'Gold', threshold: 1500, pointsNeeded: 300 },
    referral: { code: 'ANNA10', url: 'https://shop.example/r/ANNA10', friendsJoined: 2, pointsEarned: 400 },
    coupons: [
      { id: 'c1', rewardId: 'five', name: 'Five off', code: 'FIVE-1234', points: 500, state: 'active', expiresAt: null, createdAt: ISO },
      { id: 'c2', rewardId: 'donate', name: 'Donate', code: null, points: 100, state: 'active', expiresAt: null, createdAt: ISO },
    ],
    claimedRules: ['newsletter'],
    marketing: false,
    expiring: null,
    createdAt: ISO,
  }
}

export function plainActivity(): ActivityPage {
  return {
    entries: [
      { id: 'a1', type: 'signup', points: 100, description: 'Joined the program', createdAt: ISO },
      { id: 'a2', type: 'purchase', points: 1100, description: 'Order #1001', createdAt: ISO },
      { id: 'a3', type: 'redemption', points: -500, description: 'Five off', createdAt: ISO },
    ],
    nextCursor: null,
  }
}

export function plainOffer(code: string): ReferralOffer {
  return { code, friend: { kind: 'percent_off', value: 10, description: '10% off your first order' } }
}

export function defaultRoutes(): Routes {
  return {
    program: () => json(plainProgram()),
    member: () => json(plainMember()),
    activity: () => json(plainActivity()),
    referral: (r) => json(plainOffer(r.param ?? '')),
    signUp: (r) => {
      const input = r.body as { email?: string }
      const result: SignUpResult = { member: { ...plainMember(), email: input?.email ?? 'x@example.com' }, token: fakeJwt('signed-up') }
      return json(result, 201)
    },
    redeem: (r) => {
      const result: RedemptionResult = {
        redemption: { id: 'red_1', rewardId: String((r.body as { rewardId?: string })?.rewardId), code: 'CODE-1', points: 500 },
        balance: 400,
      }
      return json(result, 201)
    },
    claim: (r) => {
      const result: ClaimResult = { ruleId: String((r.body as { ruleId?: string })?.ruleId), points: 20, balance: 920 }
      return json(result)
    },
    consent: (r) => json({ ...plainMember(), marketing: (r.body as { marketing?: unknown })?.marketing === true }),
  }
}

/** A JWT-shaped customer token (HS256 header, far `exp`); the fake never checks the signature. */
export function fakeJwt(sub = 'anna'): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, email: `${sub}@example.com`, aud: PROGRAM_KEY, iat: now, exp: now + 3600, jti: randomBytes(6).toString('hex') })}.${randomBytes(32).toString('base64url')}`
}

// ---------------------------------------------------------------------------
// The store page

export interface PageOptions {
  /** `data-customer-token` (null: a guest). */
  token: string | null
  /** Serve the strict CSP with Trusted Types (default true). */
  csp: boolean
  /**
   * Leave the widget's script tag out of the HTML; `window.__loadWidget()` adds it
   * (so a test can read the page's state before the widget ever ran).
   */
  defer: boolean
  /** The page's own storage, written by an inline script before the widget loads. */
  hostStorage: boolean
  /** `data-locale` (default `en`). */
  locale: string
}

export interface AttackSite {
  /** The store's origin. */
  origin: string
  /** The API's origin. */
  api: string
  /** data-endpoint. */
  endpoint: string
  /** Options of the pages served from now on. */
  page: PageOptions
  routes: Routes
  /** Every API request (OPTIONS excluded), oldest first. */
  requests: ApiRequest[]
  /** `/shop` plus a query string, e.g. url('?loyalkit=rewards'). */
  url(query?: string): string
  /** The Content-Security-Policy of the last page served ('' without one). */
  lastCsp: string
  /** Put back the default routes and page options, and forget the requests. */
  reset(): void
  stop(): Promise<void>
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

const DEFAULT_PAGE: PageOptions = { token: null, csp: true, defer: false, hostStorage: false, locale: 'en' }

export async function startAttackSite(): Promise<AttackSite> {
  const { files, integrity } = await snapshotDist()
  // Answers still pending (hanging or delayed), cut off at stop so the servers can close.
  const pending = new Set<ServerResponse>()
  const servers: Server[] = []
  const site: AttackSite = {
    origin: '',
    api: '',
    endpoint: '',
    page: { ...DEFAULT_PAGE },
    routes: defaultRoutes(),
    requests: [],
    lastCsp: '',
    url: (query = '') => `${site.origin}/shop${query}`,
    reset() {
      site.page = { ...DEFAULT_PAGE }
      site.routes = defaultRoutes()
      site.requests.length = 0
    },
    async stop() {
      for (const res of pending) res.destroy()
      await Promise.all(
        servers.map((s) => {
          s.closeAllConnections()
          return new Promise((r) => s.close(r))
        }),
      )
    },
  }
  const store = storeServer(site, files, integrity)
  const api = apiServer(site, pending)
  servers.push(store, api)
  site.origin = await listen(store)
  site.api = await listen(api)
  site.endpoint = site.api + '/v1'
  return site
}

/** Listens on a free port of 127.0.0.1; returns the origin. */
async function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = 2_000
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

// ---------------------------------------------------------------------------
// The store: /shop and the dist/ snapshot

function storeServer(site: AttackSite, files: Map<string, Buffer>, integrity: string): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path.startsWith('/dist/')) return serveDist(res, files.get(path.slice('/dist'.length)), path)
    if (path == '/shop') return serveShop(site, res, integrity)
    if (path == '/favicon.ico') return void res.writeHead(204).end()
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
  })
}

function serveDist(res: ServerResponse, body: Buffer | undefined, path: string) {
  if (!body) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
  res.writeHead(200, {
    'Content-Type': contentType(path),
    'Content-Length': String(body.length),
    'Cache-Control': 'no-cache',
    'Access-Control-Allow-Origin': '*',
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(body)
}

/** The store page with a fresh nonce, under the strict CSP unless the page options say not to. */
function serveShop(site: AttackSite, res: ServerResponse, integrity: string) {
  const nonce = randomBytes(16).toString('base64')
  site.lastCsp = site.page.csp ? storeCsp(site, nonce) : ''
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    ...(site.page.csp ? { 'Content-Security-Policy': site.lastCsp } : {}),
  })
  res.end(shopPage(site, integrity, nonce))
}

/** Nonce-based scripts, no inline style, Trusted Types with only `loyalkit` (and the test's own loader). */
const storeCsp = (site: AttackSite, nonce: string) =>
  [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${site.origin}/dist/`,
    `style-src 'nonce-${nonce}'`,
    `connect-src ${site.api}`,
    "img-src 'self' https:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types loyalkit attack-loader',
  ].join('; ')

function shopPage(site: AttackSite, integrity: string, nonce: string) {
  const p = site.page
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Attack surface store</title>
  <script nonce="${nonce}">window.loyalkit=window.loyalkit||function(){(loyalkit.q=loyalkit.q||[]).push(arguments)}</script>
  ${p.hostStorage ? hostStorageScript(nonce) : ''}
  ${p.defer ? deferredLoader(site, integrity, nonce) : widgetTag(site, integrity, nonce)}
</head>
<body>
  <h1>A store page</h1>
  <p>Products would be here.</p>
</body>
</html>`
}

function widgetTag(site: AttackSite, integrity: string, nonce: string) {
  const p = site.page
  return `<script async src="${site.origin}/dist/loyalkit.js" integrity="${integrity}" crossorigin="anonymous" nonce="${nonce}"
        data-endpoint="${site.endpoint}" data-program="${PROGRAM_KEY}" data-locale="${escapeAttr(p.locale)}"${p.token ? ` data-customer-token="${escapeAttr(p.token)}"` : ''}></script>`
}

/** The page's own cookie and Web Storage, so a test can tell them from anything the widget writes. */
const hostStorageScript = (nonce: string) => `<script nonce="${nonce}">
  document.cookie = 'host_pref=dark; path=/; SameSite=Lax'
  localStorage.setItem('host-cart', '["pouch"]')
  sessionStorage.setItem('host-visit', '1')
</script>`

/** Deferred: the same tag, added when the test says so, through the page's own Trusted Types policy. */
function deferredLoader(site: AttackSite, integrity: string, nonce: string) {
  const p = site.page
  return `<script nonce="${nonce}">
  window.__loadWidget = () => new Promise((resolve, reject) => {
    const policy = window.trustedTypes ? trustedTypes.createPolicy('attack-loader', { createScriptURL: (u) => u }) : { createScriptURL: (u) => u }
    const s = document.createElement('script')
    s.async = true
    s.integrity = ${JSON.stringify(integrity)}
    s.crossOrigin = 'anonymous'
    s.nonce = ${JSON.stringify(nonce)}
    s.dataset.endpoint = ${JSON.stringify(site.endpoint)}
    s.dataset.program = ${JSON.stringify(PROGRAM_KEY)}
    s.dataset.locale = ${JSON.stringify(p.locale)}
    ${p.token ? `s.dataset.customerToken = ${JSON.stringify(p.token)}` : ''}
    s.onload = resolve
    s.onerror = reject
    s.src = policy.createScriptURL(${JSON.stringify(site.origin + '/dist/loyalkit.js')})
    document.head.append(s)
  })
</script>`
}

// ---------------------------------------------------------------------------
// The API: CORS for the store, each request recorded and answered by its route

function apiServer(site: AttackSite, pending: Set<ServerResponse>): Server {
  return createServer(async (req, res) => {
    const base = cors(site, req)
    if (req.method == 'OPTIONS') return void res.writeHead(204, base).end()
    const request = await readRequest(req)
    site.requests.push(request)
    const found = routeOf(request.method, request.path)
    let reply: Reply
    try {
      reply = found ? await site.routes[found](request) : problem(404, 'not_found', 'No such endpoint')
    } catch (e) {
      reply = problem(500, 'server_error', String(e))
    }
    await send(res, reply, base, pending)
  })
}

const cors = (site: AttackSite, req: IncomingMessage): Record<string, string> => {
  const o = req.headers.origin
  return o == site.origin
    ? {
        'Access-Control-Allow-Origin': o,
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, Idempotency-Key, X-Loyalkit-Program, Accept-Language',
        'Access-Control-Expose-Headers': 'Retry-After, ETag',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      }
    : { Vary: 'Origin' }
}

/** The request as routes see it: a POST's JSON body parsed (undefined if it is not JSON), the path parameter decoded. */
async function readRequest(req: IncomingMessage): Promise<ApiRequest> {
  const url = new URL(req.url ?? '/', 'http://x')
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const raw = Buffer.concat(chunks).toString('utf8')
  let body: unknown
  try {
    body = raw ? JSON.parse(raw) : undefined
  } catch {}
  const method = req.method ?? 'GET'
  return { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, param: pathParam(method, url.pathname) }
}

const REFERRAL = /^\/v1\/referrals\/([^/]+)$/

function routeOf(method: string, path: string): keyof Routes | null {
  if (method == 'GET' && (path == '/v1/program' || path == `/v1/programs/${PROGRAM_KEY}`)) return 'program'
  if (method == 'GET' && path == '/v1/members/me') return 'member'
  if (method == 'GET' && path == '/v1/members/me/activity') return 'activity'
  if (method == 'GET' && REFERRAL.test(path)) return 'referral'
  if (method == 'POST' && path == '/v1/members') return 'signUp'
  if (method == 'POST' && path == '/v1/members/me/redemptions') return 'redeem'
  if (method == 'POST' && path == '/v1/members/me/claims') return 'claim'
  if (method == 'POST' && path == '/v1/members/me/consent') return 'consent'
  return null
}

/** The referral code of `/v1/referrals/{code}`, decoded (as sent, if it does not decode). */
function pathParam(method: string, path: string): string | undefined {
  const ref = REFERRAL.exec(path)
  if (method != 'GET' || !ref) return undefined
  try {
    return decodeURIComponent(ref[1]!)
  } catch {
    return ref[1]!
  }
}

/** Answers as the reply says: never (hang), later (delayMs), then with its status, headers and body. */
async function send(res: ServerResponse, reply: Reply, base: Record<string, string>, pending: Set<ServerResponse>) {
  if (reply.hang) {
    pending.add(res)
    res.on('close', () => pending.delete(res))
    return
  }
  if (reply.delayMs) {
    pending.add(res)
    await new Promise((r) => setTimeout(r, reply.delayMs))
    pending.delete(res)
    if (res.destroyed) return
  }
  const payload = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json))
  const status = reply.status ?? 200
  res.writeHead(status, {
    ...base,
    ...(status == 204 ? {} : { 'Content-Type': reply.json === undefined ? 'text/plain; charset=utf-8' : 'application/json' }),
    'Cache-Control': 'no-store',
    ...reply.headers,
  })
  res.end(status == 204 ? undefined : payload)
}
