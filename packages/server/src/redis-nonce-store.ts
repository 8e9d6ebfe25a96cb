import type { NonceStore, NonceUse } from '@oauthkit/core'
import { OAuthError, OAuthProblemError } from '@oauthkit/core'
import { percentEncode } from '@oauthkit/core/oauth1'
import type { RedisCommandClient, RedisStoreOptions } from './redis-client.ts'
import { pxMilliseconds } from './redis-client.ts'

/**
 * One atomic step: refuses a nonce seen before (0), or one over the consumer's share (-1) or the
 * token's (-2, when ARGV[4] is set); otherwise sets the nonce KEYS[1] with PX ARGV[2] and counts it in
 * the shares KEYS[2] (the consumer's) and KEYS[3] (the token's), sorted sets of members ARGV[5] scored
 * by when they leave their window (ARGV[6]). Members whose score is not after now (ARGV[1]) are
 * dropped first; each set lives as long as its newest member.
 */
const USE_NONCE = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return -1 end
local perToken = tonumber(ARGV[4])
if perToken then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
  if redis.call('ZCARD', KEYS[3]) >= perToken then return -2 end
end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
local function count(key)
  redis.call('ZADD', key, ARGV[6], ARGV[5])
  if redis.call('PTTL', key) < tonumber(ARGV[2]) then redis.call('PEXPIRE', key, ARGV[2]) end
end
count(KEYS[2])
if perToken then count(KEYS[3]) end
return 1`

/**
 * Options of {@link RedisNonceStore}.
 *
 * @example
 * ```ts
 * import type { RedisNonceStoreOptions } from '@oauthkit/server'
 *
 * // A consumer may have 50 000 nonces inside their window (about 160 requests a second), each token 1 000.
 * const options: RedisNonceStoreOptions = { prefix: 'photos:', maxEntriesPerConsumer: 50_000, maxEntriesPerToken: 1_000 }
 * ```
 */
export interface RedisNonceStoreOptions extends RedisStoreOptions {
  /** The clock the shares expire on, in milliseconds; `Date.now` by default. Give it the provider's `now`. */
  now?: (() => number) | undefined
  /**
   * At most this many nonces still inside their window per consumer key (10 000 by default, a tenth
   * of `MemoryNonceStore`'s default size). A consumer that holds its share is refused alone, with an
   * `OAuthProblemError` of code `consumer_key_refused` (a 401 from the provider), until some of its
   * nonces leave their window.
   */
  maxEntriesPerConsumer?: number | undefined
  /**
   * At most this many per token of a consumer, requests without a token counting as one token (by
   * default no limit but the consumer's). Over it, `consumer_key_refused` for that token alone.
   */
  maxEntriesPerToken?: number | undefined
}

function limit(value: number | undefined, fallback: number | undefined, name: string): number | undefined {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new OAuthError('invalid_options', `RedisNonceStore: ${name} must be a whole number, 1 or more`)
  }
  return value
}

/**
 * A {@link NonceStore} in Redis, shared by every provider instance: a nonce seen by one instance is
 * refused by all (`nonce_used`). Each use is one Lua script — atomic, so of two concurrent uses
 * exactly one succeeds, and concurrent uses never take a consumer past its share — that sets the
 * nonce with `PX ttl` (Redis drops it when the timestamp leaves the accepted window) and counts it in
 * its consumer's share: a consumer holding `maxEntriesPerConsumer` nonces is refused alone
 * (`consumer_key_refused`). A nonce's keys share its consumer's hash tag (one cluster slot).
 *
 * @example
 * ```ts
 * import { RedisNonceStore } from '@oauthkit/server'
 * import { createClient } from 'redis'
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect()
 * const nonces = new RedisNonceStore(redis, { prefix: 'photos:', maxEntriesPerConsumer: 20_000 })
 * const entry = { consumerKey: 'key', token: '', timestamp: 1700000000, nonce: 'abc', ttlSeconds: 301 }
 * console.assert(await nonces.use(entry))
 * console.assert(!(await nonces.use(entry)))
 * ```
 */
export class RedisNonceStore implements NonceStore {
  readonly #client: RedisCommandClient
  readonly #prefix: string
  readonly #now: () => number
  readonly #maxPerConsumer: number
  readonly #maxPerToken: number | undefined

  constructor(client: RedisCommandClient, options: RedisNonceStoreOptions = {}) {
    if (typeof client?.sendCommand !== 'function') {
      throw new OAuthError('invalid_options', 'RedisNonceStore: pass a connected client with sendCommand (node-redis), or wrap ioredis')
    }
    this.#client = client
    this.#prefix = options.prefix ?? 'oauthkit:'
    this.#now = options.now ?? Date.now
    this.#maxPerConsumer = limit(options.maxEntriesPerConsumer, 10_000, 'maxEntriesPerConsumer') as number
    const perToken = limit(options.maxEntriesPerToken, undefined, 'maxEntriesPerToken')
    // A token's share as large as its consumer's never binds: no set to keep for it.
    this.#maxPerToken = perToken !== undefined && perToken < this.#maxPerConsumer ? perToken : undefined
  }

  /** The key a nonce use is kept under. */
  key(entry: Pick<NonceUse, 'consumerKey' | 'token' | 'timestamp' | 'nonce'>): string {
    return `${this.#prefix}nonce:{${percentEncode(entry.consumerKey)}}:${this.#member(entry)}`
  }

  /** The sorted sets that count the nonces of a consumer and of one of its tokens. */
  shareKeys(consumerKey: string, token: string): { consumer: string; token: string } {
    const consumer = `${this.#prefix}nonce-share:{${percentEncode(consumerKey)}}`
    return { consumer, token: `${consumer}:${percentEncode(token)}` }
  }

  async use(entry: NonceUse): Promise<boolean> {
    const ttlMs = pxMilliseconds(entry.ttlSeconds)
    if (!Number.isFinite(ttlMs)) throw new OAuthError('invalid_options', 'RedisNonceStore: ttlSeconds must be a number of seconds')
    const now = this.#now()
    const shares = this.shareKeys(entry.consumerKey, entry.token)
    const reply = await this.#client.sendCommand([
      'EVAL',
      USE_NONCE,
      '3',
      this.key(entry),
      shares.consumer,
      shares.token,
      String(now),
      String(ttlMs),
      String(this.#maxPerConsumer),
      this.#maxPerToken === undefined ? '' : String(this.#maxPerToken),
      this.#member(entry),
      String(now + ttlMs),
    ])
    const result = Number(reply)
    if (result === 1) return true
    if (result === 0) return false
    if (result !== -1 && result !== -2) {
      throw new OAuthError(
        'invalid_options',
        'RedisNonceStore: the client did not return the reply of EVAL (an integer); check its wrapper',
      )
    }
    const [holder, share] = result === -1 ? ['this consumer', this.#maxPerConsumer] : ['this token', this.#maxPerToken]
    throw new OAuthProblemError(
      'consumer_key_refused',
      `Too many requests: ${holder} holds its whole share of the nonce store (${share}) inside the timestamp window; retry once older requests have left it`,
    )
  }

  #member(entry: Pick<NonceUse, 'token' | 'timestamp' | 'nonce'>): string {
    return [entry.token, String(entry.timestamp), entry.nonce].map(percentEncode).join(':')
  }
}
