/**
 * The problem names of OAuth Problem Reporting (the `oauth_problem` extension to OAuth 1.0a), the
 * codes of {@link OAuthProblemError}: a verifier refuses with one, and a provider sends it back in
 * `WWW-Authenticate: OAuth oauth_problem="…"` or in the body.
 *
 * @example
 * ```ts
 * import type { OAuthProblem } from '@oauthkit/core'
 *
 * const problem: OAuthProblem = 'timestamp_refused'
 * ```
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export const OAUTH_PROBLEMS = [
  'version_rejected',
  'parameter_absent',
  'parameter_rejected',
  'timestamp_refused',
  'nonce_used',
  'signature_method_rejected',
  'signature_invalid',
  'consumer_key_unknown',
  'consumer_key_rejected',
  'consumer_key_refused',
  'token_used',
  'token_expired',
  'token_revoked',
  'token_rejected',
  'verifier_invalid',
  'additional_authorization_required',
  'permission_unknown',
  'permission_denied',
  'user_refused',
] as const

/**
 * A problem name of OAuth Problem Reporting (the `oauth_problem` extension to OAuth 1.0a), the `code`
 * of an {@link OAuthProblemError}: a verifier refuses with one, and a provider sends it back in
 * `WWW-Authenticate: OAuth oauth_problem="…"` or in the body. Derived from the list `OAUTH_PROBLEMS`.
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
 * @useDeclaredType
 */
export type OAuthProblem = (typeof OAUTH_PROBLEMS)[number]

const PROBLEM_NAMES: ReadonlySet<string> = new Set(OAUTH_PROBLEMS)

/**
 * Whether a string is one of the problem names of OAuth Problem Reporting (see {@link OAuthProblem}).
 *
 * @example
 * ```ts
 * import { isOAuthProblem } from '@oauthkit/core'
 *
 * console.assert(isOAuthProblem('timestamp_refused'))
 * console.assert(!isOAuthProblem('rate_limited'))
 * ```
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export function isOAuthProblem(value: unknown): value is OAuthProblem {
  return typeof value === 'string' && PROBLEM_NAMES.has(value)
}
