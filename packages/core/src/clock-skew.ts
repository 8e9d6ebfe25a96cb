import type { OAuthProblemError } from './errors.ts'
import { OAuthError } from './errors.ts'
import type { RequestParts } from './request-parts.ts'

/**
 * Options of the clock-skew correction of `oauth1()` (`correctClockSkew: true` takes the defaults).
 *
 * When a provider refuses a request (400 or 401) with `oauth_problem=timestamp_refused` and
 * `oauth_acceptable_timestamps="min-max"`, and the signer's clock is outside that range, the signer
 * moves its clock to the middle of the range. Without a range, a refusal whose `Date` header is more
 * than `dateThreshold` seconds away from the signer's clock moves the clock to that date. Either way
 * `onResponse` answers `'retry'`, and the adapters send that request once more, signed with the
 * corrected clock. The correction is an offset added to the timestamp source (the system clock, or
 * the `timestamp` option); signers made with `signer.with(...)` share it.
 *
 * @example
 * ```ts
 * import { oauth1, type ClockSkewOptions } from '@oauthkit/core'
 *
 * const correction: ClockSkewOptions = { dateThreshold: 120 }
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
  dateThreshold?: number | undefined
}

/**
 * The default of {@link ClockSkewOptions.dateThreshold}, in seconds.
 *
 * @internal
 */
export const DEFAULT_DATE_THRESHOLD = 30

/** How many recently signed requests are remembered with the clock they were signed with. */
const REMEMBERED = 256

/** The shared state of a clock correction: every signer made from another with `with()` uses it. */
interface ClockState {
  /** Seconds added to the timestamp source. */
  offset: number
  /** Incremented on each correction. */
  generation: number
  /** `METHOD origin/path` → the generation its latest signing used. */
  readonly signed: Map<string, number>
}

const STATE = Symbol('oauthkit.clockSkew')

/**
 * The clock correction of one signer: what the signer's timestamp source, its `sign` and its
 * `onResponse` consult.
 *
 * @internal
 */
export interface ClockSkewCorrection {
  /** The current offset, in seconds. */
  readonly offset: number
  /** A timestamp of the source (whole seconds, as a string) shifted by the offset. */
  shift(timestamp: string): string
  /** Notes the clock a request is being signed with. */
  record(request: RequestParts): void
  /**
   * Looks at a refusal, given the source's time now (`clock`, seconds): corrects the clock and answers `'retry'` when that will help, or when the
   * request was signed before the latest correction (a call made in parallel with the corrected one).
   */
  review(problem: OAuthProblemError | undefined, date: string | null, request: RequestParts, clock: number): 'retry' | undefined
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

function threshold(option: true | ClockSkewOptions): number {
  if (option === true || option.dateThreshold === undefined) return DEFAULT_DATE_THRESHOLD
  const value = option.dateThreshold
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new OAuthError('invalid_options', 'oauth1(): correctClockSkew.dateThreshold must be a number of seconds, 0 or more')
  }
  return value
}

/**
 * The clock correction of a signer's options, or `undefined` when `correctClockSkew` is off. The
 * state is kept on the options object under a symbol, so that `with()` (which spreads the options)
 * hands the same state to the signers it makes.
 *
 * @internal
 */
export function clockSkewCorrection(config: {
  correctClockSkew?: boolean | ClockSkewOptions | undefined
}): ClockSkewCorrection | undefined {
  const option = config.correctClockSkew
  if (option === undefined || option === false) return undefined
  if (option !== true && (typeof option !== 'object' || option === null)) {
    throw new OAuthError('invalid_options', 'oauth1(): correctClockSkew must be true, false or an options object')
  }
  const dateThreshold = threshold(option)
  const holder = config as { [STATE]?: ClockState }
  holder[STATE] ??= { offset: 0, generation: 0, signed: new Map() }
  const state = holder[STATE]

  return {
    get offset() {
      return state.offset
    },
    shift(timestamp) {
      return state.offset === 0 ? timestamp : String(Math.max(0, Number(timestamp) + state.offset))
    },
    record(request) {
      const key = requestKey(request)
      state.signed.delete(key)
      state.signed.set(key, state.generation)
      if (state.signed.size > REMEMBERED) state.signed.delete(state.signed.keys().next().value as string)
    },
    review(problem, date, request, clock) {
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
    },
  }
}
