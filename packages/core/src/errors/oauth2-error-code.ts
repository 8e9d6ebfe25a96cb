/**
 * The codes of {@link OAuth2Error}, the one list that {@link OAuth2ErrorCode} is derived from.
 *
 * @example
 * ```ts
 * import type { OAuth2ErrorCode } from '@oauthkit/core'
 *
 * const signInAgain: OAuth2ErrorCode[] = ['invalid_grant', 'token_missing', 'token_unrenewable']
 * ```
 */
// The codes before `unrecognized_error` are a server's own; the rest the client finds.
export const OAUTH2_ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'invalid_token',
  'insufficient_scope',
  'authorization_pending',
  'slow_down',
  'expired_token',
  'unrecognized_error',
  'state_mismatch',
  'invalid_response',
  'token_missing',
  'token_unrenewable',
  'unsupported_token_type',
  'token_request_failed',
] as const

/**
 * The stable codes of {@link OAuth2Error}: the error codes of the OAuth 2 RFCs, as an authorization
 * server or a resource server sends them, and the codes of what the client itself found wrong.
 *
 * | code | from |
 * |---|---|
 * | `invalid_request`, `invalid_client`, `invalid_grant`, `unauthorized_client`, `unsupported_grant_type`, `invalid_scope` | a token endpoint (RFC 6749 5.2) |
 * | `access_denied`, `unsupported_response_type`, `server_error`, `temporarily_unavailable` | an authorization response (RFC 6749 4.1.2.1) |
 * | `invalid_token`, `insufficient_scope` | a resource server's `WWW-Authenticate: Bearer` challenge (RFC 6750 3.1) |
 * | `authorization_pending`, `slow_down`, `expired_token` | the device grant (RFC 8628 3.5) |
 * | `unrecognized_error` | a server's error code outside this list (see {@link OAuth2Error.error}) |
 * | `state_mismatch` | a callback or fragment whose `state` is missing or not the expected one |
 * | `invalid_response` | a server answered without what the protocol requires (no `access_token`, not JSON, an error without a code) |
 * | `token_missing` | a request needs a token and there is none, nor a grant to get one |
 * | `token_unrenewable` | the token expired and cannot be renewed (no refresh token, no grant) |
 * | `unsupported_token_type` | the token is not a bearer token |
 * | `token_request_failed` | the request to the token endpoint did not get a response (network, abort) |
 *
 * `invalid_response` and `token_request_failed` mean the same for an OAuth 1.0a token endpoint, where
 * they are codes of `OAuthError`.
 *
 * @example
 * ```ts
 * import { isOAuthError } from '@oauthkit/core'
 *
 * function mustSignInAgain(error: unknown): boolean {
 *   if (!isOAuthError(error)) return false
 *   switch (error.code) {
 *     case 'invalid_grant':
 *     case 'token_missing':
 *     case 'token_unrenewable':
 *       return true
 *     default:
 *       return false
 *   }
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @useDeclaredType
 */
export type OAuth2ErrorCode = (typeof OAUTH2_ERROR_CODES)[number]
