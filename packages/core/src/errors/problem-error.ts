import { OAuthError } from './errors.ts'
import type { OAuthProblem } from './problem-code.ts'

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
