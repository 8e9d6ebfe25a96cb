// Loaded only by signers with `correctClockSkew` on (see signer.ts and response-review.ts).
import type { OAuthProblemError } from '../errors/problem-error.ts'
import type { RequestParts } from '../http/request-parts.ts'

/**
 * Options of the clock-skew correction of `oauth1()` (`correctClockSkew: true` takes the defaults).
 *
 * When a provider refuses a request (400 or 401) with `oauth_problem=timestamp_refused` and
 * `oauth_acceptable_timestamps="min-max"`, and the signer's clock is outside that range, the signer
 * moves its clock to the middle of the range. Without a range, a refusal whose `Date` header is more
 * than `dateThresholdSeconds` away from the signer's clock moves the clock to that date. Either way
 * `onResponse` answers `'retry'`, and the adapters send that request once more, signed with the
 * corrected clock. The correction is an offset added to the timestamp source (the system clock, or
 * the `now` or `timestamp` option); signers made with `signer.with(...)` share it.
 *
 * @example
 * ```ts
 * import { oauth1, type ClockSkewOptions } from '@oauthkit/core'
 *
 * const correction: ClockSkewOptions = { dateThresholdSeconds: 120 }
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', correctClockSkew: correction })
 * console.assert(signer.clockOffset === 0)
 * ```
 * @see https://wiki.oauth.net/w/page/12238543/ProblemReporting
 */
export interface ClockSkewOptions {
  /**
   * How far, in seconds, the `Date` header of a refusing response may be from the signer's clock
   * before the signer adopts it; 30 by default. HTTP dates have a resolution of one second and
   * arrive after some latency: a few seconds of difference is normal, not skew.
   */
  dateThresholdSeconds?: number | undefined
}

/** How many recently signed requests are remembered with the clock they were signed with. */
const REMEMBERED = 256

/**
 * The state of a clock correction, shared by a signer and every signer made from it with `with()`.
 * The signer holds it; the functions of this module, loaded only when `correctClockSkew` is on,
 * read and change it.
 *
 * @internal
 */
export interface ClockState {
  /** Seconds added to the timestamp source. */
  offset: number
  /** Incremented on each correction. */
  generation: number
  /** `METHOD origin/path` → the generation its latest signing used. */
  readonly signed: Map<string, number>
}

function requestKey(request: RequestParts): string {
  let where: string
  try {
    const url = typeof request.url === 'string' ? new URL(request.url) : request.url
    where = `${url.origin}${url.pathname}`
  } catch {
    where = String(request.url)
  }
  return `${String(request.method).toUpperCase()} ${where}`
}

/**
 * A timestamp of the source (whole seconds, as a string) shifted by the correction.
 *
 * @internal
 */
export function shiftTimestamp(state: ClockState, timestamp: string): string {
  return state.offset === 0 ? timestamp : String(Math.max(0, Number(timestamp) + state.offset))
}

/**
 * Notes the clock a request is being signed with.
 *
 * @internal
 */
export function recordSigning(state: ClockState, request: RequestParts): void {
  const key = requestKey(request)
  state.signed.delete(key)
  state.signed.set(key, state.generation)
  if (state.signed.size > REMEMBERED) state.signed.delete(state.signed.keys().next().value as string)
}

/**
 * Whether a refusal is about the clock, and what the clock should be: the middle of the provider's
 * acceptable timestamps when the clock is outside them, else the refusal's `Date` when it is further
 * than `dateThreshold` seconds. Corrects the clock and answers `'retry'` when that will help, or
 * when the request was signed before the latest correction (a call made in parallel with the
 * corrected one). `clock` is the timestamp source now, in seconds, without the correction.
 *
 * @internal
 */
export function reviewClock(
  state: ClockState,
  dateThreshold: number,
  problem: OAuthProblemError | undefined,
  date: string | null,
  request: RequestParts,
  clock: number,
): 'retry' | undefined {
  const now = Math.floor(clock)
  const current = now + state.offset
  let target: number | undefined
  let skewed = false
  const window = problem?.acceptableTimestamps
  if (window) {
    target = Math.floor((window.min + window.max) / 2)
    skewed = current < window.min || current > window.max
  } else if (date !== null) {
    const parsed = Date.parse(date)
    if (Number.isFinite(parsed)) {
      target = Math.floor(parsed / 1000)
      skewed = Math.abs(target - current) > dateThreshold
    }
  }
  if (target !== undefined && skewed) {
    state.offset = target - now
    state.generation++
    return 'retry'
  }
  const signedWith = state.signed.get(requestKey(request))
  return signedWith !== undefined && signedWith < state.generation ? 'retry' : undefined
}
