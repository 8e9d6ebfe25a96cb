import type { NonceStore, NonceUse } from '@oauthkit/core'
import { OAuthError, percentEncode } from '@oauthkit/core'
import type { RedisCommandClient, RedisStoreOptions } from './redis-client.ts'

/**
 * A {@link NonceStore} in Redis, shared by every provider instance: a nonce seen by one instance is
 * refused by all (`nonce_used`). Each use is one `SET key 1 NX PX ttl` — atomic, so of two concurrent
 * uses exactly one succeeds — and Redis drops the key when the timestamp leaves the accepted window.
 *
 * @example
 * ```ts
 * import { RedisNonceStore } from '@oauthkit/server'
 * import { createClient } from 'redis'
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect()
 * const nonces = new RedisNonceStore(redis, { prefix: 'photos:' })
 * const entry = { consumerKey: 'key', token: '', timestamp: 1700000000, nonce: 'abc', ttlSeconds: 301 }
 * console.assert(await nonces.use(entry))
 * console.assert(!(await nonces.use(entry)))
 * ```
 */
export class RedisNonceStore implements NonceStore {
  readonly #client: RedisCommandClient
  readonly #prefix: string

  constructor(client: RedisCommandClient, options: RedisStoreOptions = {}) {
    if (typeof client?.sendCommand !== 'function') {
      throw new OAuthError('invalid_options', 'RedisNonceStore: pass a connected client with sendCommand (node-redis), or wrap ioredis')
    }
    this.#client = client
    this.#prefix = options.prefix ?? 'oauthkit:'
  }

  /** The key a nonce use is kept under. */
  key(entry: Pick<NonceUse, 'consumerKey' | 'token' | 'timestamp' | 'nonce'>): string {
    const parts = [entry.consumerKey, entry.token, String(entry.timestamp), entry.nonce].map(percentEncode)
    return `${this.#prefix}nonce:${parts.join(':')}`
  }

  async use(entry: NonceUse): Promise<boolean> {
    const ttlMs = Math.max(1, Math.ceil(entry.ttlSeconds * 1000))
    const reply = await this.#client.sendCommand(['SET', this.key(entry), '1', 'NX', 'PX', String(ttlMs)])
    return reply !== null && reply !== undefined
  }
}
