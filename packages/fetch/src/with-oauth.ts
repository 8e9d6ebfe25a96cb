import type {
  AdapterDefaults,
  AuthorizeOptions,
  Authorizer,
  FetchLike,
  RequestBody,
  RequestOAuthOptions,
  RequestParts,
} from '@oauthkit/core'
import { bindAuthorizer, canFollowRedirectsManually, driveCall, isFormContentType, settle } from '@oauthkit/core/adapter'

/**
 * `RequestInit` plus `oauth`: options for this request (`{ placement: 'query' }`), or `false` to
 * send it without credentials.
 *
 * @example
 * ```ts
 * import type { OAuthRequestInit } from '@oauthkit/fetch'
 *
 * const init: OAuthRequestInit = { method: 'POST', body: new URLSearchParams({ a: '1' }), oauth: { placement: 'body' } }
 * ```
 */
export interface OAuthRequestInit extends RequestInit {
  /** Options for this request, or `false` to send it unsigned. */
  oauth?: RequestOAuthOptions | undefined
}

/**
 * What `withOAuth` returns: `fetch`, with an `oauth` field in its init.
 *
 * @example
 * ```ts
 * import type { OAuthFetch } from '@oauthkit/fetch'
 *
 * async function me(signedFetch: OAuthFetch): Promise<unknown> {
 *   return (await signedFetch('https://api.example.com/me')).json()
 * }
 * ```
 */
export type OAuthFetch = (input: RequestInfo | URL, init?: OAuthRequestInit) => Promise<Response>

/**
 * The defaults of the fetch adapter: placement and allowed origins (see `AdapterDefaults` of
 * `@oauthkit/core`), and how many redirects to follow.
 *
 * @example
 * ```ts
 * import type { FetchOAuthDefaults } from '@oauthkit/fetch'
 *
 * const defaults: FetchOAuthDefaults = { placement: 'header', origins: ['https://api.example.com'], maxRedirects: 5 }
 * ```
 */
export interface FetchOAuthDefaults extends AdapterDefaults {
  /** How many redirects one call follows before it fails, as fetch does; 20 by default. */
  maxRedirects?: number | undefined
}

async function readBody(request: Request): Promise<RequestBody | null> {
  if (request.body === null) return null
  // Buffered once, so that every attempt and every 307/308 hop can be signed and sent again.
  return isFormContentType(request.headers.get('content-type')) ? request.text() : request.arrayBuffer()
}

/** The members of a `Request` that every attempt shares, and their defaults. */
const SHARED_DEFAULTS: Record<string, unknown> = {
  credentials: 'same-origin',
  cache: 'default',
  integrity: '',
  keepalive: false,
  mode: 'cors',
  referrer: 'about:client',
  referrerPolicy: '',
}

/**
 * The members of a `Request` that every attempt shares, as `RequestInit`. A member at its default
 * is left out: the `Request` that `fetch` builds from the init has it anyway (the init is never
 * empty: it holds the method and headers), and each member given costs `fetch` its validation.
 */
function sharedInit(request: Request): RequestInit {
  const init: Record<string, unknown> = { signal: request.signal }
  for (const name in SHARED_DEFAULTS) {
    const value = request[name as keyof Request]
    if (value !== SHARED_DEFAULTS[name]) init[name] = value
  }
  return init
}

/** The members of `RequestInit` that a `Request` holds. */
const REQUEST_MEMBERS = new Set([
  ...Object.keys(SHARED_DEFAULTS),
  'method',
  'headers',
  'body',
  'redirect',
  'signal',
  'window',
  'priority',
  'duplex',
])

/**
 * The members of an init that a `Request` does not hold, for the runtime's fetch (undici's
 * `dispatcher`, Cloudflare's `cf`, what ky passes on): every attempt gets them as given.
 */
function runtimeMembers(init: RequestInit): Record<string, unknown> {
  const members: Record<string, unknown> = {}
  for (const name of Object.keys(init)) if (!REQUEST_MEMBERS.has(name)) members[name] = init[name as keyof RequestInit]
  return members
}

/**
 * Whether a `Request` given without init can be read as it is: a copy would hold the same (its
 * signal follows the original's). Not when it has a body (a copy takes the body over), nor a
 * referrer or referrer policy of its own (undici's copy drops them, and the copy is what was sent).
 */
