import type { OAuth2ErrorCode } from './oauth2-error-code.ts'

/**
 * The problem names of OAuth Problem Reporting (the `oauth_problem` extension to OAuth 1.0a).
 * A verifier failure carries one of these as its {@link OAuthError.code}; a provider sends it back in
 * `WWW-Authenticate: OAuth oauth_problem="…"`.
 *
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 *
 * @example
 * ```ts
 * import { isOAuthError, type OAuthProblem } from '@oauthkit/core'
 *
 * const retryable: OAuthProblem[] = ['timestamp_refused', 'nonce_used']
 * const shouldRetry = (error: unknown): boolean => isOAuthError(error) && (retryable as string[]).includes(error.code)
 * ```
 */
export type OAuthProblem =
  | 'version_rejected'
  | 'parameter_absent'
  | 'parameter_rejected'
  | 'timestamp_refused'
  | 'nonce_used'
  | 'signature_method_rejected'
  | 'signature_invalid'
  | 'consumer_key_unknown'
  | 'consumer_key_rejected'
  | 'consumer_key_refused'
  | 'token_used'
  | 'token_expired'
  | 'token_revoked'
  | 'token_rejected'
  | 'verifier_invalid'
  | 'additional_authorization_required'
  | 'permission_unknown'
  | 'permission_denied'
  | 'user_refused'

/**
 * Every stable code an {@link OAuthError} can carry: the OAuth problem names, the OAuth 2 codes
 * (see `OAuth2ErrorCode`), plus the codes of client-side mistakes.
 *
 * - `invalid_options`: an option given to a factory such as `oauth1()` is missing or malformed.
 * - `invalid_request`: the request handed to the signer cannot be signed (bad URL, bad method).
 * - `placement_unsupported`: the chosen placement cannot carry the parameters on this request
 *   (for example `'body'` on a GET).
 * - `key_invalid`: a private or public key could not be read or does not fit the signature method.
 * - `body_unreadable`: a body hash was asked for a body that cannot be read before it is sent.
 * - `token_mismatch`: an authorization callback names another request token than the pending one.
 * - `callback_not_confirmed`: a request-token response lacks `oauth_callback_confirmed=true` (not OAuth 1.0a).
 * - `store_corrupt`: a token store's file is not a token store (unparseable or of another shape).
 * - `store_locked`: a token store's file stayed locked by another writer for too long.
 * - `store_full`: a nonce store holds as many nonces still inside their window as it may.
 * - `store_insecure`: every user can write to the directory of a token store's file.
 * - `too_many_parameters`: a request's query and form body carry more parameters than
 *   `verifyOAuth1`'s `maxParameters`; answer 413 when the request has a form body, else 400.
 *
 * @example
 * ```ts
 * import { isOAuthError } from '@oauthkit/core'
 *
 * function explain(error: unknown): string {
 *   if (!isOAuthError(error)) return 'not an OAuth error'
 *   switch (error.code) {
 *     case 'timestamp_refused':
 *       return 'check the clock'
 *     case 'signature_invalid':
 *       return 'compare base strings'
 *     default:
 *       return error.code
 *   }
 * }
 * ```
 */
export type OAuthErrorCode =
  | OAuthProblem
  | OAuth2ErrorCode
  | 'invalid_options'
  | 'invalid_request'
  | 'placement_unsupported'
  | 'key_invalid'
  | 'body_unreadable'
  | 'token_mismatch'
  | 'callback_not_confirmed'
  | 'store_corrupt'
  | 'store_locked'
  | 'store_full'
  | 'store_insecure'
  | 'too_many_parameters'

/**
 * The one error type of oauthkit. `code` is stable and typed, so `switch (error.code)` narrows;
 * `cause` holds the underlying error when there is one. Messages name what was wrong and, for a
 * request, its method and URL without the query string. They never contain a consumer secret, a
 * token secret, a password or a private key.
 *
 * @example
 * ```ts
 * import { OAuthError, oauth1 } from '@oauthkit/core'
 *
 * try {
 *   oauth1({ consumerKey: '' })
 * } catch (error) {
 *   if (error instanceof OAuthError) console.assert(error.code === 'invalid_options')
 * }
 * ```
 */
export class OAuthError extends Error {
  override name: string = 'OAuthError'
  /** A stable code; see {@link OAuthErrorCode}. */
  readonly code: OAuthErrorCode

  constructor(code: OAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/**
 * Whether a value is an {@link OAuthError}. It also recognises errors from another copy of
 * oauthkit (another realm, or the CJS and ESM builds side by side) by their `name` and `code`.
 *
 * @example
 * ```ts
 * import { isOAuthError } from '@oauthkit/core'
 *
 * const error: unknown = new Error('boom')
 * console.assert(!isOAuthError(error))
 * ```
 */
export function isOAuthError(value: unknown): value is OAuthError {
  if (value instanceof OAuthError) return true
  if (typeof value !== 'object' || value === null) return false
  const { name, code } = value as { name?: unknown; code?: unknown }
  return (name === 'OAuthError' || name === 'OAuthProblemError' || name === 'OAuth2Error') && typeof code === 'string'
}

/**
 * Names a request in an error message: the method and the URL without its query string and
 * fragment, which may carry credentials.
 *
 * @internal
 */
export function describeRequest(method: string, url: URL | string): string {
  let where: string
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url
    where = `${parsed.origin}${parsed.pathname}`
  } catch {
    where = '(invalid URL)'
  }
  return `${method.toUpperCase()} ${where}`
}
