import { OAuth2Error } from './oauth2-error.ts'
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

  const nowSeconds = (): number => options.now() / 1000
  const due = (token: TokenSet): boolean => token.expires_at !== undefined && nowSeconds() >= token.expires_at - options.skewSeconds
  const expired = (token: TokenSet): boolean => token.expires_at !== undefined && nowSeconds() >= token.expires_at

  function start(reactive: boolean): Promise<TokenSet> {
    if (inflight !== undefined) return inflight
    const base = current
    const flight = (async () => {
      const token = await options.renew(base)
      current = token
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

  return {
    get current() {
      return current
    },
    set(token) {
      current = token
      unconfirmed = undefined
    },
    async accept(token) {
      current = token
      unconfirmed = undefined
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
      if (options.canRenew(token)) return start(false)
      if (expired(token))
        throw new OAuth2Error('token_expired', 'The OAuth 2 access token expired and there is no refresh token or grant to renew it')
      return token
    },
    renew() {
      return start(false)
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
}
