// Loaded by a signer's `onResponse` only for a refusal (400 or 401): a bundle whose requests succeed
// never fetches the problem-report parser.
import type { ResponseParts } from '../contract/authorizer.ts'
import { markRefusal } from '../contract/refusal.ts'
import { redactor } from '../errors/redact.ts'
import type { RequestParts } from '../http/request-parts.ts'
import type { ClockState } from './clock-skew.ts'
import { reviewClock } from './clock-skew.ts'
import { reportedProblem, responseReportFields } from './problem.ts'
import type { OAuth1Options, SignOverrides } from './signer-options.ts'
import { signerSecrets } from './signer-secrets.ts'

/**
 * The review of a refusal by an OAuth 1.0a signer. A 400 or 401 that carries an OAuth problem report
 * is read as an `OAuthProblemError` (marked a refusal: adapters hand it back with the response),
 * the signer's secrets (those of `options`, and a token secret of `overrides`) redacted from what
 * the provider wrote and from the base string. With clock-skew
 * correction on, a `timestamp_refused` report, or a refusal without a report whose `Date` is far off,
 * first gets the chance to correct the clock and answer `'retry'`; `correction.clock` reads the
 * signer's timestamp source, in seconds, without the correction.
 *
 * @internal
 */
export async function reviewOAuth1Refusal(
  response: ResponseParts,
  request: RequestParts,
  correction: { state: ClockState; dateThreshold: number; clock: () => number } | undefined,
  options: OAuth1Options,
  overrides: SignOverrides | undefined,
): Promise<'retry' | undefined> {
  const fields = await responseReportFields(response)
  const redact = redactor(signerSecrets(options, overrides?.tokenSecret))
  const problem = fields && reportedProblem(fields, { request, status: response.status }, redact)
  if (correction !== undefined && (problem === undefined || problem.code === 'timestamp_refused')) {
    const { state, dateThreshold, clock } = correction
    if (reviewClock(state, dateThreshold, problem, response.headers.get('date'), request, clock()) === 'retry') return 'retry'
  }
  // What the provider said of the request: adapters hand it back with the response, the base string with it.
  if (problem !== undefined) throw markRefusal(problem, redact)
  return undefined
}
