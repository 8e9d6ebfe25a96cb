import type { AuthorizedRequest } from '../contract/authorizer.ts'
import type { BearerPlacement } from './bearer.ts'
import type { TokenSet } from './token-set.ts'

/**
 * What `beforeTokenRequest` hooks see, and may change in place, before a request to the token
 * endpoint goes out: the URL, the headers (client authentication already applied) and the form body.
 *
 * @example
 * ```ts
 * import type { TokenRequestState } from '@oauthkit/core'
 *
 * // A provider that wants the client id in the body even with HTTP Basic authentication.
 * const addClientId = (state: TokenRequestState): void => {
 *   state.body.set('client_id', 'my-app')
 * }
 * ```
 */
export interface TokenRequestState {
  /** The `grant_type` of the request (`client_credentials`, `refresh_token`, …). */
  readonly grantType: string
  /** The token endpoint; assign another URL to send the request elsewhere. */
  url: URL
  /** The request headers. */
  readonly headers: Headers
  /** The form body. */
  readonly body: URLSearchParams
}

/**
 * What `afterTokenResponse` hooks see, and may change in place, before a token response is read:
 * `body` is the parsed JSON (or form) object, or the text when it is neither. Fix a provider's
 * non-standard answer here (requests-oauthlib's `access_token_response` compliance hook).
 *
 * @example
 * ```ts
 * import type { TokenResponseState } from '@oauthkit/core'
 *
 * // A provider that nests the token under `data` and answers errors with 200.
 * const unwrap = (state: TokenResponseState): void => {
 *   const body = state.body as { data?: Record<string, unknown>; error?: string }
 *   if (body.data) state.body = { token_type: 'Bearer', ...body.data }
 *   if (body.error) state.status = 400
 * }
 * ```
 */
export interface TokenResponseState {
  /** The `grant_type` of the request. */
  readonly grantType: string
  /** The HTTP status. */
  status: number
  /** The response headers. */
  readonly headers: Headers
  /** The parsed body: a JSON value, an object from a form-encoded body, or the text. */
  body: unknown
}

/**
 * What `beforeProtectedRequest` hooks see, and may change in place, before each protected request
 * (every attempt) goes out with its bearer token: change `request.url`, `request.headers` or
 * `request.body` (requests-oauthlib's `protected_request` compliance hook).
 *
 * @example
 * ```ts
 * import type { ProtectedRequestState } from '@oauthkit/core'
 *
 * // A provider that wants the token as `oauth2_access_token` in the query.
 * const rename = (state: ProtectedRequestState): void => {
 *   const url = new URL(state.request.url)
 *   url.searchParams.delete('access_token')
 *   url.searchParams.set('oauth2_access_token', state.token.access_token)
 *   state.request.url = url.href
 * }
 * ```
 */
export interface ProtectedRequestState {
  /** The request as it will be sent, token applied. */
  readonly request: AuthorizedRequest
  /** The token it carries. */
  readonly token: TokenSet
  /** Where the token was put. */
  readonly placement: BearerPlacement
}

/**
 * One hook: it changes the state in place; it may be async.
 *
 * @example
 * ```ts
 * import type { Hook, TokenRequestState } from '@oauthkit/core'
 *
 * const audience: Hook<TokenRequestState> = (state) => {
 *   state.body.set('audience', 'https://api.example.com')
 * }
 * ```
 */
export type Hook<State> = (state: State) => void | Promise<void>

/**
 * Compliance hooks for providers that bend the spec (requests-oauthlib's
 * `register_compliance_hook`): each is one hook or a list run in order.
 *
 * @example
 * ```ts
 * import { oauth2, type OAuth2Hooks } from '@oauthkit/core'
 *
 * const hooks: OAuth2Hooks = {
 *   // The provider sends `expires` instead of `expires_in`.
 *   afterTokenResponse: (state) => {
 *     const body = state.body as Record<string, unknown>
 *     if (typeof body === 'object' && body !== null && 'expires' in body) body.expires_in = Number(body.expires)
 *   },
 * }
 * const auth = oauth2({ tokenEndpoint: 'https://as.example.com/token', clientId: 'app', clientSecret: 's', grant: 'client_credentials', hooks })
 * ```
 */
export interface OAuth2Hooks {
  /** Before every request to the token endpoint. */
  beforeTokenRequest?: Hook<TokenRequestState> | readonly Hook<TokenRequestState>[] | undefined
  /** After every response of the token endpoint, before it is read. */
  afterTokenResponse?: Hook<TokenResponseState> | readonly Hook<TokenResponseState>[] | undefined
  /** Before every attempt of a protected request, with the token applied. */
  beforeProtectedRequest?: Hook<ProtectedRequestState> | readonly Hook<ProtectedRequestState>[] | undefined
}

/** @internal Runs one hook or a list of hooks, in order. */
export async function runHooks<State>(hooks: Hook<State> | readonly Hook<State>[] | undefined, state: State): Promise<void> {
  if (hooks === undefined) return
  if (typeof hooks === 'function') {
    await hooks(state)
    return
  }
  for (const hook of hooks) await hook(state)
}
