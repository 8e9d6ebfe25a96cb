import type { ResponseParts } from '../contract/authorizer.ts'
import { describeRequest } from '../errors/errors.ts'
import { printableLine } from '../errors/printable.ts'
import { isOAuthProblem } from '../errors/problem-code.ts'
import type { OAuthProblemDetails } from '../errors/problem-error.ts'
import { OAuthProblemError } from '../errors/problem-error.ts'
import { type Challenge, findChallenge, readChallenge } from '../http/challenge.ts'
import { parseForm } from '../http/parameters.ts'
import { percentDecodeStrict } from '../http/percent-encode.ts'

/**
 * Where a report came from, to name it in the error message: the request (method and URL; the
 * message shows neither its query nor its fragment) and the HTTP status.
 *
 * @example
 * ```ts
 * import { parseOAuthProblem, type ProblemContext } from '@oauthkit/core/oauth1'
 *
 * const context: ProblemContext = { request: { method: 'GET', url: 'https://api.example.com/me' }, status: 401 }
 * const error = parseOAuthProblem('oauth_problem=token_revoked', context)
 * console.assert(error?.message.includes('GET https://api.example.com/me'))
 * ```
 */
export interface ProblemContext {
  /** The request that was refused. */
  request?: { method: string; url: string | URL } | undefined
  /** The status of the response that carried the report. */
  status?: number | undefined
}

/** The fields of a report, first value of each name kept. */
type ReportFields = Map<string, string>

function fieldsOf(pairs: Iterable<readonly [string, string]>): ReportFields {
  const fields: ReportFields = new Map()
  for (const [name, value] of pairs) if (!fields.has(name)) fields.set(name, value)
  return fields
}

/**
 * The fields of a report in a `WWW-Authenticate` value or a form-encoded string, or `undefined`
 * when there is no `oauth_problem` in it.
 *
 * @internal
 */
export function reportFields(report: string | Iterable<readonly [string, string]>): ReportFields | undefined {
  let fields: ReportFields
  const challenge = typeof report === 'string' ? readChallenge(report, 'oauth') : undefined
  if (typeof report !== 'string') fields = fieldsOf(report)
  else if (challenge === 'too-long')
    fields = new Map() // a header, not read: never a form
  else if (challenge !== undefined) fields = challengeFields(challenge)
  else fields = fieldsOf(parseForm(report.trim()))
  return fields.get('oauth_problem') ? fields : undefined
}

// Values of an OAuth challenge are percent-encoded as in the Authorization header (RFC 5849 3.5.1);
// an unterminated or badly encoded challenge reports nothing we could trust.
function challengeFields(challenge: Challenge): ReportFields {
  const fields: ReportFields = new Map()
  if (challenge.unterminated) return fields
  for (const [name, value] of challenge.params) {
    if (name === 'realm') continue
    const decodedName = percentDecodeStrict(name)
    const decodedValue = percentDecodeStrict(value)
    if (decodedName === undefined || decodedValue === undefined) return new Map()
    if (!fields.has(decodedName)) fields.set(decodedName, decodedValue)
  }
  return fields
}

/** Takes the secrets out of a provider's text. */
type Redact = (text: string) => string
const keep: Redact = (text) => text

