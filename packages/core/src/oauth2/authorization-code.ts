import type { OAuth2Client } from './client.ts'
import type { ExtraParameters } from './token-request.ts'
import { appendParameters, genericGrant } from './token-request.ts'
import type { TokenSet } from './token-set.ts'

/**
 * Options of {@link authorizationCodeGrant}.
 *
 * @example
 * ```ts
 * import type { AuthorizationCodeOptions } from '@oauthkit/core'
 *
 * const options: AuthorizationCodeOptions = {
 *   code: 'SplxlOBeZQQYbYS6WxSbIA',
 *   redirectUri: 'https://app.example.com/callback',
 *   codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
 * }
 * ```
 */
export interface AuthorizationCodeOptions {
  /** The `code` of the authorization response (see `parseAuthorizationResponse`). */
  code: string
  /** The `redirect_uri` of the authorization request, when it had one (RFC 6749 4.1.3). */
  redirectUri?: string | undefined
  /** The PKCE `code_verifier` whose challenge went into the authorization request. */
  codeVerifier?: string | undefined
  /** More parameters of the token request. */
  parameters?: ExtraParameters | undefined
}

/**
 * The authorization code grant's token request (RFC 6749 4.1.3), with the PKCE `code_verifier`
 * (RFC 7636 4.5). `auth.exchangeCode()` checks the callback and calls it.
 *
 * @example
 * ```ts
 * import { authorizationCodeGrant, parseAuthorizationResponse } from '@oauthkit/core'
 *
 * declare const callbackUrl: string
 * declare const session: { state: string; codeVerifier: string }
 * const { code } = parseAuthorizationResponse(callbackUrl, { state: session.state })
 * const token = await authorizationCodeGrant(
 *   { tokenEndpoint: 'https://as.example.com/token', clientId: 'web-app', clientSecret: 'secret' },
 *   { code, redirectUri: 'https://app.example.com/callback', codeVerifier: session.codeVerifier },
 * )
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 */
export async function authorizationCodeGrant(client: OAuth2Client, options: AuthorizationCodeOptions): Promise<TokenSet> {
  const form = new URLSearchParams([['code', options.code]])
  if (options.redirectUri !== undefined) form.set('redirect_uri', options.redirectUri)
  if (options.codeVerifier !== undefined) form.set('code_verifier', options.codeVerifier)
  appendParameters(form, options.parameters)
  return genericGrant(client, 'authorization_code', form)
}
