import type { ResponseParts } from './authorizer.ts'
import type { ClockSkewCorrection } from './clock-skew.ts'
import { readOAuthProblem } from './problem.ts'
import type { RequestParts } from './request-parts.ts'

/**
 * The `onResponse` of an OAuth 1.0a signer. A refusal (400 or 401) that carries an OAuth problem
 * report fails the call with that report as an `OAuthProblemError`. With clock-skew correction on,
 * a `timestamp_refused` report, or a refusal without a report whose `Date` is far off, first gets
 * the chance to correct the clock and answer `'retry'`. Any other response passes.
 *
 * @internal
 */
export function reviewOAuth1Response(
  correction: ClockSkewCorrection | undefined,
  clock: () => number,
): (response: ResponseParts, request: RequestParts) => Promise<'retry' | undefined> {
  return async (response, request) => {
    if (response.status !== 400 && response.status !== 401) return undefined
    const problem = await readOAuthProblem(response, request)
    if (correction !== undefined && (problem === undefined || problem.code === 'timestamp_refused')) {
      if (correction.review(problem, response.headers.get('date'), request, clock()) === 'retry') return 'retry'
    }
    if (problem !== undefined) throw problem
    return undefined
  }
}