// Provider text goes into a message: one printable line, bounded. The secrets go first, before the
// cut (none is cut in two), and again once the line is made (which may have joined one up).
function clean(text: string, redact: Redact): string {
  const line = redact(printableLine(redact(text)))
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

function nameList(value: string | undefined, redact: Redact): string[] | undefined {
  if (value === undefined) return undefined
  const names = redact(value)
    .split('&')
    .filter((name) => name !== '')
    .map((name) => redact(percentDecodeStrict(name) ?? name))
  return names.length > 0 ? names : undefined
}

function range(value: string | undefined): [string, string] | undefined {
  const match = value === undefined ? null : /^\s*([^-\s]+)\s*-\s*([^-\s]+)\s*$/.exec(value)
  return match ? [match[1] as string, match[2] as string] : undefined
}

/**
 * The details of a report (advice, acceptable timestamps and versions, absent and rejected
 * parameters), every text of the provider passed through `redact`; malformed fields are left out.
 *
 * @internal
 */
export function reportDetails(fields: ReportFields, redact: Redact): OAuthProblemDetails {
  const details: OAuthProblemDetails = {}
  const advice = fields.get('oauth_problem_advice')
  if (advice !== undefined && clean(advice, redact) !== '') details.advice = clean(advice, redact)
  const timestamps = range(fields.get('oauth_acceptable_timestamps'))
  if (timestamps && /^\d+$/.test(timestamps[0]) && /^\d+$/.test(timestamps[1])) {
    const min = Number(timestamps[0])
    const max = Number(timestamps[1])
    if (min <= max) details.acceptableTimestamps = { min, max }
  }
  const versions = range(redact(fields.get('oauth_acceptable_versions') ?? ''))
  if (versions) details.acceptableVersions = { min: clean(versions[0], redact), max: clean(versions[1], redact) }
  const absent = nameList(fields.get('oauth_parameters_absent'), redact)
  if (absent) details.parametersAbsent = absent
  const rejected = nameList(fields.get('oauth_parameters_rejected'), redact)
  if (rejected) details.parametersRejected = rejected
  return details
}

/**
 * The message of a reported problem: what was refused, the problem, its details, the advice.
 *
 * @internal
 */
export function reportMessage(problem: string, details: OAuthProblemDetails, context: ProblemContext, redact: Redact): string {
  const { request, status } = context
  const name = (text: string): string => clean(text, redact)
  let message = request ? `${describeRequest(request.method, request.url)} was refused` : 'The request was refused'
  message += `: oauth_problem=${name(problem)}`
  if (status !== undefined) message += ` (HTTP ${status})`
  if (details.acceptableTimestamps)
    message += `; acceptable timestamps ${details.acceptableTimestamps.min}-${details.acceptableTimestamps.max}`
  if (details.acceptableVersions) message += `; acceptable versions ${details.acceptableVersions.min}-${details.acceptableVersions.max}`
  if (details.parametersAbsent) message += `; absent: ${details.parametersAbsent.map(name).join(', ')}`
  if (details.parametersRejected) message += `; rejected: ${details.parametersRejected.map(name).join(', ')}`
  if (details.advice) message += `; advice: ${details.advice}`
  return message
}

/**
 * The {@link OAuthProblemError} of a report's fields, every text of the provider passed through
 * `redact`; `undefined` when its `oauth_problem` is not one of the names of the extension.
 *
 * @internal
 */
export function reportedProblem(fields: ReportFields, context: ProblemContext, redact: Redact = keep): OAuthProblemError | undefined {
  const problem = fields.get('oauth_problem')
  if (!isOAuthProblem(problem)) return undefined
  const details = reportDetails(fields, redact)
  return new OAuthProblemError(problem, reportMessage(problem, details, context, redact), details)
}

/**
 * Parses an OAuth Problem Reporting report into an {@link OAuthProblemError}: `oauth_problem`
 * becomes the error's `code`, and `oauth_problem_advice`, `oauth_acceptable_timestamps` (`min-max`),
 * `oauth_acceptable_versions`, `oauth_parameters_absent` and `oauth_parameters_rejected` (names
 * percent-encoded and joined with `&`) its fields. The report is a `WWW-Authenticate` value with an
 * `OAuth` challenge, a form-encoded body, or name/value pairs. Returns `undefined` when there is no
 * `oauth_problem`, or when it is not one of the names of the extension (see {@link isOAuthProblem}).
 * The advice is made one printable line of at most 300 characters (see {@link printableLine}); a
 * `WWW-Authenticate` value longer than 8192 characters is not read. A signer reviewing a refusal
 * also redacts its secrets from the report; this function knows none.
 *
 * @example
 * ```ts
 * import { parseOAuthProblem } from '@oauthkit/core/oauth1'
 *
 * const fromHeader = parseOAuthProblem('OAuth realm="Photos", oauth_problem="timestamp_refused", oauth_acceptable_timestamps="1699999700-1700000300"')
 * console.assert(fromHeader?.code === 'timestamp_refused' && fromHeader.acceptableTimestamps?.max === 1700000300)
 *
 * const fromBody = parseOAuthProblem('oauth_problem=parameter_absent&oauth_parameters_absent=oauth_nonce%26oauth_timestamp')
 * console.assert(fromBody?.parametersAbsent?.join() === 'oauth_nonce,oauth_timestamp')
 * ```
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export function parseOAuthProblem(
  report: string | Iterable<readonly [string, string]>,
  context: ProblemContext = {},
): OAuthProblemError | undefined {
  const fields = reportFields(report)
  return fields === undefined ? undefined : reportedProblem(fields, context)
}

function looksLikeReportBody(contentType: string | null): 'form' | 'json' | undefined {
  if (contentType === null) return 'form'
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase()
  if (mediaType === 'application/x-www-form-urlencoded' || mediaType === 'text/plain' || mediaType === '') return 'form'
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json'
  return undefined
}

/**
 * The pairs of a JSON object's top-level string and number fields; nothing for anything else.
 *
 * @internal
 */
export function jsonFields(text: string): [string, string][] | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const pairs: [string, string][] = []
  for (const [name, field] of Object.entries(value)) {
    if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') pairs.push([name, String(field)])
  }
  return pairs
}

