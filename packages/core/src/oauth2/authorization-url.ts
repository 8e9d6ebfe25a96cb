import { endpointUrl, scopeString } from './client.ts'
import { computeCodeChallenge, generateCodeVerifier } from './pkce.ts'
import type { RandomBytes } from './random.ts'
import { generateState } from './random.ts'
import type { ExtraParameters } from './token-request.ts'
import { appendParameters } from './token-request.ts'

/**
 * Options of {@link createAuthorizationUrl}.
 *
 * @example
 * ```ts
 * import type { AuthorizationUrlOptions } from '@oauthkit/core'
 *
 * const options: AuthorizationUrlOptions = {
 *   authorizationEndpoint: 'https://as.example.com/authorize',
 *   clientId: 'web-app',
 *   redirectUri: 'https://app.example.com/callback',
 *   scope: ['openid', 'offline_access'],
 *   parameters: { prompt: 'consent' },
 * }
 * ```
 */
export interface AuthorizationUrlOptions {
  /** The authorization endpoint (RFC 6749 3.1); its own query parameters are kept. */
  authorizationEndpoint: string | URL
  /** The client identifier. */
  clientId: string
  /** The `redirect_uri`. */
  redirectUri?: string | undefined
  /** The scope to ask for. */
  scope?: string | readonly string[] | undefined
  /** A fixed `state`; by default 256 bits from the CSPRNG. */
  state?: string | undefined
  /** A fixed PKCE `code_verifier`; by default 256 bits from the CSPRNG. */
  codeVerifier?: string | undefined
  /** The source of random bytes of `state` and `code_verifier` (for tests). */
  randomBytes?: RandomBytes | undefined
  /** More parameters (`prompt`, `login_hint`, `audience`, …). */
  parameters?: ExtraParameters | undefined
  /** Allows a plain-HTTP endpoint on a host that is not a loopback address. */
  allowInsecureRequests?: boolean | undefined
}

/**
 * An authorization request ready to go: send the user to `url`; keep `state` and `codeVerifier`
 * (in the user's session) for the callback.
 *
 * @example
 * ```ts
 * import { createAuthorizationUrl, type AuthorizationRequest } from '@oauthkit/core'
 *
 * const request: AuthorizationRequest = await createAuthorizationUrl({ authorizationEndpoint: 'https://as.example.com/authorize', clientId: 'app' })
 * console.assert(new URL(request.url).searchParams.get('code_challenge_method') === 'S256')
 * ```
 */
export interface AuthorizationRequest {
  /** The authorization URL. */
  url: string
  /** The `state` sent; compare the callback's with it. */
  state: string
  /** The PKCE `code_verifier`, for the code exchange. */
  codeVerifier: string
  /** The `code_challenge` sent (S256). */
  codeChallenge: string
}

/**
 * Builds the authorization URL of the authorization code grant (RFC 6749 4.1.1) with PKCE S256
 * (RFC 7636 4.3): `response_type=code`, `client_id`, `redirect_uri`, `scope`, a `state` and a
 * `code_challenge` from the CSPRNG — requests-oauthlib's `authorization_url`, oauth4webapi's
 * `calculatePKCECodeChallenge`.
 *
 * @example
 * ```ts
 * import { createAuthorizationUrl } from '@oauthkit/core'
 *
 * const { url, state, codeVerifier } = await createAuthorizationUrl({
 *   authorizationEndpoint: 'https://as.example.com/authorize',
 *   clientId: 'web-app',
 *   redirectUri: 'https://app.example.com/callback',
 *   scope: 'openid profile',
 * })
 * // keep state and codeVerifier in the session, then redirect the user to url
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export async function createAuthorizationUrl(options: AuthorizationUrlOptions): Promise<AuthorizationRequest> {
  const url = endpointUrl(options.authorizationEndpoint, 'authorizationEndpoint', options.allowInsecureRequests)
  const state = options.state ?? generateState(options.randomBytes)
  const codeVerifier = options.codeVerifier ?? generateCodeVerifier(options.randomBytes)
  const codeChallenge = await computeCodeChallenge(codeVerifier)
  const form = new URLSearchParams(url.search)
  // Parameters of ours replace any the endpoint URL already had.
  for (const name of ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method']) {
    form.delete(name)
  }
  form.set('response_type', 'code')
  form.set('client_id', options.clientId)
  if (options.redirectUri !== undefined) form.set('redirect_uri', options.redirectUri)
  const scope = scopeString(options.scope)
  if (scope !== undefined) form.set('scope', scope)
  form.set('state', state)
  form.set('code_challenge', codeChallenge)
  form.set('code_challenge_method', 'S256')
  appendParameters(form, options.parameters)
  url.search = form.toString()
  return { url: url.href, state, codeVerifier, codeChallenge }
}
