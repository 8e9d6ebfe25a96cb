import type { RequestBody } from '../http/request-body.ts'
import type { RequestParts } from '../http/request-parts.ts'
import type { Placement } from './placement.ts'

/**
 * Per-request options every authorizer understands. Adapters take them from each client's own
 * idiom (axios `config.oauth`, ky and got `context.oauth`, fetch `init.oauth`).
 *
 * @example
 * ```ts
 * import type { AuthorizeOptions } from '@oauthkit/core'
 *
 * const perRequest: AuthorizeOptions = { placement: 'query' }
 * ```
 */
export interface AuthorizeOptions {
  /** Where the credentials go for this request; overrides the authorizer's default. */
  placement?: Placement | undefined
}

/**
 * A request with credentials applied, ready for the wire. `url` is a string with any query
 * parameters added; `headers` is a fresh `Headers`; `body` is the caller's body, or a new string
 * when parameters were added to or removed from a form body.
 *
 * @example
 * ```ts
 * import { oauth1, type AuthorizedRequest } from '@oauthkit/core'
 *
 * const authorized: AuthorizedRequest = await oauth1({ consumerKey: 'key' }).authorize({ method: 'GET', url: 'https://x.test/' })
 * await fetch(authorized.url, { method: authorized.method, headers: authorized.headers })
 * ```
 */
export interface AuthorizedRequest {
  /** The method, as given. */
  method: string
  /** The absolute URL to send. */
  url: string
  /** The headers to send, `Authorization` included when the placement uses it. */
  headers: Headers
  /** The body to send. */
  body: RequestBody | null
  /**
   * What authorizing changed in the request's headers: what turns them into `headers`. Adapters
   * apply it to their client's own header object. oauthkit's authorizers always set it (and make
   * `headers` only when it is read); for one that does not, `bindAuthorizer` works it out from
   * `headers`. Whoever changes `headers` afterwards (a hook) changes this too.
   */
  headerChanges?: HeaderChanges
}

/**
 * Changes to a request's headers by lowercase name: the value to set, or `null` to remove the header.
 *
 * @example
 * ```ts
 * import type { HeaderChanges } from '@oauthkit/core'
 *
 * const changes: HeaderChanges = { authorization: 'Bearer mF_9.B5f-4.1JqM', 'cache-control': null }
 * const headers = new Headers({ 'cache-control': 'max-age=60' })
 * for (const [name, value] of Object.entries(changes)) value === null ? headers.delete(name) : headers.set(name, value)
 * ```
 */
export type HeaderChanges = Record<string, string | null>

/**
 * A response as an authorizer sees it: status and headers, and the body only when asked for.
 *
 * @example
 * ```ts
 * import type { ResponseParts } from '@oauthkit/core'
 *
 * const response = new Response('oauth_problem=timestamp_refused', { status: 401 })
 * const parts: ResponseParts = { status: response.status, headers: response.headers, text: () => response.clone().text() }
 * ```
 */
export interface ResponseParts {
  /** The HTTP status. */
  status: number
  /**
   * The URL the response came from, when the client followed redirects itself (a browser): a
   * response from an origin that may not see the credentials is not reviewed.
   */
  url?: string | undefined
  /** The response headers. */
  headers: Headers
  /** Reads the body as text, without consuming it for the caller. */
  text(): Promise<string>
}

/**
 * The one contract between the core and every adapter, for OAuth 1.0a and OAuth 2 alike. An
 * adapter builds {@link RequestParts} from the request as it goes on the wire, calls
 * `authorize` for every attempt (first try, retry, followed redirect), and sends what it returns.
 *
 * @example
 * ```ts
 * import { oauth1, type Authorizer } from '@oauthkit/core'
 *
 * const auth: Authorizer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })
 * const authorized = await auth.authorize({ method: 'GET', url: 'https://api.example.com/me' })
 * console.assert(authorized.headers.get('authorization')?.startsWith('OAuth '))
 * ```
 */
export interface Authorizer<Options extends AuthorizeOptions = AuthorizeOptions> {
  /** Which protocol this authorizer speaks. */
  readonly kind: 'oauth1' | 'oauth2'
  /** Where credentials go when a request does not say. */
  readonly placement: Placement
  /**
   * The placements this authorizer can use, when not all of them (OAuth 2 sends a token in one
   * place only). `bindAuthorizer` refuses any other as a default or for a request.
   */
  readonly placements?: readonly Placement[]
  /**
   * The origins this authorizer's credentials may go to, as `scheme://host[:port]`; empty when the
   * authorizer itself sets no limit (see `mayCarryCredentials` of `@oauthkit/core/adapter`).
   */
  readonly origins: readonly string[]
  /** Applies credentials to one attempt of a request. */
  authorize(request: RequestParts, options?: Options): Promise<AuthorizedRequest>
  /**
   * Removes every credential this authorizer may have put on a request: for a redirect hop to an
   * origin that may not see them. The `Authorization` header goes in any case.
   */
  strip(request: RequestParts): AuthorizedRequest
  /**
   * Looks at the final response of an attempt (redirects already followed). Resolves `'retry'` to
   * have the adapter send the request once more, authorized afresh (after a clock correction, or a
   * refreshed token); throws a typed error to fail the call (an OAuth problem report). Adapters
   * replay at most once per call. `options` are those the request was authorized with: an error may
   * have to redact a secret given for that request only.
   */
  onResponse?(response: ResponseParts, request: RequestParts, options?: Options): Promise<'retry' | undefined>
  /**
   * The statuses `onResponse` acts on, when not all of them: adapters skip it (and building the
   * response's parts) for any other. An OAuth 1.0a signer looks only at refusals, 400 and 401.
   */
  readonly onResponseStatuses?: readonly number[]
}

/**
 * An {@link AuthorizedRequest} whose `headerChanges` are always there.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { bindAuthorizer, type AuthorizedWithChanges } from '@oauthkit/core/adapter'
 *
 * const call = bindAuthorizer(oauth1({ consumerKey: 'key', consumerSecret: 'secret' })).call('https://x.test/', undefined)
 * const authorized: AuthorizedWithChanges = await call.attempt({ method: 'GET', url: 'https://x.test/' })
 * console.assert(authorized.headerChanges.authorization?.startsWith('OAuth '))
 * ```
 */
export type AuthorizedWithChanges = AuthorizedRequest & { headerChanges: HeaderChanges }
