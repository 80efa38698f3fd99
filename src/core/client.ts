import { batch } from '@preact/signals-core'
import { createApi, type Api } from './api.ts'
import type { ActivityPage, Member, Program, RedemptionResult, ReferralOffer, SignUpInput, SignUpResult } from './contract.ts'
import type { LoyaltyOptions } from './config.ts'
import { LoyaltyError } from './errors.ts'
import type { Emit } from './events.ts'
import {
  ActivityPageSchema,
  ClaimResultSchema,
  MemberSchema,
  MeSchema,
  ProgramSchema,
  RedemptionResultSchema,
  ReferralOfferSchema,
  SignUpResultSchema,
} from './schemas.ts'
import { createStore, type LoyaltyState, type Store } from './store.ts'
import { newIdempotencyKey, tokenExpiry } from './token.ts'

export interface ClientOptions {
  /** The shopper's token, if any (null, like absent, means none). */
  customer?: { token: string | null }
  getCustomerToken?: LoyaltyOptions['getCustomerToken'] | null
  /** Validated endpoint URL (see resolveConfig). */
  endpoint: string
  program: string
  /** Language for `Accept-Language` (a getter, as the shopper may switch). */
  language?: () => string
  /** Where events go (the UI passes one bound to `document`). */
  emit?: Emit
  fetch?: typeof fetch
  retries?: number
  timeout?: number
  /** The store to fill (the npm entry makes it before the UI loads, so `state` exists at once). */
  store?: Store
}

export type Identity = { token: string } | { getCustomerToken: NonNullable<LoyaltyOptions['getCustomerToken']> }

/** Refresh this long before `exp`, so a request never leaves with a dying token. */
const EARLY = 60

/**
 * The data layer: API calls, the signals store and the events that follow from
 * changes. Knows nothing of the DOM beyond `emit`; the UI and `loyalkit/headless`
 * both sit on it.
 */
