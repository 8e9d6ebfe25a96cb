import { OAuthError } from '../errors/errors.ts'
import { errorFields, OAuth2Error, serverError } from '../errors/oauth2-error.ts'
import { timingSafeEqual } from '../oauth1/signing/constant-time.ts'

/**
 * What the client expects of a redirect back to it.
 *
 * @example
 * ```ts
 * import type { ExpectedAuthorizationResponse } from '@oauthkit/core'
 *
 * const expected: ExpectedAuthorizationResponse = { state: 'af0ifjsldkj', issuer: 'https://as.example.com' }
 * ```
 */
export interface ExpectedAuthorizationResponse {
  /** The `state` of the authorization request. Required: a response without it is refused. */
  state: string
  /** The authorization server's issuer; when given, an `iss` parameter (RFC 9207) must equal it. */
  issuer?: string | undefined
  /**
   * A response without `iss` is refused too (`invalid_response`): set it for a server whose metadata
   * says `authorization_response_iss_parameter_supported` (RFC 9207 2.4), or an attacker's mix-up
   * response, which leaves `iss` out, would pass. Needs `issuer`.
   */
  requireIssuer?: boolean | undefined
}

/**
 * A successful authorization response (RFC 6749 4.1.2).
 *
 * @example
 * ```ts
 * import { parseAuthorizationResponse, type AuthorizationCodeResponse } from '@oauthkit/core'
 *
 * const response: AuthorizationCodeResponse = parseAuthorizationResponse('https://app.example.com/cb?code=abc&state=xyz', { state: 'xyz' })
 * console.assert(response.code === 'abc')
 * ```
 */
export interface AuthorizationCodeResponse {
  /** The authorization code. */
  code: string
  /** The `state`, equal to the expected one. */
  state: string
  /** The `iss` parameter, when the server sent one (RFC 9207). */
  iss?: string | undefined
  /** Every parameter of the response. */
  parameters: URLSearchParams
}

/** @internal The parameters of a callback: a URL's query (or, with `fragment`, its fragment), or given directly. */
export function callbackParameters(input: string | URL | URLSearchParams, fragment: boolean): URLSearchParams {
  if (input instanceof URLSearchParams) return new URLSearchParams(input)
  const url = typeof input === 'string' ? new URL(input, 'http://callback.invalid/') : input
  return new URLSearchParams((fragment ? url.hash : url.search).slice(1))
}

/** @internal Refuses parameters whose `state` is missing or differs (compared in constant time). */
export function checkState(parameters: URLSearchParams, expected: string, what: string): string {
  if (typeof expected !== 'string' || expected === '') {
    throw new OAuth2Error('state_mismatch', `${what}: no expected state was given; keep the state of the request and pass it`)
  }
  const state = parameters.get('state')
  if (state === null) throw new OAuth2Error('state_mismatch', `${what}: the response has no state`)
  if (!timingSafeEqual(state, expected)) throw new OAuth2Error('state_mismatch', `${what}: the state is not the one of the request`)
  return state
}

/**
 * Reads the redirect back from the authorization server (RFC 6749 4.1.2): the callback URL (or
 * its query parameters). The `state` is checked first, in constant time, so that a forged response
 * is refused before anything else; an error response (4.1.2.1: `access_denied`, …) becomes a typed
 * {@link OAuth2Error}; a missing `code` is `invalid_response`.
 *
 * @example
 * ```ts
 * import { isOAuthError, parseAuthorizationResponse } from '@oauthkit/core'
 *
 * try {
 *   parseAuthorizationResponse('https://app.example.com/cb?error=access_denied&state=xyz', { state: 'xyz' })
 * } catch (error) {
 *   console.assert(isOAuthError(error) && error.code === 'access_denied')
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207
 */
export function parseAuthorizationResponse(
  input: string | URL | URLSearchParams,
  expected: ExpectedAuthorizationResponse,
): AuthorizationCodeResponse {
  const what = 'Authorization response'
  const parameters = callbackParameters(input, false)
  const state = checkState(parameters, expected.state, what)
  const iss = parameters.get('iss') ?? undefined
  if (expected.requireIssuer && expected.issuer === undefined) {
    throw new OAuthError('invalid_options', `${what}: requireIssuer needs the expected issuer`)
  }
  if (expected.requireIssuer && iss === undefined) throw new OAuth2Error('invalid_response', `${what}: no iss parameter (RFC 9207)`)
  if (expected.issuer !== undefined && iss !== undefined && iss !== expected.issuer) {
    throw new OAuth2Error('invalid_response', `${what}: iss is not the expected issuer (RFC 9207)`)
  }
  const fields = errorFields(parameters)
  if (fields !== undefined) throw serverError(what, fields)
  const code = parameters.get('code')
  if (code === null || code === '') throw new OAuth2Error('invalid_response', `${what}: no code`)
  return { code, state, iss, parameters }
}
