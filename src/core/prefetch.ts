/**
 * The program, fetched by the script-tag facade while the page is idle and handed to the UI when
 * it is evaluated on intent, so the panel opens without waiting for the network. A simple GET (the
 * key in the address, no custom header): no CORS preflight, and any CDN may cache it.
 */

/** Where the client asks for the program (`endpoint` as resolveConfig leaves it: no trailing slash). */
export const programUrl = (endpoint: string, program: string, locale: string): string => endpoint + '/programs/' + program + '?locale=' + locale

/** A fetch that answers the first request for `url` with the prefetched `response`. */
export function usePrefetched(url: string, response: Promise<Response>): typeof fetch {
  let pre: Promise<Response> | null = response
  return (input, init) => {
    const p = pre
    // ky passes a Request, whose url is absolute like ours. Only the first request may take it.
    pre = null
    return p && (input as Request).url == url ? p : fetch(input, init)
  }
}
