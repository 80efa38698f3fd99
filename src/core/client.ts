import { batch } from '@preact/signals-core'
import * as v from 'valibot'
import type { Member, Program, ReferralOffer, SignUpInput, SignUpResult } from './contract.ts'
import type { LoyaltyOptions } from './config.ts'
import { LoyaltyError } from './errors.ts'
import type { Emit } from './events.ts'
import { MeSchema, ProgramSchema, ReferralOfferSchema, SignUpResultSchema } from './schemas.ts'
import { createStore, type LoyaltyState, type Store } from './store.ts'
import { createSession, type Session, type SessionOptions } from './session.ts'
import { newIdempotencyKey } from './token.ts'
import { within } from './within.ts'

export interface ClientOptions extends SessionOptions {
  /** Where events go (the UI passes one bound to `document`). */
  emit?: Emit
  /**
   * The program's JSON for this language, fetched ahead (the script tag's idle prefetch): the first
   * load uses it if it is a valid program, else asks for it.
   */
  programAhead?: Promise<unknown> | null
  /** That JSON itself, when it had arrived before the client was made: the store has the program at once. */
  programJson?: unknown
  /** The store to fill (the npm entry makes it before the UI loads, so `state` exists at once). */
  store?: Store
}

export type Identity = { token: string } | { getCustomerToken: NonNullable<LoyaltyOptions['getCustomerToken']> }

/**
 * What the member's other actions (member-actions.ts, loaded with the views) build on: a call for the
 * current shopper, the reporting guard, and the member's store.
 */
export interface Kernel {
  store: Store
  emit: Emit
  call: Session['call']
  /** Runs an operation: its failure is reported once (event and store), then handed back. */
  guard: <T>(operation: string, run: () => Promise<T>) => Promise<T>
  /** Stores a member and announces what changed about it. */
  setMember: (next: Member | null) => void
  /** The member as the server has it now. */
  member: () => Promise<Member | null>
}

/**
 * The data layer: API calls, the signals store and the events that follow from changes. Knows
 * nothing of the DOM beyond `emit`; the UI and `loyalkit/headless` both sit on it. This is what a
 * first open needs (the program, the member, joining); a member's other actions are in
 * member-actions.ts, on the `kernel`.
 */
export function createClient(o: ClientOptions) {
  const store: Store = o.store ?? createStore()
  const emit: Emit = o.emit ?? (() => {})
  const session = createSession(o)
  store.identified.value = session.identified()
  const { guard, stop } = reporter(store, emit)
  const { setMember, member, become } = memberState(store, emit, session, guard)

  const kernel: Kernel = { store, emit, call: session.call, guard, setMember, member }
  // Used by the first load only: a refresh asks the server.
  let ahead = programAhead(o, store)
  const load = loader(
    store,
    () => {
      const early = ahead
      ahead = null
      return program(o, session, kernel, early)
    },
    member,
  )
  return {
    state: store.readonly as LoyaltyState,
    /** Internal writable store, for the UI layer. */
    store,
    /** Internal: what member-actions.ts builds on. */
    kernel,
    program: () => program(o, session, kernel),
    member,
    load,
    refresh: load,
    signUp: (input: SignUpInput, key = newIdempotencyKey()) => signUp(session, kernel, input, key),
    referral: (code: string) =>
      guard('referral', () => session.api<ReferralOffer>('referral', 'get', 'referrals/' + encodeURIComponent(code), ReferralOfferSchema)),

    ...shopperSwitch(kernel, become),
    destroy: () => {
      stop()
      become()
    },
  }
}

/**
 * The member in the store, kept current. `version` is bumped by every change to the member we know of
 * (and by a new shopper): a `member()` answer started before a later change (a redeem's balance) is
 * stale and must not undo it.
 */
function memberState(store: Store, emit: Emit, session: Session, guard: Kernel['guard']) {
  let version = 0
  // The latest request for the member, of this shopper: only its failure says their membership failed,
  // and only while it is not known (a refresh of a known one, member or not, shows what is known).
  let asking = 0
  let known = false

  // Whoever the store is given (a member, or none after an account is deleted), their membership is known.
  const setMember = (next: Member | null) => {
    version++
    known = true
    store.memberPending.value = ''
    const previous = store.member.value
    store.member.value = next
    const before = previous?.id == next?.id ? previous : next?.seen
    if (next && before) memberNews(emit, before, next, store.program.value)
  }

  const member = () =>
    guard('member', async () => {
      if (!session.identified()) return null
      const asked = ++version
      const ask = ++asking
      if (!known) store.memberPending.value = 'asking'
      let m: Member | null = null
      try {
        m = await session.call<Member | null>('member', 'get', 'members/me', MeSchema, { auth: true })
      } catch (error) {
        // Identified by the store but not a member yet (204, or 404 from older backends): the widget offers
        // sign-up. A stale answer (the shopper changed, or a newer change) is no news, even a failure.
        if (!(error instanceof LoyaltyError && error.code == 'not_found')) {
          if (ask == asking && !known) store.memberPending.value = 'failed'
          if (asked == version) throw error
          return null
        }
      }
      // The latest change wins (setMember marks the membership known): a newer ask, or a newer change,
      // makes this answer stale.
      if (asked == version) setMember(m)
      return m
    })

  /** A new shopper, or none: whatever was under way for the previous one is stale. */
  const become = (t?: string | null, f?: ClientOptions['getCustomerToken']) => {
    // Another person: nothing of the previous one's may show to them, not even while theirs loads.
    if (session.become(t, f)) {
      known = false
      store.member.value = null
      store.memberPending.value = ''
    }
    version++
    asking++
  }

  return { setMember, member, become }
}

