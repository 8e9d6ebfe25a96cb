import type { AuthorizeOptions, Authorizer, FetchLike } from '@oauthkit/core'
import type { OAuthContext } from '@oauthkit/core/adapter'
import { attachRefusal } from '@oauthkit/core/adapter'
import type { FetchOAuthDefaults } from '@oauthkit/fetch'
import { withOAuth as withOAuthFetch } from '@oauthkit/fetch'
import type { OAuthKy } from './typed-instance.ts'

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
  fetch?: FetchLike | undefined
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

type CallOptions = { context?: OAuthContext; fetch?: FetchLike }

/**
 * Returns a new ky instance (ky 1 or 2) whose every attempt is authorized by `auth`. It signs in
 * ky's `fetch` option, which ky calls for every attempt, so a retry gets a fresh nonce and timestamp;
 * it sees the final request (`prefixUrl`, ky 2's `prefix` and `baseUrl`, `searchParams`, `json`
 * and `body` applied). Redirects are followed and signed hop by hop as `@oauthkit/fetch` does.
 * Per request, pass `oauth: { placement }` (as fetch's `init.oauth`) or `context: { oauth: { placement } }`
 * (which wins when both are given), `false` for an unsigned request; these hold for every retry of
 * the call, and both are typed on the instance this returns ({@link OAuthKy}). Nothing on the
 * request itself (a header, the URL or the body) changes how it is signed.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { withOAuth } from '@oauthkit/ky'
 * import ky from 'ky'
 *
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' })
 * const api = withOAuth(ky, signer)
 *
 * const timeline = await api.get('https://api.example.com/1.1/statuses/home_timeline.json', { searchParams: { count: 5 } }).json()
 * await api.post('https://api.example.com/1.1/statuses/update.json', {
 *   body: new URLSearchParams({ status: 'Hello' }),
 *   context: { oauth: { placement: 'body' } },
 * })
 * ```
 */
export function withOAuth<Ky extends KyLike, Options extends AuthorizeOptions>(
  ky: Ky,
  auth: Authorizer<Options>,
  defaults: KyOAuthDefaults = {},
): OAuthKy<Ky> {
  const { fetch: fetchFunction, ...fetchDefaults } = defaults
  const oauthFetch = withOAuthFetch(fetchFunction, auth, fetchDefaults)
  // Per-call options never travel on the request: its headers, URL and body may hold what a caller
  // of the application sent. ky 1 sends each attempt's Request as its beforeRequest hooks saw it.
  const attempts = new WeakMap<Request, OAuthContext['oauth']>()
  const sign = (input: RequestInfo | URL, init: RequestInit | undefined, oauth?: OAuthContext['oauth']) => {
    const request = input instanceof Request ? input : new Request(input, init)
    // With a Request, ky's init holds what a Request does not (undici's dispatcher): it goes on.
    // ky 1 before 1.13 puts the call's `context` there too (an option it does not know): the
    // fallback when a beforeRequest hook of the caller's returned a Request that ours never saw.
    const { context, ...extra } = ((input instanceof Request ? init : undefined) ?? {}) as RequestInit & CallOptions
    oauth ??= attempts.get(request) ?? context?.oauth
    return oauthFetch(request, oauth === undefined ? extra : { ...extra, oauth })
  }
  const signingFetch: FetchLike = (input, init) => sign(input, init)
  const hooks = {
    // ky 2 runs init hooks once per call on its own copy of the options, then sends every attempt
    // (retries, `ky.retry()`, a hook's new Request) through that copy's fetch: bind the call to it.
    init: [
      (options: CallOptions) => {
        if (options.fetch === signingFetch) options.fetch = (input, init) => sign(input, init, options.context?.oauth)
      },
    ],
    // ky 1 has no init hooks but runs beforeRequest(request, options) on every attempt.
    beforeRequest: [
      (request: unknown, options?: CallOptions) => {
        if (request instanceof Request) attempts.set(request, options?.context?.oauth)
      },
    ],
    // ky 1 hands beforeError its HTTPError, ky 2 `{ error }`; both take the error back: the refusal of the response goes on it.
    beforeError: [(state: Error | { error: Error }) => attachRefusal(state instanceof Error ? state : state.error)],
  }
  const extend = ky.extend as (options: { fetch: FetchLike; hooks: typeof hooks }) => OAuthKy<Ky>
  return extend.call(ky, { fetch: signingFetch, hooks })
}