function asIs(input: RequestInfo | URL, init: RequestInit): input is Request {
  return (
    input instanceof Request &&
    input.body === null &&
    input.referrer === 'about:client' &&
    input.referrerPolicy === '' &&
    Object.keys(init).every((name) => !REQUEST_MEMBERS.has(name))
  )
}

/**
 * Wraps `fetch` so that every request is authorized by `auth` — an OAuth 1.0a signer from
 * `oauth1()` or any other `Authorizer` of `@oauthkit/core`. The result is fetch-compatible and takes
 * an `oauth` field in its init for per-request options (`{ placement }`, or `false` for an unsigned
 * request).
 *
 * Bodies are read once and kept, so that each attempt is signed over the exact bytes it sends. Where
 * the runtime shows redirect responses (Node, Deno, Bun, workers), redirects are followed here: each
 * hop is signed afresh for its own URL and method, and a hop to an origin that may not see the
 * credentials goes out without any. In browsers the browser follows redirects itself; it drops the
 * `Authorization` header across origins but takes the query and a 307's body anywhere: there an
 * OAuth 2 bearer token or PLAINTEXT secrets in the query or the body are refused
 * (`placement_unsupported`), a signature there is sent with `redirect: 'error'`. Prefer the header
 * placement there.
 *
 * Pass `undefined` as `fetchFunction` to use the global `fetch`, looked up at each call (so test
 * interceptors installed later are seen).
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { withOAuth } from '@oauthkit/fetch'
 *
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' })
 * const signedFetch = withOAuth(fetch, signer, { placement: 'header' })
 *
 * const timeline = await signedFetch('https://api.example.com/1.1/statuses/home_timeline.json?count=5')
 * const posted = await signedFetch('https://api.example.com/1.1/statuses/update.json', {
 *   method: 'POST',
 *   body: new URLSearchParams({ status: 'Hello Ladies + Gentlemen' }),
 *   oauth: { placement: 'body' },
 * })
 * ```
 */
export function withOAuth<Options extends AuthorizeOptions>(
  fetchFunction: FetchLike | undefined,
  auth: Authorizer<Options>,
  defaults: FetchOAuthDefaults = {},
): OAuthFetch {
  const binding = bindAuthorizer(auth, defaults)
  const maxRedirects = defaults.maxRedirects ?? 20
  const send: FetchLike = fetchFunction ?? ((input, init) => globalThis.fetch(input, init))

  return async function oauthFetch(input, init) {
    const { oauth, ...requestInit } = init ?? {}
    if (oauth === false) return send(input, requestInit)
    const start = asIs(input, requestInit) ? input : new Request(input, requestInit)
    const shared = { ...sharedInit(start), ...runtimeMembers(requestInit) }
    // A browser follows redirects where no code sees them; elsewhere they are followed here.
    const unseen = start.redirect === 'follow' && !canFollowRedirectsManually()
    const follow = start.redirect === 'follow' && !unseen
    const call = binding.call(start.url, oauth, unseen)
    const body = await readBody(start)
    const parts: RequestParts = { method: start.method, url: start.url, headers: new Headers(start.headers), body }
    const outcome = await driveCall(call, parts, {
      send: (attempt, request) =>
        send(attempt.url, {
          ...shared,
          method: attempt.method,
          // The unsigned request's headers with what authorizing changed: made when read.
          headers: attempt.headers,
          body: attempt.body as BodyInit | null,
          // Where the platform follows redirects (a browser), it takes a signature put in the URL or
          // the body along, to any origin (the core refuses a bearer token or PLAINTEXT there): such an
          // attempt does not follow redirects. The Authorization header is dropped across origins there.
          redirect: follow ? 'manual' : unseen && (attempt.url !== request.url || attempt.body !== request.body) ? 'error' : start.redirect,
        }),
      status: (response) => response.status,
      location: (response) => response.headers.get('location'),
      read: (response) => ({ status: response.status, headers: response.headers, url: response.url, text: () => response.clone().text() }),
      dispose: (response) => response.body?.cancel(),
      tooManyRedirects() {
        const where = new URL(start.url)
        return new TypeError(`Too many redirects (more than ${maxRedirects}) for ${start.method} ${where.origin}${where.pathname}`)
      },
      follow,
      maxRedirects,
    })
    return settle(outcome)
  }
}
