import type { AdapterDefaults, AuthorizeOptions, Authorizer, RequestBody, RequestParts } from '@oauthkit/core'
import { isOAuthError } from '@oauthkit/core'
import type { OAuthCall, OAuthContext } from '@oauthkit/core/adapter'
import { attachRefusal, bindAuthorizer, headerPairs, recordRefusal } from '@oauthkit/core/adapter'
import type { GotOptions, GotResponse, HeaderValue } from './got-options.ts'
import { byteLength, decoder, headerOf, pairValue, putHeader, readHeaders, setUrl } from './got-options.ts'
import type { OAuthGot } from './typed-instance.ts'

/**
 * What `withOAuth` needs of a got instance (got 14 or 16): its `extend` method.
 *
 * @example
 * ```ts
 * import type { GotInstance } from '@oauthkit/got'
 * import got from 'got'
 *
 * const instance: GotInstance = got
 * ```
 */
export interface GotInstance {
  /** got's `extend`: a new instance with more options and hooks. */
  extend(...instancesOrOptions: never[]): unknown
}

/** Where a call's {@link OAuthCall} travels: got copies `context` into every retry and redirect hop. */
const CALL = Symbol('@oauthkit/got call')

/**
 * Returns a new got instance (`got.extend`, got 14 or 16) whose every request is authorized by
 * `auth`: an OAuth 1.0a signer from `oauth1()` or any other `Authorizer` of `@oauthkit/core`.
 *
 * It signs in a `beforeRequest` hook, which got runs for every attempt: the first try, each retry
 * (a fresh nonce and timestamp, the earlier attempt's credentials replaced) and each redirect hop.
 * The hook sees the final request: `prefixUrl` and `searchParams` applied, `form` and `json`
 * serialised; a changed body gets a new `content-length`. A hop to an origin that may not see the
 * credentials (another host, port or scheme, unless listed in `origins`) carries none: no
 * `authorization` header in any spelling, no `oauth_*` in the query or the form body.
 *
 * Per request, pass `context: { oauth: { placement } }`, or `context: { oauth: false }` for an
 * unsigned request, typed on the instance this returns ({@link OAuthGot}). An `OAuthError` of the
 * authorizer reaches the caller as itself (not wrapped in got's `RequestError`). Hooks of the
 * instance run before signing; hooks added later (per request, or by extending the result) run after
 * it and must not change what was signed.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { withOAuth } from '@oauthkit/got'
 * import got from 'got'
 *
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' })
 * const api = withOAuth(got.extend({ prefixUrl: 'https://api.example.com/1.1/' }), signer)
 *
 * const timeline = await api.get('statuses/home_timeline.json', { searchParams: { count: 5 } }).json()
 * await api.post('statuses/update.json', { form: { status: 'Hello' }, context: { oauth: { placement: 'body' } } })
 * ```
 */