/**
 * Runs operations so that a failure is reported once (the store's `error` and an `error` event), then
 * handed back to the caller; after `stop` (destroy), an operation fails at once and nothing is reported.
 */
function reporter(store: Store, emit: Emit) {
  let stopped = false
  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    if (stopped) throw new LoyaltyError('destroyed', 'This loyalty instance was destroyed', operation)
    try {
      const result = await run()
      if (store.error.value?.operation == operation) store.error.value = null
      return result
    } catch (error) {
      const e = error instanceof LoyaltyError ? error : new LoyaltyError('server_error', String((error as Error)?.message ?? error), operation)
      if (!stopped) {
        store.error.value = e
        emit('error', { code: e.code, message: e.message, operation: e.operation || operation })
      }
      throw e
    }
  }
  return { guard, stop: () => void (stopped = true) }
}

/** Another shopper, or none, without a reload; `become` makes the switch. */
function shopperSwitch({ store, emit, guard, member }: Kernel, become: (t?: string | null, f?: ClientOptions['getCustomerToken']) => void) {
  return {
    identify: (identity: Identity) =>
      // Anything else (a bare token string, nothing, {}) is the integration's mistake, said as one: never a
      // failure whose message repeats what was passed (a token), nor a silent switch to no shopper.
      typeof (identity as { token?: unknown })?.token != 'string' && typeof (identity as { getCustomerToken?: unknown })?.getCustomerToken != 'function'
        ? Promise.reject(new LoyaltyError('invalid_argument', 'loyalkit: identify needs { token } or { getCustomerToken }', 'identify'))
        : guard('identify', async () => {
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
  }
}

/** The events a new answer about the same member brings: its balance, its tier, a badge it earned. */
function memberNews(emit: Emit, previous: Pick<Member, 'balance' | 'tier' | 'badges'>, next: Member, program: Program | null): void {
  if (next.balance != previous.balance) emit('points', { balance: next.balance, previous: previous.balance, delta: next.balance - previous.balance })
  if (next.tier.id != previous.tier.id) emit('tier', { tier: next.tier, previous: previous.tier })
  for (const b of next.badges ?? []) {
    const badge = program?.badges?.find((x) => x.id == b.id)
    if (badge && !previous.badges?.some((x) => x.id == b.id)) emit('badge', { badge, earnedAt: b.earnedAt })
  }
}

/**
 * The program fetched ahead, if it is a valid one. Already here (`programJson`), it goes into the store
 * at once, so the UI's first render draws it rather than a skeleton to be replaced a moment later (a
 * second style and layout of the panel, on the click's path). On its way, it is waited for within a
 * request's time limit (as anything that is not a request of ours).
 */
function programAhead({ programAhead: coming, programJson, timeout }: ClientOptions, store: Store) {
  const valid = (json: unknown) => {
    const r = v.safeParse(ProgramSchema, json)
    return r.success && r.output
  }
  const now = valid(programJson)
  return now ? (store.program.value = now) : coming && within(coming, timeout ?? 1e4).then(valid)
}

/**
 * The program, by its key in the address (config allows only [\w.-] in keys): no custom header, no CORS
 * preflight, one cached copy per language. `ahead`: the one fetched ahead, if valid.
 */
const program = async (o: ClientOptions, session: Session, { store, guard }: Kernel, ahead?: ReturnType<typeof programAhead>) =>
  // Only asking is guarded: after destroy() (the wait for what was fetched ahead may outlast it) nothing is asked.
  (store.program.value =
    (ahead && (await ahead)) ||
    (await guard('program', () =>
      session.api<Program>('program', 'get', 'programs/' + o.program, ProgramSchema, {
        searchParams: { locale: session.language() },
        keyInPath: true,
      }),
    )))

/** Program and member together: what `ready` and `refresh` wait for. */
const loader = (store: Store, program: () => Promise<Program>, member: () => Promise<Member | null>) => async () => {
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

/** Join: the answer's token becomes the shopper's, and the new member is announced. */
const signUp = (session: Session, { store, emit, guard, setMember }: Kernel, input: SignUpInput, key: string) =>
  guard('signUp', async () => {
    const r = await session.call<SignUpResult>('signUp', 'post', 'members', SignUpResultSchema, { json: input, key, auth: session.hasToken() })
    session.keep(r.token)
    batch(() => {
      store.identified.value = true
      setMember(r.member)
    })
    emit('signup', { member: r.member })
    emit('points', { balance: r.member.balance, previous: 0, delta: r.member.balance })
    return r
  })

export type Client = ReturnType<typeof createClient>
