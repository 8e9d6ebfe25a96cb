import { OAuthError } from '../errors/errors.ts'
import type { OAuth2Client } from './client.ts'
import { scopeString } from './client.ts'
import type { ExtraParameters } from './token-request.ts'
import { appendParameters, genericGrant } from './token-request.ts'
import type { TokenSet } from './token-set.ts'

/**
 * Options of {@link refreshTokenGrant}.
 *
 * @example
 * ```ts
 * import type { RefreshTokenOptions } from '@oauthkit/core'
 *
 * const narrower: RefreshTokenOptions = { scope: 'read' }
 * ```
 */
export interface RefreshTokenOptions {
  /** A narrower scope than the one granted (RFC 6749 6); by default none is sent. */
  scope?: string | readonly string[] | undefined
  /** More parameters of the token request. */
  parameters?: ExtraParameters | undefined
}

/**
 * The refresh token grant (RFC 6749 6). Given the current {@link TokenSet}, the answer keeps its
 * `refresh_token` (and `scope`) when the server sends none, and takes the new one when the server
 * rotates it. `oauth2()` calls it for you, once for any number of concurrent requests.
 *
 * @example
 * ```ts
 * import { refreshTokenGrant, type TokenSet } from '@oauthkit/core'
 *
 * declare const stored: TokenSet
 * const client = { tokenEndpoint: 'https://as.example.com/token', clientId: 'web-app', clientSecret: 'secret' }
 * const fresh = await refreshTokenGrant(client, stored)
 * // fresh.refresh_token is the rotated one, or stored.refresh_token when the server sent none
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function refreshTokenGrant(
  client: OAuth2Client,
  token: TokenSet | string,
  options: RefreshTokenOptions = {},
): Promise<TokenSet> {
  const previous = typeof token === 'string' ? undefined : token
  const refreshToken = typeof token === 'string' ? token : token.refresh_token
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new OAuthError('invalid_options', 'refreshTokenGrant(): the token has no refresh_token')
  }
  const form = new URLSearchParams([['refresh_token', refreshToken]])
  const scope = scopeString(options.scope)
  if (scope !== undefined) form.set('scope', scope)
  appendParameters(form, options.parameters)
  return genericGrant(client, 'refresh_token', form, previous)
}
