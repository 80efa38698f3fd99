/**
 * The program, fetched and parsed by the script-tag facade while the page is idle and handed to the
 * UI when it is evaluated on intent, so the panel opens without waiting for the network or the body.
 * A simple GET (the key in the address, no custom header): no CORS preflight, and any CDN may cache it.
 */

/** Where the client asks for the program (`endpoint` as resolveConfig leaves it: no trailing slash). */
export const programUrl = (endpoint: string, program: string, locale: string): string => endpoint + '/programs/' + program + '?locale=' + locale

/**
 * The program's JSON, fetched now: what the UI validates and uses in place of its first request for
 * it, so a click draws home in the same task as the mount. Anything else (a failure, an error status,
 * an unreadable body) resolves to nothing, and the UI asks again, where failures are reported.
 */
export const fetchProgram = (url: string): Promise<unknown> =>
  fetch(url)
    .then((r) => r.ok && r.json())
    .catch(() => {})
