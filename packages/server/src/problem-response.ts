import type { OAuthProblem } from '@oauthkit/core'
import { OAuthProblemError } from '@oauthkit/core'
import { formatAuthorizationHeader, percentEncode } from '@oauthkit/core/oauth1'

/**
 * Options of {@link problemResponse}.
 *
 * @example
 * ```ts
 * import { problemResponse, type ProblemResponseOptions } from '@oauthkit/server'
 *
 * const options: ProblemResponseOptions = { realm: 'Photos', status: 403 }
 * const response = problemResponse('user_refused', options)
 * ```
 */
export interface ProblemResponseOptions {
  /** The `realm` of the `WWW-Authenticate` challenge; none when absent. */
  realm?: string | undefined
  /** The status; by default 400 for a malformed request (RFC 5849 3.2) and 401 for everything else. */
  status?: number | undefined
  /** Extra response headers. */
  headers?: HeadersInit | undefined
}

/** RFC 5849 3.2: a malformed request is a 400, bad credentials are a 401. */
const BAD_REQUEST: ReadonlySet<OAuthProblem> = new Set<OAuthProblem>([
  'version_rejected',
  'parameter_absent',
  'parameter_rejected',
  'signature_method_rejected',
])

/** A header value may not hold control characters; a realm is printable ASCII. */
const PRINTABLE = /^[\x20-\x7e]*$/

/**
 * The fields of an OAuth Problem Reporting report, in the order they are sent.
 *
 * @internal
 */
export function problemFields(error: OAuthProblemError): [string, string][] {
  const fields: [string, string][] = [['oauth_problem', error.code]]
  if (error.acceptableTimestamps) {
    fields.push(['oauth_acceptable_timestamps', `${error.acceptableTimestamps.min}-${error.acceptableTimestamps.max}`])
  }
  if (error.acceptableVersions) {
    fields.push(['oauth_acceptable_versions', `${error.acceptableVersions.min}-${error.acceptableVersions.max}`])
  }
  // A set of names, each percent-encoded, separated by '&' (the value is then encoded once more on the wire).
  if (error.parametersAbsent?.length) fields.push(['oauth_parameters_absent', error.parametersAbsent.map(percentEncode).join('&')])
  if (error.parametersRejected?.length) {
    fields.push(['oauth_parameters_rejected', error.parametersRejected.map(percentEncode).join('&')])
  }
  return fields
}

/**
 * A ready response for a refused request, per OAuth Problem Reporting: the status (400 for a
 * malformed request, 401 otherwise, as RFC 5849 3.2 says), a `WWW-Authenticate: OAuth realm="…",
 * oauth_problem="…"` challenge with `oauth_acceptable_timestamps`, `oauth_acceptable_versions`,
 * `oauth_parameters_absent` and `oauth_parameters_rejected` when they apply, and the same fields plus
 * `oauth_problem_advice` form-encoded in the body. The advice is the error's message, which never
 * holds a secret, a token secret or a password.
 *
 * @example
 * ```ts
 * import { OAuthProblemError } from '@oauthkit/core'
 * import { problemResponse } from '@oauthkit/server'
 *
 * const response = problemResponse(
 *   new OAuthProblemError('timestamp_refused', 'oauth_timestamp is outside the accepted window', {
 *     acceptableTimestamps: { min: 1699999700, max: 1700000300 },
 *   }),
 *   { realm: 'Photos' },
 * )
 * console.assert(response.status === 401)
 * // WWW-Authenticate: OAuth realm="Photos", oauth_problem="timestamp_refused", oauth_acceptable_timestamps="1699999700-1700000300"
 * ```
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export function problemResponse(problem: OAuthProblemError | OAuthProblem, options: ProblemResponseOptions = {}): Response {
  const error = typeof problem === 'string' ? new OAuthProblemError(problem, problem.replaceAll('_', ' ')) : problem
  const fields = problemFields(error)
  const realm = options.realm !== undefined && PRINTABLE.test(options.realm) ? options.realm : undefined
  const headers = new Headers(options.headers)
  headers.set('www-authenticate', formatAuthorizationHeader(fields, realm))
  headers.set('content-type', 'application/x-www-form-urlencoded')
  headers.set('cache-control', 'no-store')
  const advice = error.advice ?? error.message
  const body = [...fields, ...(advice ? [['oauth_problem_advice', advice] as [string, string]] : [])]
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&')
  return new Response(body, { status: options.status ?? (BAD_REQUEST.has(error.code) ? 400 : 401), headers })
}
