/**
 * The program, fetched and parsed by the script-tag facade while the page is idle and handed to the
 * UI when it is evaluated on intent, so the panel opens without waiting for the network or the body.
 * A simple GET (the key in the address, no custom header): no CORS preflight, and any CDN may cache it.
 */

import type { ResolvedConfig } from './config.ts'

/**
 * The program's JSON for `locale`, fetched now from where the client asks for it (the endpoint as
 * resolveConfig leaves it: no trailing slash): what the UI validates and uses in place of its first
 * request for it, so a click draws home in the same task as the mount. Anything else (a failure, an
 * error status, an unreadable body) resolves to nothing, and the UI asks again, where failures are reported.
 */
export const fetchProgram = ({ endpoint, program }: ResolvedConfig, locale: string): Promise<unknown> =>
  fetch(endpoint + '/programs/' + program + '?locale=' + locale)
    .then((r) => r.ok && r.json())
    .catch(() => {})
