import type { AuthorizeOptions, Authorizer, RequestOAuthOptions } from '@oauthkit/core'
import type { FetchFunction, FetchOAuthDefaults, OAuthRequestInit } from '@oauthkit/fetch'
import { withOAuth as withOAuthFetch } from '@oauthkit/fetch'

/**
 * The `context` of a ky request that carries OAuth options: ky's own idiom for per-request data.
 *
 * @example
 * ```ts
 * import type { OAuthContext } from '@oauthkit/ky'
 *
 * const context: OAuthContext = { oauth: { placement: 'query' } }
 * const unsigned: OAuthContext = { oauth: false }
 * ```
 */
// A type alias, not an interface: ky types `context` as Record<string, unknown>, which an interface does not satisfy.
export type OAuthContext = {
  /** Options for this request, or `false` to send it unsigned. */
  oauth?: RequestOAuthOptions | undefined
}

/**
 * The defaults of the ky adapter: those of `@oauthkit/fetch` (placement, allowed origins, redirects),
 * and the `fetch` to send with (the global `fetch`, looked up at each call, by default).
 *
 * @example
 * ```ts
 * import type { KyOAuthDefaults } from '@oauthkit/ky'
 *
 * const defaults: KyOAuthDefaults = { placement: 'header', origins: ['https://api.example.com'] }
 * ```
 */
export interface KyOAuthDefaults extends FetchOAuthDefaults {
  /** The fetch that sends each attempt; the global one by default. */
  fetch?: FetchFunction | undefined
}

/**
 * The part of a ky instance (ky 1 or 2) that `withOAuth` uses: `extend`, whose options differ by major.
 *
 * @example
 * ```ts
 * import type { KyLike } from '@oauthkit/ky'
 * import ky from 'ky'
 *
 * const instance: KyLike = ky
 * ```
 */
export interface KyLike {
  extend: (...args: never[]) => unknown
}

/**
 * Carries the per-request options from ky's `context` to the signing fetch. ky hands hooks a frozen
 * copy of the options, and retries start from a clone of the request, so the options travel on the
 * request itself, in a header that the signing fetch removes before anything is sent.
 */
const OPTIONS_HEADER = 'x-oauthkit-request-options'

type HookState = { request: Request; options: { context?: Record<string, unknown> } }

function carryContextOptions(...args: [HookState] | [Request, HookState['options']]): void {
  // ky 2 passes one state object; ky 1 passes (request, options).
  const [request, options] = args[0] instanceof Request ? [args[0], args[1]] : [args[0].request, args[0].options]
  const oauth = (options?.context as OAuthContext | undefined)?.oauth
  if (oauth !== undefined) request.headers.set(OPTIONS_HEADER, JSON.stringify(oauth))
}

/**
 * Returns a new ky instance (ky 1 or 2) whose every attempt is authorized by `auth`. It signs in
 * ky's `fetch` option, which ky calls for every attempt, so a retry gets a fresh nonce and timestamp;
 * it sees the final request (`prefixUrl`, ky 2's `prefix` and `baseUrl`, `searchParams`, `json`
 * and `body` applied). Redirects are followed and signed hop by hop as `@oauthkit/fetch` does.
 * Per request, pass `context: { oauth: { placement } }`, or `context: { oauth: false }` for an
 * unsigned request.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { withOAuth } from '@oauthkit/ky'
 * import ky from 'ky'
 *
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' })
 * const api = withOAuth(ky.create({ prefix: 'https://api.example.com/1.1/' }), signer)
 *
 * const timeline = await api.get('statuses/home_timeline.json', { searchParams: { count: 5 } }).json()
 * await api.post('statuses/update.json', {
 *   body: new URLSearchParams({ status: 'Hello' }),
 *   context: { oauth: { placement: 'body' } },
 * })
 * ```
 */
export function withOAuth<Ky extends KyLike, Options extends AuthorizeOptions>(
  ky: Ky,
  auth: Authorizer<Options>,
  defaults: KyOAuthDefaults = {},
): ReturnType<Ky['extend']> {
  const { fetch: fetchFunction, ...fetchDefaults } = defaults
  const oauthFetch = withOAuthFetch(fetchFunction, auth, fetchDefaults)
  const signingFetch: FetchFunction = (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init)
    // With a Request, ky's init holds what a Request does not (undici's dispatcher): it goes on.
    // ky 1 puts the call's `context` there too (an option it does not know): read first, as a
    // beforeRequest hook of the caller's that returns a Request keeps ky 1 from running ours.
    const { context, ...extra } = (input instanceof Request ? init : undefined) as RequestInit & { context?: OAuthContext }
    const carried = request.headers.get(OPTIONS_HEADER)
    const oauth = context?.oauth ?? (carried === null ? undefined : (JSON.parse(carried) as OAuthRequestInit['oauth']))
    if (carried === null) return oauthFetch(request, oauth === undefined ? extra : { ...extra, oauth })
    const headers = new Headers(request.headers)
    headers.delete(OPTIONS_HEADER)
    return oauthFetch(new Request(request, { headers }), { ...extra, oauth })
  }
  const extend = ky.extend as (options: { fetch: FetchFunction; hooks: { beforeRequest: unknown[] } }) => ReturnType<Ky['extend']>
  return extend.call(ky, { fetch: signingFetch, hooks: { beforeRequest: [carryContextOptions] } })
}
