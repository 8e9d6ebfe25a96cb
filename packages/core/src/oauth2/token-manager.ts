import { OAuth2Error } from '../errors/oauth2-error.ts'
import type { TokenSet } from './token-set.ts'

/** @internal What the token manager needs to know. */
export interface TokenManagerOptions {
  /** The clock, in milliseconds. */
  now: () => number
  /** How long before `expires_at` a token is renewed, in seconds. */
  skewSeconds: number
  /** Gets a new token: refreshes `current`, or runs the grant. Throws when neither is possible. */
  renew: (current: TokenSet | undefined) => Promise<TokenSet>
  /** Whether `renew` can do anything for `current`. */
  canRenew: (current: TokenSet | undefined) => boolean
  /** Called with every new token, before the requests waiting for it go on. */
  onToken?: ((token: TokenSet) => void | Promise<void>) | undefined
}

/** @internal The one place that owns the token of an `oauth2()` authorizer. */
export interface TokenManager {
  /** The token now, whatever its state. */
  readonly current: TokenSet | undefined
  /** Replaces the token without telling `onToken` (a token loaded from storage, or a sign-out). */
  set(token: TokenSet | undefined): void
  /** Takes a token obtained by a grant, then tells `onToken`. */
  accept(token: TokenSet): Promise<TokenSet>
  /** A token to send: the current one, or a renewed one when it is due; one renewal for all callers. */
  valid(): Promise<TokenSet>
  /** Renews now, whether due or not (joining a renewal in flight). */
  renew(): Promise<TokenSet>
  /** Whether `valid()` would renew first: the token is due (or missing) and `canRenew` says it can be. */
  renewalDue(): boolean
  /**
   * A resource server refused `used` as `invalid_token`. Resolves `true` when a replay may succeed:
   * the token was already replaced, or has just been renewed (once for all callers). Resolves `false`
   * when nothing can be done: no way to renew, or the refused token is itself the fresh result of
   * such a renewal — renewing again would only loop.
   */
  rejected(used: string | undefined): Promise<boolean>
  /** A resource server accepted `used`. */
  confirm(used: string | undefined): void
}

/**
 * The token state of one `oauth2()` authorizer, shared by every client it is installed on.
 * Renewal is single-flight: whatever asks for it — an expiring token seen by any number of
 * concurrent requests, a 401, an explicit `refresh()` — joins the one token request in flight, and
 * all of them get its token or its error. There is no timer: expiry is checked on each request, so a
 * proactive and a reactive renewal cannot race.
 *
 * @internal
 */
export function createTokenManager(options: TokenManagerOptions, initial: TokenSet | undefined): TokenManager {
  let current = initial
  let inflight: Promise<TokenSet> | undefined
  /** The access token of the last renewal caused by a 401, until a response accepts it. */
  let unconfirmed: string | undefined
  /** Counts the replacements of the token by `set` and `accept`: a renewal begun before one is void. */
  let generation = 0
  /**
   * When the current token came from the token endpoint, in seconds: its whole lifetime is then
   * known, and bounds the skew. Unknown for a token set from outside (storage, configuration).
   */
  let obtainedAt: number | undefined

  const nowSeconds = (): number => options.now() / 1000
  /**
   * Due for renewal `skewSeconds` before it expires — or, for a token from the token endpoint that
   * lives less than twice that, halfway through its life: a 20-second token is not due on arrival.
   */
  const due = (token: TokenSet): boolean => {
    if (token.expires_at === undefined) return false
    const lifetime = obtainedAt === undefined ? Number.POSITIVE_INFINITY : Math.max(0, token.expires_at - obtainedAt)
    return nowSeconds() >= token.expires_at - Math.min(options.skewSeconds, lifetime / 2)
  }
  const expired = (token: TokenSet): boolean => token.expires_at !== undefined && nowSeconds() >= token.expires_at
  const replace = (token: TokenSet | undefined, fromEndpoint: boolean): void => {
    current = token
    obtainedAt = fromEndpoint ? nowSeconds() : undefined
    unconfirmed = undefined
    generation++
    inflight = undefined
  }

  function start(reactive: boolean): Promise<TokenSet> {
    if (inflight !== undefined) return inflight
    const base = current
    const started = generation
    const flight = (async (): Promise<TokenSet> => {
      let token: TokenSet
      try {
        token = await options.renew(base)
      } catch (error) {
        if (generation !== started) return manager.valid()
        throw error
      }
      // The token was replaced while this renewal ran — a sign-out, a token set for another user,
      // a new grant: the renewed one is not theirs, so it is neither kept nor handed to onToken.
      if (generation !== started) return manager.valid()
      current = token
      obtainedAt = nowSeconds()
      unconfirmed = reactive ? token.access_token : undefined
      await options.onToken?.(token)
      return token
    })()
    inflight = flight
    const settle = (): void => {
      if (inflight === flight) inflight = undefined
    }
    flight.then(settle, settle)
    return flight
  }

  const manager: TokenManager = {
    get current() {
      return current
    },
    set(token) {
      replace(token, false)
    },
    async accept(token) {
      replace(token, true)
      await options.onToken?.(token)
      return token
    },
    async valid() {
      if (inflight !== undefined) return inflight
      const token = current
      if (token === undefined) {
        if (options.canRenew(undefined)) return start(false)
        throw new OAuth2Error('token_missing', 'No OAuth 2 token: obtain one first (exchangeCode, a grant) or configure a grant')
      }
      if (!due(token)) return token
      if (options.canRenew(token)) {
        if (expired(token)) return start(false)
        // Due but not expired: a renewal that fails (the token endpoint down, the refresh token
        // refused) leaves the requests the token they have, which still works.
        return start(false).catch((error: unknown) => {
          if (current === token && !expired(token)) return token
          throw error
        })
      }
      if (expired(token))
        throw new OAuth2Error('token_unrenewable', 'The OAuth 2 access token expired and there is no refresh token or grant to renew it')
      return token
    },
    renew() {
      return start(false)
    },
    renewalDue() {
      return (current === undefined || due(current)) && options.canRenew(current)
    },
    async rejected(used) {
      if (inflight !== undefined) {
        await inflight
        return true
      }
      const token = current
      if (token !== undefined && used !== undefined && used !== token.access_token) return true
      if (token !== undefined && unconfirmed === token.access_token) return used === undefined
      if (!options.canRenew(token)) return false
      await start(true)
      return true
    },
    confirm(used) {
      if (used !== undefined && used === unconfirmed) unconfirmed = undefined
    },
  }
  return manager
}
