import { describeRequest, OAuthError } from '../errors/errors.ts'
import type { RequestBody } from '../http/request-body.ts'
import type { RequestParts } from '../http/request-parts.ts'
import type { Authorizer } from './authorizer.ts'
import type { Placement } from './placement.ts'

/** The request headers that describe a body (Fetch's request-body-header names). */
const BODY_HEADERS: readonly string[] = Object.freeze([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
])

/** The HTTP statuses that redirect. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308])

/** The request of the next hop of a redirect. */
export interface RedirectHop {
  /** The method of the next hop. */
  method: string
  /** The absolute URL of the next hop. */
  url: string
  /** The body of the next hop: the same one on 307 and 308, none when the method became GET. */
  body: RequestBody | null
  /**
   * Whether the body was dropped, so that `Content-Type`, `Content-Length`, `Content-Encoding`,
   * `Content-Language` and `Content-Location` must go too.
   */
  bodyDropped: boolean
  /** Whether the hop goes to another origin than the request's: a client's own sensitive headers go too. */
  crossOrigin: boolean
  /**
   * The request headers the hop must not carry (lowercase): `host` always, the body headers when the
   * body was dropped, and `authorization`, `cookie` and `proxy-authorization` when the hop goes to
   * another origin — as follow-redirects and undici do.
   */
  dropHeaders: string[]
}

/**
 * The next hop of a redirect, as the Fetch standard (and follow-redirects) define it: 301 and 302
 * turn a POST into a GET without a body, 303 turns anything but GET and HEAD into a GET, 307 and
 * 308 keep the method and the body. `undefined` when the response is not a redirect or has no
 * `Location`.
 *
 * @example
 * ```ts
 * import { nextRedirectHop } from '@oauthkit/core/adapter'
 *
 * const hop = nextRedirectHop({ method: 'POST', url: 'https://a.test/form', body: 'a=1' }, 303, '/done')
 * console.assert(hop?.method === 'GET' && hop.url === 'https://a.test/done' && hop.body === null)
 * ```
 * @see https://fetch.spec.whatwg.org/#http-redirect-fetch
 */
export function nextRedirectHop(
  request: { method: string; url: string | URL; body?: RequestBody | null | undefined },
  status: number,
  location: string | null | undefined,
): RedirectHop | undefined {
  if (!REDIRECT_STATUSES.has(status) || !location) return undefined
  const from = new URL(request.url)
  const to = new URL(location, from)
  const method = request.method.toUpperCase()
  const dropBody = ((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')
  const crossOrigin = to.origin !== from.origin
  const dropHeaders = ['host', ...(dropBody ? BODY_HEADERS : []), ...(crossOrigin ? CROSS_ORIGIN_HEADERS : [])]
  if (dropBody) return { method: 'GET', url: to.href, body: null, bodyDropped: true, crossOrigin, dropHeaders }
  return { method: request.method, url: to.href, body: request.body ?? null, bodyDropped: false, crossOrigin, dropHeaders }
}

/** What a hop to another origin must not carry. */
const CROSS_ORIGIN_HEADERS: readonly string[] = ['authorization', 'cookie', 'proxy-authorization']

/**
 * Refuses a secret that works on its own at any origin (an OAuth 2 bearer token, PLAINTEXT's
 * secrets) in the query or the body of a request whose redirects the platform follows unseen (a
 * browser): `Location` takes the query anywhere, and a 307 or 308 the body. The `Authorization`
 * header is dropped across origins there, and a signature (HMAC, RSA) is bound to its URL and nonce.
 *
 * @internal
 */
export function assertStaysOnRedirect(auth: Authorizer, placement: Placement, request: RequestParts): void {
  const secret =
    auth.kind === 'oauth2'
      ? 'a bearer token'
      : (auth as { signatureMethod?: unknown }).signatureMethod === 'PLAINTEXT'
        ? 'PLAINTEXT secrets'
        : ''
  if (secret && placement !== 'header')
    throw new OAuthError(
      'placement_unsupported',
      `Cannot send ${secret} in placement '${placement}' of ${describeRequest(request.method, request.url)}: a browser follows its redirects, to any origin; use 'header'`,
    )
}