export function withOAuth<Instance extends GotInstance, Options extends AuthorizeOptions>(
  got: Instance,
  auth: Authorizer<Options>,
  defaults: AdapterDefaults = {},
): OAuthGot<Instance> {
  const binding = bindAuthorizer(auth, defaults)
  /** The options of redirect hops: got hands `beforeRedirect` the object its next `beforeRequest` gets. */
  const hops = new WeakSet<object>()
  /** The request each call last authorized, shown with its response to the authorizer (body included). */
  const lastAttempt = new WeakMap<OAuthCall, RequestParts>()
  /** The headers each call's last attempt changed, with their values before. */
  const changed = new WeakMap<OAuthCall, [string, HeaderValue][]>()
  /** Errors of the authorizer, to give back unwrapped from got's `RequestError`. */
  const thrown = new WeakSet<object>()

  function callOf(options: GotOptions, retryCount: number): OAuthCall {
    const carried = options.context[CALL] as OAuthCall | undefined
    if (carried !== undefined && (retryCount > 0 || hops.has(options))) return carried
    // The first try of a call. A context copied from an earlier call (options reused by hand) is not
    // a hop: got's pagination, for one, starts each page as a call of its own.
    const call = binding.call(String(options.url), (options.context as OAuthContext).oauth)
    // got gave this request its own copy of `context`: the caller's object is not touched.
    options.context[CALL] = call
    return call
  }

  async function authorize(options: GotOptions, retryCount: number): Promise<void> {
    const call = callOf(options, retryCount)
    if (call.unsigned) return
    // got carries the headers of the last attempt into a retry or a redirect hop: each attempt
    // starts from the unsigned request, what the last one changed put back as it was.
    for (const [name, before] of changed.get(call) ?? []) putHeader(options.headers, name, before)
    const url = new URL(String(options.url))
    const headers = headerPairs(options.headers)
    // Bytes with a form Content-Type (what got serializes `form` to) are read as a form by the core.
    const body = (options.body ?? undefined) as RequestBody | undefined
    const parts: RequestParts = { method: options.method, url, headers, body }
    lastAttempt.set(call, parts)
    const authorized = await call.attempt(parts)

    if (authorized.url !== url.href) setUrl(options, new URL(authorized.url))
    const undo: [string, HeaderValue][] = []
    for (const [name, value] of Object.entries(authorized.headerChanges)) {
      undo.push([name, headerOf(options.headers, name)])
      putHeader(options.headers, name, value ?? undefined)
    }
    changed.set(call, undo)
    const newBody = authorized.body ?? undefined
    if (newBody !== body) {
      options.body = newBody
      const length = byteLength(newBody)
      const chunked = length === undefined || pairValue(headerPairs(options.headers), 'transfer-encoding') !== null
      putHeader(options.headers, 'content-length', chunked ? undefined : String(length))
    }
  }

  /** Throws an error of the authorizer, noted to be given back unwrapped. */
  const raise = (error: unknown): never => {
    if (isOAuthError(error)) thrown.add(error)
    throw error
  }

  const hooks = {
    beforeRequest: [
      (options: GotOptions, state?: { retryCount?: number }): Promise<void> => authorize(options, state?.retryCount ?? 0).catch(raise),
    ],
    afterResponse: [
      // The authorizer may ask for one replay (a corrected clock, a refreshed token) or throw its typed error.
      async (response: GotResponse, retryWithMergedOptions: (options: { preserveHooks: boolean }) => never): Promise<GotResponse> => {
        const options = response.request.options
        const call = options.context[CALL] as OAuthCall | undefined
        if (call === undefined || !call.reviews(response.statusCode)) return response
        const request = lastAttempt.get(call) ?? { method: options.method, url: String(options.url), headers: headerPairs(options.headers) }
        let headers: Headers | undefined
        const parts = {
          status: response.statusCode,
          // Converted when the authorizer first reads them.
          get headers(): Headers {
            headers ??= readHeaders(response.headers)
            return headers
          },
          text: async () => (response.rawBody === undefined ? '' : decoder.decode(response.rawBody)),
        }
        const found = await call.review(parts, request)
        if (found.replay) return retryWithMergedOptions({ preserveHooks: true })
        if (found.error !== undefined) raise(found.error)
        recordRefusal(response, found.refusal) // got's HTTPError for it (throwHttpErrors) carries it too
        return response
      },
    ],
    beforeRedirect: [
      (options: GotOptions): void => {
        hops.add(options)
      },
    ],
    beforeError: [
      // got wraps an error thrown in a hook in a RequestError (`cause` holds it): give back the original.
      // Its HTTPError of a refused response gets the refusal as `oauth`.
      (error: Error): Error => (error.cause instanceof Error && thrown.has(error.cause) ? error.cause : attachRefusal(error)),
    ],
  }
  return (got.extend as (options: { hooks: typeof hooks }) => OAuthGot<Instance>)({ hooks })
}
