import { errorFields, OAuth2Error, serverError } from '../errors/oauth2-error.ts'
import { callbackParameters, checkState } from './authorization-response.ts'
import type { OAuth2Client } from './client.ts'
import { clock } from './client.ts'
import type { TokenSet } from './token-set.ts'
import { toTokenSet } from './token-set.ts'

/**
 * Reads a token from the fragment of a redirect (the implicit grant, RFC 6749 4.2.2;
 * requests-oauthlib's `token_from_fragment`), checking `state` in constant time. An error in the
 * fragment (4.2.2.1) is a typed {@link OAuth2Error}. The implicit grant is deprecated (RFC 9700);
 * prefer the authorization code grant with PKCE.
 *
 * @example
 * ```ts
 * import { tokenFromFragment } from '@oauthkit/core'
 *
 * const token = tokenFromFragment('https://app.example.com/cb#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=bearer&expires_in=3600&state=xyz', {
 *   state: 'xyz',
 * })
 * console.assert(token.access_token === '2YotnFZFEjr1zCsicMWpAA')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.2.2
 */
export function tokenFromFragment(input: string | URL | URLSearchParams, expected: { state: string; now?: OAuth2Client['now'] }): TokenSet {
  const what = 'Token in the fragment'
  const parameters = callbackParameters(input, true)
  checkState(parameters, expected.state, what)
  const fields = errorFields(parameters)
  if (fields !== undefined) throw serverError(what, fields, { secrets: [parameters.get('access_token') ?? undefined] })
  const values: Record<string, unknown> = Object.fromEntries(parameters)
  delete values.state
  const token = toTokenSet(values, clock(expected))
  if (token === undefined) throw new OAuth2Error('invalid_response', `${what}: no access_token`)
  return token
}
