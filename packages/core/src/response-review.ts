// Loaded by a signer's `onResponse` only for a refusal (400 or 401): a bundle whose requests succeed
// never fetches the problem-report parser.
import type { ResponseParts } from './authorizer.ts'
import type { ClockState } from './clock-skew.ts'
import { reviewClock } from './clock-skew.ts'
import { readOAuthProblem } from './problem.ts'
import type { RequestParts } from './request-parts.ts'

/**
 * The review of a refusal by an OAuth 1.0a signer. A 400 or 401 that carries an OAuth problem report
 * fails the call with that report as an `OAuthProblemError`. With clock-skew correction on, a
 * `timestamp_refused` report, or a refusal without a report whose `Date` is far off, first gets the
 * chance to correct the clock and answer `'retry'`; `correction.clock` reads the signer's timestamp
 * source, in seconds, without the correction.
 *
 * @internal
 */
export async function reviewOAuth1Refusal(
  response: ResponseParts,
  request: RequestParts,
  correction: { state: ClockState; dateThreshold: number; clock: () => number } | undefined,
): Promise<'retry' | undefined> {
  const problem = await readOAuthProblem(response, request)
  if (correction !== undefined && (problem === undefined || problem.code === 'timestamp_refused')) {
    const { state, dateThreshold, clock } = correction
    if (reviewClock(state, dateThreshold, problem, response.headers.get('date'), request, clock()) === 'retry') return 'retry'
  }
  if (problem !== undefined) throw problem
  return undefined
}
