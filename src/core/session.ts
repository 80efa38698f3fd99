import { createApi, type Api, type ApiOptions } from './api.ts'
import type { LoyaltyOptions } from './config.ts'
import { LoyaltyError } from './errors.ts'
import { tokenClaim } from './token.ts'
import { within } from './within.ts'

/** Refresh this long before `exp`, so a request never leaves with a dying token. */
const EARLY = 60

/**
 * Whether a request asks the store's getter for a token. Before it goes out: unless the token held
 * surely lasts EARLY seconds more (none, no `exp`, or unreadable: it does not). After a 401: only if it
 * went out with one (`sent`); a getter that has just given none, or not answered, is not asked twice.
 */
const renewalDue = (token: string | null | undefined, again?: true, sent?: string | null): boolean =>
  again ? !!sent : !((tokenClaim(token, 'exp') as number) - EARLY > Date.now() / 1000)

/** Surely the person whose token is `held`: a token for the same customer (`sub`). A getter may return anyone. */
const samePerson = (held: string | null | undefined, t?: string | null, f?: unknown): boolean => {
  const who = tokenClaim(t, 'sub')
  return !f && who != null && who === tokenClaim(held, 'sub')
}

/** A call for the shopper of the generation it started in: if they changed meanwhile, its answer (or failure) gives way to `unauthorized`. */
const forShopper =
  (api: Api, gen: () => number, same: (g: number, operation: string) => void): Api =>
  async (operation, ...rest) => {
    const g = gen()
    try {
      return await api(operation, ...rest)
    } finally {
      same(g, operation)
    }
  }

/** What a session is made from: the API's options, less the token binding it adds itself. */
export interface SessionOptions extends Omit<ApiOptions, 'auth' | 'language'> {
  /** The shopper's token, if any (null, like absent, means none). */
  customer?: { token?: string | null }
  getCustomerToken?: LoyaltyOptions['getCustomerToken'] | null
  /** Language for `Accept-Language` (a getter, as the shopper may switch). */
  language?: () => string
}

/**
 * Who the shopper is, as the API sees them: the customer token (or the store's getter for fresh ones)
 * and the shopper's generation, which `become` starts anew. A request started in one generation never
 * goes out with a token of another (a late renewal is dropped), and its answer is not used: it fails
 * as `unauthorized`.
 */
export function createSession(o: SessionOptions) {
  // null or undefined alike: none.
  let token = o.customer?.token
  let getter = o.getCustomerToken
  let gen = 0
  const same = (g: number, operation?: string) => {
    if (g != gen) throw new LoyaltyError('unauthorized', 'The shopper changed', operation)
  }

  /**
   * The getter's token, for the shopper of generation `g`; none if it fails or is not there in time. If the
   * getter was let go meanwhile (the same person's new token came), that token stays, and is the answer.
   */
  const renew = async (g: number) => {
    const t = (await within(Promise.resolve().then(getter), o.timeout ?? 1e4).catch(() => {})) || null
    same(g)
    return getter ? (token = t) : token
  }

  const language = o.language ?? (() => 'en')
  // Each request is bound to the shopper of generation `g`, when it started; without a getter, the token held is all there is.
  const api = createApi({
    ...o,
    language,
    auth: (g = gen) => {
      let sent: string | null | undefined
      return async (again) => {
        same(g)
        return (sent = getter && renewalDue(token, again, sent) ? await renew(g) : again ? null : token)
      }
    },
  })

  const call = forShopper(api, () => gen, same)

  return {
    /** A call that needs no shopper (the program, a referral code). */
    api,
    call,
    language,
    /** A token, or a way to get one, is held. */
    identified: () => !!(token || getter),
    hasToken: () => !!token,
    /** The token a sign-up answered, for the shopper who signed up. */
    keep: (t: string) => void (token = t),
    /** Another person (none, without arguments): what was under way is stale, and true. The same person's new token is just used. */
    become(t?: string | null, f?: SessionOptions['getCustomerToken']): boolean {
      const other = !samePerson(token, t, f)
      token = t
      getter = f
      if (other) gen++
      return other
    },
  }
}

export type Session = ReturnType<typeof createSession>
