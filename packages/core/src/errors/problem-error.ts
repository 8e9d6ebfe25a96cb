import { OAuthError } from './errors.ts'

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

/**
 * Extra fields of an OAuth problem report.
 *
 * @example
 * ```ts
 * import type { OAuthProblemDetails } from '@oauthkit/core'
 *
 * const details: OAuthProblemDetails = { parametersAbsent: ['oauth_nonce'], advice: 'send a nonce' }
 * ```
 */
export interface OAuthProblemDetails {
  /**
   * `oauth_problem_advice`: human-readable text from the provider, as one printable line of at most
   * 300 characters, with the secrets of the request that was refused replaced by `[redacted]`.
   */
  advice?: string
  /** `oauth_acceptable_timestamps`: the range of timestamps the provider accepts, in seconds. */
  acceptableTimestamps?: { min: number; max: number }
  /** `oauth_acceptable_versions`. */
  acceptableVersions?: { min: string; max: string }
  /** `oauth_parameters_absent`: the names of the missing parameters. */
  parametersAbsent?: string[]
  /** `oauth_parameters_rejected`: the names of the rejected parameters. */
  parametersRejected?: string[]
}

/**
 * An OAuth problem: a request refused by a verifier (ours, or a provider's report).
 * `code` is the problem name (one of `OAUTH_PROBLEMS`); the details of the report are fields of the error.
 *
 * @example
 * ```ts
 * import { OAuthProblemError } from '@oauthkit/core'
 *
 * const error = new OAuthProblemError('timestamp_refused', 'timestamp too old', {
 *   acceptableTimestamps: { min: 1700000000, max: 1700000600 },
 * })
 * console.assert(error.acceptableTimestamps?.min === 1700000000)
 * ```
 */
export class OAuthProblemError extends OAuthError<OAuthProblem> implements OAuthProblemDetails {
  override name: string = 'OAuthProblemError'
  readonly advice?: string
  readonly acceptableTimestamps?: { min: number; max: number }
  readonly acceptableVersions?: { min: string; max: string }
  readonly parametersAbsent?: string[]
  readonly parametersRejected?: string[]

  constructor(problem: OAuthProblem, message: string, details: OAuthProblemDetails = {}, options?: { cause?: unknown }) {
    super(problem, message, options)
    if (details.advice !== undefined) this.advice = details.advice
    if (details.acceptableTimestamps) this.acceptableTimestamps = details.acceptableTimestamps
    if (details.acceptableVersions) this.acceptableVersions = details.acceptableVersions
    if (details.parametersAbsent) this.parametersAbsent = details.parametersAbsent
    if (details.parametersRejected) this.parametersRejected = details.parametersRejected
  }
}
