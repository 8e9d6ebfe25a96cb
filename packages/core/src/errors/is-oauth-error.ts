import { OAuthError } from './errors.ts'
import type { OAuth2Error } from './oauth2-error.ts'
import type { OAuthProblemError } from './problem-error.ts'

/**
 * Any error of oauthkit: its code tells which class it is, since no code means two things.
 *
 * @example
 * ```ts
 * import type { AnyOAuthError } from '@oauthkit/core'
 *
 * function status(error: AnyOAuthError): number {
 *   switch (error.code) {
 *     case 'timestamp_refused': // an OAuthProblemError: the provider's window is there
 *       return error.acceptableTimestamps === undefined ? 401 : 400
 *     case 'invalid_grant': // an OAuth2Error
 *       return error.status ?? 400
 *     default:
 *       return 500
 *   }
 * }
 * ```
 */
export type AnyOAuthError = OAuthError | OAuthProblemError | OAuth2Error

/**
 * Whether a value is an error of oauthkit: an `OAuthError`, `OAuthProblemError` or `OAuth2Error`.
 * It also recognises errors from another copy of oauthkit (another realm, or the CJS and ESM builds
 * side by side) by their `name` and `code`. A `switch (error.code)` then narrows to the class.
 *
 * @example
 * ```ts
 * import { isOAuthError } from '@oauthkit/core'
 *
 * const error: unknown = new Error('boom')
 * console.assert(!isOAuthError(error))
 * ```
 */
export function isOAuthError(value: unknown): value is AnyOAuthError {
  if (value instanceof OAuthError) return true
  if (typeof value !== 'object' || value === null) return false
  const { name, code } = value as { name?: unknown; code?: unknown }
  return (name === 'OAuthError' || name === 'OAuthProblemError' || name === 'OAuth2Error') && typeof code === 'string'
}