export function createClient(o: ClientOptions) {
  const store: Store = o.store ?? createStore()
  const emit: Emit = o.emit ?? (() => {})
  // null or undefined alike: none.
  let token = o.customer?.token
  let getter = o.getCustomerToken
  let destroyed = false
  store.identified.value = !!(token || getter)

  /**
   * The shopper's generation, bumped by identify and logout. A request started in one never goes out with a
   * token of another (a late renewal is dropped), and its answer is not used: it fails as `unauthorized`.
   */
  let gen = 0
  /**
   * Bumped by every change to the member we know of (and by a new shopper): a `member()` answer
   * started before a later change (a redeem's balance) is stale and must not undo it.
   */
  let version = 0
  const same = (g: number, operation?: string) => {
    if (g != gen) throw new LoyaltyError('unauthorized', 'The shopper changed', operation)
  }

  /** A token from the store's getter, kept (and used) only while the shopper is still the one of generation `g`. */
  const renew = async (g: number) => {
    let t: string | null = null
    try {
      t = (await getter!()) || null
    } catch {}
    same(g)
    return (token = t)
  }

  const language = o.language ?? (() => 'en')
  const api = createApi({
    endpoint: o.endpoint,
    program: o.program,
    language,
    // `g`: the generation the request started in. Without a getter, the token is all there is.
    auth:
      (g = gen) =>
      async (again) => {
        same(g)
        return getter && (again || !token || tokenExpiry(token) - EARLY < Date.now() / 1000) ? renew(g) : again ? null : token
      },
    fetch: o.fetch,
    retries: o.retries,
    timeout: o.timeout,
  })

  /** A call for the current shopper: if they changed meanwhile, its answer (or failure) gives way to `unauthorized`. */
  const call: Api = async (operation, ...rest) => {
    const g = gen
    try {
      return await api(operation, ...rest)
    } finally {
      same(g, operation)
    }
  }

  /** A new shopper, or none: whatever was under way for the previous one is stale. */
  const become = (t?: string | null, f?: typeof getter) => {
    token = t
    getter = f
    gen++
    version++
  }

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    if (destroyed) throw new LoyaltyError('destroyed', 'This loyalty instance was destroyed', operation)
    try {
      const result = await run()
      if (store.error.value?.operation == operation) store.error.value = null
      return result
    } catch (error) {
      // Reported once (event + store), then handed back to the caller. (Inline: a helper costs bytes.)
      const e = error instanceof LoyaltyError ? error : new LoyaltyError('server_error', String((error as Error)?.message ?? error), operation)
      if (!destroyed) {
        store.error.value = e
        emit('error', { code: e.code, message: e.message, operation: e.operation || operation })
      }
      throw e
    }
  }

  /** Store a member and announce what changed about it. */
  const setMember = (next: Member | null) => {
    version++
    const previous = store.member.value
    store.member.value = next
    if (!next || !previous || previous.id != next.id) return
    if (next.balance != previous.balance) {
      emit('points', { balance: next.balance, previous: previous.balance, delta: next.balance - previous.balance })
    }
    if (next.tier.id != previous.tier.id) emit('tier', { tier: next.tier, previous: previous.tier })
  }

  const patchBalance = (balance: number) => {
    const m = store.member.value
    if (m) setMember({ ...m, balance })
  }

  const program = () =>
    guard('program', async () => {
      // By its key in the address (config allows only [\w.-] in keys), with no custom header: no CORS
      // preflight, and one cached copy per language.
      const p = await api<Program>('program', 'get', 'programs/' + o.program, ProgramSchema, { searchParams: { locale: language() }, keyInPath: true })
      store.program.value = p
      return p
    })

  const member = () =>
    guard('member', async () => {
      if (!token && !getter) return null
      const asked = ++version
      let m: Member | null = null
      try {
        m = await call<Member | null>('member', 'get', 'members/me', MeSchema, { auth: true })
      } catch (error) {
        // Identified by the store but not a member yet (204, or 404 from older backends): the widget offers
        // sign-up. A stale answer (the shopper changed, or a newer change) is no news, even a failure.
        if (asked == version && !(error instanceof LoyaltyError && error.code == 'not_found')) throw error
      }
      if (asked == version) setMember(m)
      return m
    })

  /** Program and member together: what `ready` and `refresh` wait for. */
  const load = async () => {
    store.status.value = 'loading'
    try {
      const [p, m] = await Promise.all([program(), member()])
      store.status.value = 'ready'
      store.updatedAt.value = Date.now()
      return { program: p, member: m }
    } catch (error) {
      store.status.value = 'error'
      throw error
    }
  }

  return {
    state: store.readonly as LoyaltyState,
    /** Internal writable store, for the UI layer. */
    store,
    program,
    member,
    load,
    refresh: load,

    signUp: (input: SignUpInput, key = newIdempotencyKey()) =>
      guard('signUp', async () => {
        const r = await call<SignUpResult>('signUp', 'post', 'members', SignUpResultSchema, { json: input, key, auth: !!token })
        token = r.token
        batch(() => {
          store.identified.value = true
          setMember(r.member)
        })
        emit('signup', { member: r.member })
        emit('points', { balance: r.member.balance, previous: 0, delta: r.member.balance })
        return r
      }),

    redeem: (rewardId: string, key = newIdempotencyKey()) =>
      guard('redeem', async () => {
        const r = await call<RedemptionResult>('redeem', 'post', 'members/me/redemptions', RedemptionResultSchema, {
          json: { rewardId },
          key,
          auth: true,
        })
        const reward = store.program.value?.rewards.find((x) => x.id == rewardId)
        patchBalance(r.balance)
        if (reward) emit('redeem', { reward, redemption: r.redemption, balance: r.balance })
        // Coupons and tier come from the server's view of the member.
        member().catch(() => {})
        return r
      }),

    claim: (ruleId: string, key = newIdempotencyKey()) =>
      guard('claim', async () => {
        const r = await call('claim', 'post', 'members/me/claims', ClaimResultSchema, { json: { ruleId }, key, auth: true })
        const rule = store.program.value?.rules.find((x) => x.id == ruleId)
        const m = store.member.value
        if (m) setMember({ ...m, balance: r.balance, claimedRules: [...m.claimedRules, ruleId] })
        if (rule) emit('claim', { rule, points: r.points, balance: r.balance })
        return r
      }),

    /**
     * Give (true) or withdraw (false) the member's consent to marketing email. Resolves to the member as
     * the server now has it (also in `state.member`), and sends `consent`.
     */
    setConsent: (marketing: boolean, key = newIdempotencyKey()) =>
      guard('setConsent', async () => {
        const m = await call<Member>('setConsent', 'post', 'members/me/consent', MemberSchema, { json: { marketing }, key, auth: true })
        setMember(m)
        emit('consent', { marketing: m.marketing })
        return m
      }),

    activity: (cursor?: string | null) =>
      guard('activity', () =>
        call<ActivityPage>('activity', 'get', 'members/me/activity', ActivityPageSchema, {
          auth: true,
          searchParams: cursor ? { cursor } : {},
        }),
      ),

    referral: (code: string) => guard('referral', () => api<ReferralOffer>('referral', 'get', 'referrals/' + encodeURIComponent(code), ReferralOfferSchema)),

    /** Switch shopper without a reload. */
    identify: (identity: Identity) =>
      guard('identify', async () => {
        if ('token' in identity) become(identity.token)
        else become(null, identity.getCustomerToken)
        store.identified.value = true
        const m = await member()
        emit('identify', { member: m })
        return m
      }),

    logout: async () => {
      become()
      batch(() => {
        store.identified.value = false
        store.member.value = null
      })
      emit('logout', {})
    },

    destroy: () => {
      destroyed = true
      become()
    },
  }
}

export type Client = ReturnType<typeof createClient>
