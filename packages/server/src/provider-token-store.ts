/**
 * A request token as issued by the request-token endpoint (RFC 5849 2.1). Times are milliseconds
 * of the provider's clock.
 *
 * @example
 * ```ts
 * import type { RequestTokenRecord } from '@oauthkit/server'
 *
 * const record: RequestTokenRecord = {
 *   token: 'hh5s93j4hdidpola',
 *   secret: 'hdhd0244k9j7ao03',
 *   consumerKey: 'dpf43f3p2l4k3l03',
 *   callback: 'http://printer.example.com/ready',
 *   issuedAt: 1_700_000_000_000,
 *   expiresAt: 1_700_000_600_000,
 * }
 * ```
 */
export interface RequestTokenRecord {
  /** `oauth_token`. */
  token: string
  /** `oauth_token_secret`. */
  secret: string
  /** The consumer it was issued to. */
  consumerKey: string
  /** `oauth_callback`: `'oob'` or an absolute URL. */
  callback: string
  /** When it was issued. */
  issuedAt: number
  /** When it stops being accepted (authorization and exchange both). */
  expiresAt: number
}

/**
 * The user's approval of a request token (RFC 5849 2.2): the verifier sent back to the consumer and
 * the user the access token will act for.
 *
 * @example
 * ```ts
 * import type { RequestTokenAuthorization } from '@oauthkit/server'
 *
 * const authorization: RequestTokenAuthorization<{ id: string }> = {
 *   verifier: 'hfdp7dh39dks9884',
 *   user: { id: 'jane' },
 *   authorizedAt: 1_700_000_060_000,
 * }
 * ```
 */
export interface RequestTokenAuthorization<User = unknown> {
  /** `oauth_verifier`. */
  verifier: string
  /** Who approved. */
  user: User
  /** When. */
  authorizedAt: number
}

/**
 * A request token as a {@link ProviderTokenStore} returns it: the record, its authorization once the user
 * approved, and whether it was used (exchanged, or refused by the user).
 *
 * @example
 * ```ts
 * import type { StoredRequestToken } from '@oauthkit/server'
 *
 * function state(stored: StoredRequestToken): 'used' | 'authorized' | 'pending' {
 *   return stored.used ? 'used' : stored.authorization ? 'authorized' : 'pending'
 * }
 * ```
 */
export interface StoredRequestToken<User = unknown> extends RequestTokenRecord {
  /** Set once the user approved. */
  authorization?: RequestTokenAuthorization<User> | undefined
  /** `true` once exchanged for an access token or refused. */
  used: boolean
}

/**
 * An access token (RFC 5849 2.3), issued by the three-legged dance or by xAuth.
 *
 * @example
 * ```ts
 * import type { AccessTokenRecord } from '@oauthkit/server'
 *
 * const record: AccessTokenRecord<{ id: string }> = {
 *   token: 'nnch734d00sl2jdk',
 *   secret: 'pfkkdhi9sl3r4s00',
 *   consumerKey: 'dpf43f3p2l4k3l03',
 *   user: { id: 'jane' },
 *   issuedAt: 1_700_000_100_000,
 * }
 * ```
 */
export interface AccessTokenRecord<User = unknown> {
  /** `oauth_token`. */
  token: string
  /** `oauth_token_secret`. */
  secret: string
  /** The consumer it was issued to. */
  consumerKey: string
  /** The user it acts for. */
  user: User
  /** When it was issued. */
  issuedAt: number
  /** When it stops being accepted; never when absent. */
  expiresAt?: number | undefined
}

/**
 * How long a store must keep what it writes: `ttlSeconds` from now. The provider passes the token's
 * remaining lifetime plus `retainExpiredTokensSeconds`, so a store needs no clock of its own.
 *
 * @example
 * ```ts
 * import type { TokenWriteOptions } from '@oauthkit/server'
 *
 * const tenMinutes: TokenWriteOptions = { ttlSeconds: 600 }
 * ```
 */
export interface TokenWriteOptions {
  /** Seconds to keep the entry (not always whole); `undefined` keeps it until it is deleted. */
  ttlSeconds?: number | undefined
}

/**
 * Where the provider keeps request and access tokens. Every state change of a request token is a
 * one-time transition that implementations must make atomically — of two concurrent calls exactly one
 * succeeds, across every provider instance sharing the store: that is what makes a request token
 * single-use behind a load balancer. {@link MemoryProviderTokenStore} (one process) and {@link RedisProviderTokenStore}
 * (many) implement it.
 *
 * @example
 * ```ts
 * import { MemoryProviderTokenStore, type ProviderTokenStore } from '@oauthkit/server'
 *
 * const tokens: ProviderTokenStore<{ id: string }> = new MemoryProviderTokenStore<{ id: string }>()
 * await tokens.saveAccessToken(
 *   { token: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00', consumerKey: 'dpf43f3p2l4k3l03', user: { id: 'jane' }, issuedAt: 0 },
 *   {},
 * )
 * ```
 */
export interface ProviderTokenStore<User = unknown> {
  /** Stores a new request token. */
  saveRequestToken(record: RequestTokenRecord, options: TokenWriteOptions): Promise<void>
  /** The request token with its state, or `undefined` when unknown or no longer kept. */
  findRequestToken(token: string): Promise<StoredRequestToken<User> | undefined>
  /**
   * Records the user's approval, only if the token is kept, not yet authorized and not used;
   * resolves `true` for exactly one caller.
   */
  authorizeRequestToken(token: string, authorization: RequestTokenAuthorization<User>, options: TokenWriteOptions): Promise<boolean>
  /** Marks the request token used; resolves `true` for exactly one caller. */
  useRequestToken(token: string, options: TokenWriteOptions): Promise<boolean>
  /** Stores a new access token. */
  saveAccessToken(record: AccessTokenRecord<User>, options: TokenWriteOptions): Promise<void>
  /** The access token, or `undefined` when unknown, revoked or no longer kept. */
  findAccessToken(token: string): Promise<AccessTokenRecord<User> | undefined>
  /** Deletes an access token; `true` when it was there. */
  revokeAccessToken(token: string): Promise<boolean>
}
