import { OAuthError } from '../errors/errors.ts'
import { OAuthProblemError } from '../errors/problem-error.ts'

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
 * same nonce exactly one may succeed. A store may also refuse a use by throwing an
 * {@link OAuthProblemError} (the shipped stores throw `consumer_key_refused` when a consumer, or a
 * token, holds its whole share): `verifyOAuth1` passes it on as the request's refusal, and the
 * provider answers it with a 401. `@oauthkit/server` ships a Redis store for several instances.
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
 * // 2 000 nonces in all; no consumer may hold more than 500 of them, nor any one of its tokens 100.
 * const options: MemoryNonceStoreOptions = { maxEntries: 2_000, maxEntriesPerConsumer: 500, maxEntriesPerToken: 100 }
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
  /**
   * At most this many of them belong to one consumer key (a tenth of `maxEntries` by default, at
   * least 1). A consumer that holds its share is refused alone, with an {@link OAuthProblemError} of
   * code `consumer_key_refused` (a 401 from the provider), until some of its nonces leave their
   * window: a consumer whose secret ships in a public app cannot fill the store for the others.
   */
  maxEntriesPerConsumer?: number
  /**
   * At most this many belong to one token of a consumer, requests without a token counting as one
   * token (by default no limit but the consumer's). Over it, `consumer_key_refused` too, for that
   * token alone: one user's leaked token cannot use up the share of the consumer's other users.
   */
  maxEntriesPerToken?: number
}

/** One remembered nonce: when it leaves its window, and whose shares it counts against. */
interface Entry {
  expiresAt: number
  consumerKey: string
  tokenKey: string
}

function limit(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new OAuthError('invalid_options', `MemoryNonceStore: ${name} must be a whole number, 1 or more`)
  }
  return value
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

function decrement(counts: Map<string, number>, key: string): void {
  const count = (counts.get(key) ?? 0) - 1
  // A counter lives only while it counts something: the maps stay as bounded as the entries.
  if (count > 0) counts.set(key, count)
  else counts.delete(key)
}

/**
 * A {@link NonceStore} in memory, for one process. Entries expire with their timestamp window; the
 * store is bounded by `maxEntries`, and fails closed when full (`store_full`): no nonce is forgotten
 * before its window has passed. Each consumer may hold a share of it (`maxEntriesPerConsumer`, a
 * tenth by default); one that holds its share is refused alone (`consumer_key_refused`), the others
 * are not affected. Behind a load balancer use a shared store instead.
 *
 * @example
 * ```ts
 * import { MemoryNonceStore, OAuthProblemError } from '@oauthkit/core'
 *
 * const store = new MemoryNonceStore({ maxEntries: 100, maxEntriesPerConsumer: 2 })
 * const entry = { consumerKey: 'key', token: '', timestamp: 1700000000, nonce: 'abc', ttlSeconds: 300 }
 * console.assert(await store.use(entry))
 * console.assert(!(await store.use(entry)))
 * await store.use({ ...entry, nonce: 'def' })
 * // 'key' holds its two nonces: it is refused, other consumers are not.
 * try {
 *   await store.use({ ...entry, nonce: 'ghi' })
 * } catch (error) {
 *   console.assert(error instanceof OAuthProblemError && error.code === 'consumer_key_refused')
 * }
 * console.assert(await store.use({ ...entry, consumerKey: 'other' }))
 * ```
 */
export class MemoryNonceStore implements NonceStore {
  readonly #entries = new Map<string, Entry>()
  /** Entries per consumer key. */
  readonly #consumers = new Map<string, number>()
  /** Entries per consumer key and token; kept only when `maxEntriesPerToken` is the tighter limit. */
  readonly #tokens = new Map<string, number>()
  readonly #now: () => number
  readonly #maxEntries: number
  readonly #maxPerConsumer: number
  readonly #maxPerToken: number | undefined
  #nextSweep = 0
  #lastSweep = Number.NEGATIVE_INFINITY

  constructor(options: MemoryNonceStoreOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#maxEntries = limit(options.maxEntries, 100_000, 'maxEntries')
    this.#maxPerConsumer = limit(options.maxEntriesPerConsumer, Math.max(1, Math.floor(this.#maxEntries / 10)), 'maxEntriesPerConsumer')
    const perToken = limit(options.maxEntriesPerToken, this.#maxPerConsumer, 'maxEntriesPerToken')
    this.#maxPerToken = perToken < this.#maxPerConsumer ? perToken : undefined
  }

  /** How many nonces are remembered now. */
  get size(): number {
    return this.#entries.size
  }

  async use(entry: NonceUse): Promise<boolean> {
    const now = this.#now()
    // A lifetime that is not a number would make the entry expired at once: its replay would pass.
    if (typeof entry.ttlSeconds !== 'number' || Number.isNaN(entry.ttlSeconds)) {
      throw new OAuthError('invalid_options', 'MemoryNonceStore: ttlSeconds must be a number of seconds')
    }
    // The consumer key's length first: no consumer key and token can spell another pair's key.
    const tokenKey = `${entry.consumerKey.length}:${entry.consumerKey}${entry.token}`
    const key = `${tokenKey}\n${entry.timestamp}\n${entry.nonce}`
    const found = this.#entries.get(key)
    if (found !== undefined && found.expiresAt > now) return false
    if (found !== undefined) this.#forget(key, found)
    // A store or share that is full looks for expired nonces at most once a second: a flood must not
    // make every request scan the store.
    let refusal = this.#refusal(entry.consumerKey, tokenKey)
    if (now >= this.#nextSweep || (refusal !== undefined && now - this.#lastSweep >= 1000)) {
      this.#sweep(now)
      refusal = this.#refusal(entry.consumerKey, tokenKey)
    }
    if (refusal === 'store') {
      throw new OAuthError(
        'store_full',
        `MemoryNonceStore: ${this.#maxEntries} nonces are still inside their window; the request is refused rather than one of them forgotten (raise maxEntries, or use a shared store)`,
      )
    }
    if (refusal !== undefined) {
      const holder = refusal === 'consumer' ? 'this consumer' : 'this token'
      const share = refusal === 'consumer' ? this.#maxPerConsumer : this.#maxPerToken
      throw new OAuthProblemError(
        'consumer_key_refused',
        `Too many requests: ${holder} holds its whole share of the nonce store (${share}) inside the timestamp window; retry once older requests have left it`,
      )
    }
    this.#entries.set(key, { expiresAt: now + Math.max(0, entry.ttlSeconds) * 1000, consumerKey: entry.consumerKey, tokenKey })
    increment(this.#consumers, entry.consumerKey)
    if (this.#maxPerToken !== undefined) increment(this.#tokens, tokenKey)
    return true
  }

  /** Which limit a new nonce of this consumer and token would exceed, if any; the consumer's share first. */
  #refusal(consumerKey: string, tokenKey: string): 'consumer' | 'token' | 'store' | undefined {
    if ((this.#consumers.get(consumerKey) ?? 0) >= this.#maxPerConsumer) return 'consumer'
    if (this.#maxPerToken !== undefined && (this.#tokens.get(tokenKey) ?? 0) >= this.#maxPerToken) return 'token'
    if (this.#entries.size >= this.#maxEntries) return 'store'
    return undefined
  }

  #forget(key: string, entry: Entry): void {
    this.#entries.delete(key)
    decrement(this.#consumers, entry.consumerKey)
    if (this.#maxPerToken !== undefined) decrement(this.#tokens, entry.tokenKey)
  }

  #sweep(now: number): void {
    this.#nextSweep = now + 10_000
    this.#lastSweep = now
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#forget(key, entry)
  }
}
