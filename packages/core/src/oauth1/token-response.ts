import { OAuthError } from '../errors/errors.ts'
import { parseForm } from '../http/parameters.ts'
import { jsonFields } from './problem.ts'

/**
 * A token from a token endpoint of the OAuth 1.0a dance (a temporary "request" token or an access
 * token): `oauth_token` as `token`, `oauth_token_secret` as `tokenSecret`, and every other field
 * of the response under its own name (`oauth_callback_confirmed`, `user_id`, `screen_name`,
 * `oauth_expires_in`, `x_auth_expires`, …), as strings.
 *
 * @example
 * ```ts
 * import type { OAuth1Token } from '@oauthkit/core'
 *
 * const access: OAuth1Token = { token: 'nnch734d00sl2jdk', tokenSecret: 'pfkkdhi9sl3r4s00', user_id: '42', screen_name: 'alice' }
 * console.assert(access.screen_name === 'alice')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.3
 */
export interface OAuth1Token {
  /** `oauth_token`. */
  token: string
  /** `oauth_token_secret`. */
  tokenSecret: string
  /** Every other field of the response. */
  [field: string]: string
}

function looksLikeJson(text: string, contentType: string | null | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return mediaType === 'application/json' || mediaType.endsWith('+json') || /^\s*\{/.test(text)
}

/**
 * Parses the body of a token endpoint's answer (RFC 5849 2.1 and 2.3): form-encoded, as the RFC
 * says, or a JSON object, which some providers send. Throws an `OAuthError` with code
 * `invalid_response` when `oauth_token` or `oauth_token_secret` is missing. The error message
 * never contains the body.
 *
 * @example
 * ```ts
 * import { parseTokenResponse } from '@oauthkit/core/oauth1'
 *
 * const token = parseTokenResponse('oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03&oauth_callback_confirmed=true')
 * console.assert(token.token === 'hh5s93j4hdidpola' && token.oauth_callback_confirmed === 'true')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2.1
 */
export function parseTokenResponse(body: string, contentType?: string | null): OAuth1Token {
  const pairs = looksLikeJson(body, contentType) ? jsonFields(body) : parseForm(body.trim())
  if (pairs === undefined) throw new OAuthError('invalid_response', 'The token response is neither form-encoded nor a JSON object')
  const fields: Record<string, string> = Object.create(null)
  for (const [name, value] of pairs) if (!(name in fields)) fields[name] = value
  const token = fields.oauth_token
  const tokenSecret = fields.oauth_token_secret
  const missing = [token ? undefined : 'oauth_token', tokenSecret === undefined ? 'oauth_token_secret' : undefined].filter(Boolean)
  if (token === undefined || token === '' || tokenSecret === undefined) {
    throw new OAuthError('invalid_response', `The token response has no ${missing.join(' and no ')}`)
  }
  const result: OAuth1Token = { token, tokenSecret }
  const own = new Set(['oauth_token', 'oauth_token_secret', 'token', 'tokenSecret', '__proto__'])
  for (const [name, value] of Object.entries(fields)) if (!own.has(name)) result[name] = value
  return result
}
