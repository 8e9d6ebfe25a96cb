import type {
  AccessTokenRecord,
  ProviderTokenStore,
  RequestTokenAuthorization,
  RequestTokenRecord,
  StoredRequestToken,
  TokenWriteOptions,
} from './provider-token-store.ts'

/**
 * Options of {@link MemoryProviderTokenStore}.
 *
 * @example
 * ```ts
 * import { MemoryProviderTokenStore, type MemoryProviderTokenStoreOptions } from '@oauthkit/server'
 *
 * let clock = 1_700_000_000_000
 * const options: MemoryProviderTokenStoreOptions = { now: () => clock }
 * const tokens = new MemoryProviderTokenStore(options)
 * ```
 */
export interface MemoryProviderTokenStoreOptions {
  /** The clock, in milliseconds, that `ttlSeconds` counts on; `Date.now` by default. Give it the provider's. */
  now?: (() => number) | undefined
}

interface Kept<T> {
  value: T
  keepUntil: number
}

const keepUntil = (now: number, options: TokenWriteOptions): number =>
  options.ttlSeconds === undefined ? Number.POSITIVE_INFINITY : now + Math.max(0, options.ttlSeconds * 1000)

/**
 * A {@link ProviderTokenStore} in memory, for one process (tests, development, a single instance). Entries
 * live for the `ttlSeconds` the provider gives, on the injected clock; each transition of a request token
 * happens synchronously, so it is atomic. Behind a load balancer use {@link RedisProviderTokenStore}.
 *
 * @example
 * ```ts
 * import { MemoryProviderTokenStore, oauth1Provider, MemoryConsumerStore } from '@oauthkit/server'
 *
 * const now = () => Date.now()
 * const provider = oauth1Provider({
 *   consumers: new MemoryConsumerStore([{ key: 'key', secret: 'secret' }]),
 *   tokens: new MemoryProviderTokenStore({ now }),
 *   now,
 * })
 * ```
 */
export class MemoryProviderTokenStore<User = unknown> implements ProviderTokenStore<User> {
  readonly #requestTokens = new Map<string, Kept<StoredRequestToken<User>>>()
  readonly #accessTokens = new Map<string, Kept<AccessTokenRecord<User>>>()
  readonly #now: () => number
  #nextSweep = 0

  constructor(options: MemoryProviderTokenStoreOptions = {}) {
    this.#now = options.now ?? Date.now
  }

  /** How many request and access tokens are kept now (expired ones not yet swept included). */
  get size(): number {
    return this.#requestTokens.size + this.#accessTokens.size
  }

  async saveRequestToken(record: RequestTokenRecord, options: TokenWriteOptions): Promise<void> {
    const now = this.#sweep()
    this.#requestTokens.set(record.token, { value: { ...record, used: false }, keepUntil: keepUntil(now, options) })
  }

  async findRequestToken(token: string): Promise<StoredRequestToken<User> | undefined> {
    const kept = this.#live(this.#requestTokens, token)
    if (kept === undefined) return undefined
    const { authorization, ...rest } = kept.value
    return authorization === undefined ? { ...rest } : { ...rest, authorization: { ...authorization } }
  }

  async authorizeRequestToken(
    token: string,
    authorization: RequestTokenAuthorization<User>,
    _options?: TokenWriteOptions,
  ): Promise<boolean> {
    const kept = this.#live(this.#requestTokens, token)
    if (kept === undefined || kept.value.used || kept.value.authorization !== undefined) return false
    kept.value.authorization = { ...authorization }
    return true
  }

  async useRequestToken(token: string, _options?: TokenWriteOptions): Promise<boolean> {
    const kept = this.#live(this.#requestTokens, token)
    if (kept === undefined || kept.value.used) return false
    kept.value.used = true
    return true
  }

  async saveAccessToken(record: AccessTokenRecord<User>, options: TokenWriteOptions): Promise<void> {
    const now = this.#sweep()
    this.#accessTokens.set(record.token, { value: { ...record }, keepUntil: keepUntil(now, options) })
  }

  async findAccessToken(token: string): Promise<AccessTokenRecord<User> | undefined> {
    const kept = this.#live(this.#accessTokens, token)
    return kept === undefined ? undefined : { ...kept.value }
  }

  async revokeAccessToken(token: string): Promise<boolean> {
    return this.#live(this.#accessTokens, token) !== undefined && this.#accessTokens.delete(token)
  }

  #live<T>(map: Map<string, Kept<T>>, key: string): Kept<T> | undefined {
    const kept = map.get(key)
    if (kept === undefined) return undefined
    if (kept.keepUntil <= this.#now()) {
      map.delete(key)
      return undefined
    }
    return kept
  }

  /** Drops entries past their time, at most every ten seconds of the clock; returns the time. */
  #sweep(): number {
    const now = this.#now()
    if (now < this.#nextSweep) return now
    this.#nextSweep = now + 10_000
    for (const map of [this.#requestTokens, this.#accessTokens] as Map<string, Kept<unknown>>[]) {
      for (const [key, kept] of map) if (kept.keepUntil <= now) map.delete(key)
    }
    return now
  }
}