/**
 * The report fields of a response: its `WWW-Authenticate: OAuth` challenge, completed by its body
 * when that is form-encoded (or plain text, or JSON). `undefined` when neither has an `oauth_problem`.
 *
 * @internal
 */
export async function responseReportFields(response: ResponseParts): Promise<ReportFields | undefined> {
  const challenge = response.headers.get('www-authenticate')
  const fromHeader = challenge === null ? undefined : challengeReport(challenge)
  const kind = looksLikeReportBody(response.headers.get('content-type'))
  let fromBody: ReportFields | undefined
  if (kind !== undefined) {
    const text = await response.text()
    const pairs = kind === 'json' ? jsonFields(text) : text.includes('oauth_problem') ? parseForm(text.trim()) : undefined
    if (pairs) fromBody = reportFields(pairs)
  }
  if (fromHeader === undefined) return fromBody
  // The header decides; the body may add what the header left out (the advice, typically).
  if (fromBody !== undefined && fromBody.get('oauth_problem') === fromHeader.get('oauth_problem')) {
    for (const [name, value] of fromBody) if (!fromHeader.has(name)) fromHeader.set(name, value)
  }
  return fromHeader
}

function challengeReport(header: string): ReportFields | undefined {
  const challenge = findChallenge(header, 'oauth')
  const fields = challenge === undefined ? new Map<string, string>() : challengeFields(challenge)
  return fields.get('oauth_problem') ? fields : undefined
}

/**
 * A `Response` as {@link ResponseParts}: its body read from a clone, so the caller can still read it.
 *
 * @internal
 */
export function responsePartsOf(response: Response): ResponseParts {
  return { status: response.status, headers: response.headers, text: () => response.clone().text() }
}

/**
 * Reads the OAuth problem report of a response: the `WWW-Authenticate: OAuth …` challenge, and the
 * body when it is form-encoded (plain text and JSON are tolerated). The challenge decides; the body
 * may complete it (the advice, typically). Resolves `undefined` when the response carries no report
 * with a known problem name. A `Response` is read through a clone, so its body stays unread for the
 * caller; of other `ResponseParts`, `text()` is called. A challenge longer than 8192 characters is
 * not read (the body still is). A response that came back through an adapter has its report already
 * read: `oauthRefusal(response)` of `@oauthkit/core` gives it, with the base string of the request.
 *
 * @example
 * ```ts
 * import { readOAuthProblem } from '@oauthkit/core/oauth1'
 *
 * const response = new Response('oauth_problem=token_expired&oauth_problem_advice=sign+in+again', {
 *   status: 401,
 *   headers: { 'content-type': 'application/x-www-form-urlencoded' },
 * })
 * const problem = await readOAuthProblem(response)
 * console.assert(problem?.code === 'token_expired' && problem.advice === 'sign in again' && !response.bodyUsed)
 * ```
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export async function readOAuthProblem(
  response: ResponseParts,
  request?: { method: string; url: string | URL },
): Promise<OAuthProblemError | undefined> {
  // A Response read as it is would be read for the caller too: its clone is read instead.
  const parts: ResponseParts = typeof Response !== 'undefined' && response instanceof Response ? responsePartsOf(response) : response
  const fields = await responseReportFields(parts)
  return fields === undefined ? undefined : reportedProblem(fields, { request, status: response.status })
}
