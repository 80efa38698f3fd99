/**
 * `p`, or undefined if it has not settled within `ms` (a request's time limit, for what is not a request
 * of ours: the program fetched ahead, the store's token getter, a locale pack). A value that is no
 * promise is had at once. The timer is cleared either way: nothing is left armed after destroy.
 */
export const within = <T>(p: T | Promise<T>, ms: number): Promise<T | undefined> => {
  let timer: unknown
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer as never))
}
