import { createApi, type Api } from './api.ts'
import type { ClientOptions } from './client.ts'
import { LoyaltyError } from './errors.ts'
import { tokenClaim } from './token.ts'
import { within } from './within.ts'

/** Refresh this long before `exp`, so a request never leaves with a dying token. */
const EARLY = 60

/**
 * Who the shopper is, as the API sees them: the customer token (or the store's getter for fresh ones)
 * and the shopper's generation, which `become` starts anew. A request started in one generation never
 * goes out with a token of another (a late renewal is dropped), and its answer is not used: it fails
 * as `unauthorized`.
 */
export function createSession(o: ClientOptions) {
  // null or undefined alike: none.
  let token = o.customer?.token
  let getter = o.getCustomerToken
  let gen = 0
  const same = (g: number, operation?: string) => {
    if (g != gen) throw new LoyaltyError('unauthorized', 'The shopper changed', operation)
  }

  /**
   * A token from the store's getter, kept (and used) only while the shopper is still the one of generation `g`.
   * A getter that fails, or does not answer within a request's time limit, gives none (the server then says 401).
   */
  const renew = async (g: number) => {
    let t: string | null = null
    try {
      t = (await within(Promise.resolve().then(getter!), o.timeout ?? 1e4)) || null
    } catch {}
    same(g)
    return (token = t)
  }

  const language = o.language ?? (() => 'en')
  // createApi reads its own options from the client's (endpoint, program, fetch, retries, timeout), with
  // the shopper's token bound to each request. `g`: the generation the request started in. Without a
  // getter, the token is all there is. After a 401 the getter is asked again only if the request went
  // out with a token (`sent`): one that has just given none, or not answered, is not asked twice. Before,
  // it is asked unless the token held is known to last EARLY seconds more (none, or no `exp`: asked).
  const api = createApi({
    ...o,
    language,
    auth: (g = gen) => {
      let sent: string | null | undefined
      return async (again) => {
        same(g)
        return (sent = getter && (again ? sent : !((tokenClaim(token, 'exp') as number) - EARLY > Date.now() / 1000)) ? await renew(g) : again ? null : token)
      }
    },
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
    /**
     * A new shopper (or, with no arguments, none): whatever was under way for the previous one is stale.
     * True unless it is surely the same person: a token for the same customer (`sub`) as the one held.
     * A getter says nothing of whom it will return (one function may serve whoever is signed in).
     */
    become(t?: string | null, f?: ClientOptions['getCustomerToken']): boolean {
      const who = tokenClaim(t, 'sub')
      const kept = !f && who != null && who === tokenClaim(token, 'sub')
      token = t
      getter = f
      gen++
      return !kept
    },
  }
}

export type Session = ReturnType<typeof createSession>
