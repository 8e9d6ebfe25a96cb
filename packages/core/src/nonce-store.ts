import { OAuthError } from './errors.ts'

/**
 * One use of a nonce, as a {@link NonceStore} records it.
 *
 * @example
 * ```ts
 * import type { NonceUse } from '@oauthkit/core'
 *
 * const use: NonceUse = { consumerKey: 'key', token: '', timestamp: 1700000000, nonce: 'abc', ttlSeconds: 301 }
 * ```
 */
export interface NonceUse {
  /** The consumer key of the request. */
  consumerKey: string
  /** The token of the request; empty when there is none. */
  token: string
  /** `oauth_timestamp`, in seconds. */
  timestamp: number
  /** `oauth_nonce`. */
  nonce: string
  /** How long the store must remember it: until the timestamp leaves the accepted window. */
  ttlSeconds: number
}

/**
 * Remembers nonces so that a replayed request is refused (RFC 5849 3.3). A nonce is unique per
 * consumer key, token and timestamp. Implementations must be atomic: of two concurrent uses of the
 * same nonce exactly one may succeed. `@oauthkit/server` ships a Redis store for several instances.
 *
 * @example
 * ```ts
 * import type { NonceStore, NonceUse } from '@oauthkit/core'
 *
 * class SetNonceStore implements NonceStore {
 *   readonly seen = new Set<string>()
 *   async use({ consumerKey, token, timestamp, nonce }: NonceUse): Promise<boolean> {
 *     const key = JSON.stringify([consumerKey, token, timestamp, nonce])
 *     if (this.seen.has(key)) return false
 *     this.seen.add(key)
 *     return true
 *   }
 * }
 * ```
 */
export interface NonceStore {
  /** Records a use; resolves `true` when the nonce was fresh, `false` when it was seen before. */
  use(entry: NonceUse): Promise<boolean>
}

/**
 * Options of {@link MemoryNonceStore}.
 *
 * @example
 * ```ts
 * import { MemoryNonceStore, type MemoryNonceStoreOptions } from '@oauthkit/core'
 *
 * const options: MemoryNonceStoreOptions = { maxEntries: 10_000 }
 * const store = new MemoryNonceStore(options)
 * ```
 */
export interface MemoryNonceStoreOptions {
  /** The clock, in milliseconds; `Date.now` by default. */
  now?: () => number
  /**
   * At most this many nonces are kept (100 000 by default). When that many are all still inside
   * their window, a new one is refused with an `OAuthError` of code `store_full` rather than one of
   * them forgotten (which would let its request be replayed).
   */
  maxEntries?: number
}

/**
 * A {@link NonceStore} in memory, for one process. Entries expire with their timestamp window; the
 * store is bounded by `maxEntries`, and fails closed when full (`store_full`): no nonce is forgotten
 * before its window has passed. Behind a load balancer use a shared store instead.
 *
 * @example
 * ```ts
 * import { MemoryNonceStore } from '@oauthkit/core'
 *
 * const store = new MemoryNonceStore()
 * const entry = { consumerKey: 'key', token: '', timestamp: 1700000000, nonce: 'abc', ttlSeconds: 300 }
 * console.assert(await store.use(entry))
 * console.assert(!(await store.use(entry)))
 * ```
 */
export class MemoryNonceStore implements NonceStore {
  readonly #entries = new Map<string, number>()
  readonly #now: () => number
  readonly #maxEntries: number
  #nextSweep = 0
  #lastSweep = Number.NEGATIVE_INFINITY

  constructor(options: MemoryNonceStoreOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#maxEntries = options.maxEntries ?? 100_000
    if (!Number.isInteger(this.#maxEntries) || this.#maxEntries < 1) {
      throw new OAuthError('invalid_options', 'MemoryNonceStore: maxEntries must be a whole number, 1 or more')
    }
  }

  /** How many nonces are remembered now. */
  get size(): number {
    return this.#entries.size
  }

  async use(entry: NonceUse): Promise<boolean> {
    const now = this.#now()
    const key = `${entry.consumerKey}\n${entry.token}\n${entry.timestamp}\n${entry.nonce}`
    // A lifetime that is not a number would make the entry expired at once: its replay would pass.
    if (typeof entry.ttlSeconds !== 'number' || Number.isNaN(entry.ttlSeconds)) {
      throw new OAuthError('invalid_options', 'MemoryNonceStore: ttlSeconds must be a number of seconds')
    }
    const expiresAt = this.#entries.get(key)
    if (expiresAt !== undefined && expiresAt > now) return false
    const full = (): boolean => expiresAt === undefined && this.#entries.size >= this.#maxEntries
    // A full store looks for expired nonces at most once a second: a flood must not make every
    // request scan it.
    if (now >= this.#nextSweep || (full() && now - this.#lastSweep >= 1000)) this.#sweep(now)
    if (full()) {
      throw new OAuthError(
        'store_full',
        `MemoryNonceStore: ${this.#maxEntries} nonces are still inside their window; the request is refused rather than one of them forgotten (raise maxEntries, or use a shared store)`,
      )
    }
    this.#entries.delete(key)
    this.#entries.set(key, now + Math.max(0, entry.ttlSeconds) * 1000)
    return true
  }

  #sweep(now: number): void {
    this.#nextSweep = now + 10_000
    this.#lastSweep = now
    for (const [key, expiresAt] of this.#entries) if (expiresAt <= now) this.#entries.delete(key)
  }
}
