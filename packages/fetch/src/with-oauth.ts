import type { AdapterDefaults, AuthorizeOptions, Authorizer, RequestBody, RequestOAuthOptions, RequestParts } from '@oauthkit/core'
import { bindAuthorizer, canFollowRedirectsManually, isFormContentType, nextRedirectHop } from '@oauthkit/core'

/**
 * A function with the shape of `fetch`: the global one, undici's, a mock, or a wrapper.
 *
 * @example
 * ```ts
 * import type { FetchFunction } from '@oauthkit/fetch'
 *
 * const logged: FetchFunction = (input, init) => fetch(input, init)
 * ```
 */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

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

function sharedInit(request: Request): RequestInit {
  const { signal, credentials, cache, integrity, keepalive, mode, referrer, referrerPolicy } = request
  return { signal, credentials, cache, integrity, keepalive, mode, referrer, referrerPolicy }
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
 * `Authorization` header across origins, so prefer the header placement there.
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
  fetchFunction: FetchFunction | undefined,
  auth: Authorizer<Options>,
  defaults: FetchOAuthDefaults = {},
): OAuthFetch {
  const binding = bindAuthorizer(auth, defaults)
  const maxRedirects = defaults.maxRedirects ?? 20
  const send: FetchFunction = fetchFunction ?? ((input, init) => globalThis.fetch(input, init))

  return async function oauthFetch(input, init) {
    const { oauth, ...requestInit } = init ?? {}
    if (oauth === false) return send(input, requestInit)
    const request = new Request(input, requestInit)
    const call = binding.call(request.url, oauth)
    const follow = request.redirect === 'follow' && canFollowRedirectsManually()
    const shared = sharedInit(request)
    let parts: RequestParts = {
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: await readBody(request),
    }

    for (let hops = 0; ; hops++) {
      const attempt = await call.attempt(parts)
      const response = await send(attempt.url, {
        ...shared,
        method: attempt.method,
        headers: attempt.headers,
        body: attempt.body as BodyInit | null,
        redirect: follow ? 'manual' : request.redirect,
      })
      const hop = follow ? nextRedirectHop(parts, response.status, response.headers.get('location')) : undefined
      if (hop === undefined) {
        // The authorizer may ask for one replay (a corrected clock, a refreshed token) or throw its typed error.
        const verdict = await call.review(
          { status: response.status, headers: response.headers, text: () => response.clone().text() },
          parts,
        )
        if (verdict !== 'retry') return response
        await response.body?.cancel()
        hops--
        continue
      }
      await response.body?.cancel()
      if (hops >= maxRedirects) {
        const where = new URL(request.url)
        throw new TypeError(`Too many redirects (more than ${maxRedirects}) for ${request.method} ${where.origin}${where.pathname}`)
      }
      // The next hop starts from the unsigned request: it is authorized (or stripped) for its own URL.
      const headers = new Headers(parts.headers)
      for (const name of hop.dropHeaders) headers.delete(name)
      parts = { method: hop.method, url: hop.url, headers, body: hop.body }
    }
  }
}
