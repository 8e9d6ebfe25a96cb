import { OAuthError } from '@oauthkit/core'
import { percentEncode } from '@oauthkit/core/oauth1'
import type {
  AccessTokenRecord,
  ProviderTokenStore,
  RequestTokenAuthorization,
  RequestTokenRecord,
  StoredRequestToken,
  TokenWriteOptions,
} from './provider-token-store.ts'
import type { RedisCommandClient, RedisStoreOptions } from './redis-client.ts'
import { pxArguments, replyText } from './redis-client.ts'

/**
 * Sets KEYS[2] to ARGV[1] (with PX ARGV[2] when given) only if the record KEYS[1] exists, KEYS[2] does
 * not, and the used-mark KEYS[3] does not: one atomic step.
 */
const SET_IF_PENDING = `if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then
  return false
end
if ARGV[2] == '' then
  return redis.call('SET', KEYS[2], ARGV[1])
end
return redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])`

function parse<T>(text: string | undefined): T | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as T)
}

/**
 * A {@link ProviderTokenStore} in Redis, so that every provider instance behind a load balancer sees the same
 * tokens. A request token is three keys with one hash tag (one cluster slot): the record, written once;
 * its authorization and its used-mark, each written by one Lua script that sets it only while the record
 * exists and the mark does not — one atomic step, so one approval and one exchange win, on any
 * instance. Every key carries the TTL the provider passes (`PX`), so Redis forgets
 * expired tokens by itself. Users are stored as JSON: keep them JSON-serialisable (an id and a name).
 *
 * @example
 * ```ts
 * import { MemoryConsumerStore, oauth1Provider, RedisNonceStore, RedisProviderTokenStore } from '@oauthkit/server'
 * import { createClient } from 'redis'
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect()
 * const provider = oauth1Provider<{ id: string }>({
 *   consumers: new MemoryConsumerStore([{ key: 'key', secret: 'secret' }]),
 *   tokens: new RedisProviderTokenStore<{ id: string }>(redis, { prefix: 'photos:' }),
 *   nonceStore: new RedisNonceStore(redis, { prefix: 'photos:' }),
 * })
 * ```
 */
export class RedisProviderTokenStore<User = unknown> implements ProviderTokenStore<User> {
  readonly #client: RedisCommandClient
  readonly #prefix: string

  constructor(client: RedisCommandClient, options: RedisStoreOptions = {}) {
    if (typeof client?.sendCommand !== 'function') {
      throw new OAuthError(
        'invalid_options',
        'RedisProviderTokenStore: pass a connected client with sendCommand (node-redis), or wrap ioredis',
      )
    }
    this.#client = client
    this.#prefix = options.prefix ?? 'oauthkit:'
  }

  /** The keys of a request token: its record, its authorization and its used-mark (one hash tag, one cluster slot). */
  requestTokenKeys(token: string): { record: string; authorization: string; used: string } {
    const base = `${this.#prefix}request-token:{${percentEncode(token)}}`
    return { record: base, authorization: `${base}:authorized`, used: `${base}:used` }
  }

  /** The key of an access token. */
  accessTokenKey(token: string): string {
    return `${this.#prefix}access-token:{${percentEncode(token)}}`
  }

  async saveRequestToken(record: RequestTokenRecord, options: TokenWriteOptions): Promise<void> {
    const { token, secret, consumerKey, callback, issuedAt, expiresAt } = record
    const value = JSON.stringify({ token, secret, consumerKey, callback, issuedAt, expiresAt })
    await this.#client.sendCommand(['SET', this.requestTokenKeys(token).record, value, ...pxArguments(options.ttlSeconds)])
  }

  async findRequestToken(token: string): Promise<StoredRequestToken<User> | undefined> {
    const keys = this.requestTokenKeys(token)
    const reply = await this.#client.sendCommand(['MGET', keys.record, keys.authorization, keys.used])
    const [record, authorization, used] = Array.isArray(reply) ? reply.map(replyText) : []
    const parsed = parse<RequestTokenRecord>(record)
    if (parsed === undefined) return undefined
    const stored: StoredRequestToken<User> = { ...parsed, used: used !== undefined }
    const approval = parse<RequestTokenAuthorization<User>>(authorization)
    if (approval !== undefined) stored.authorization = approval
    return stored
  }

  async authorizeRequestToken(token: string, authorization: RequestTokenAuthorization<User>, options: TokenWriteOptions): Promise<boolean> {
    const keys = this.requestTokenKeys(token)
    return this.#setIfPending([keys.record, keys.authorization, keys.used], JSON.stringify(authorization), options)
  }

  async useRequestToken(token: string, options: TokenWriteOptions): Promise<boolean> {
    const keys = this.requestTokenKeys(token)
    return this.#setIfPending([keys.record, keys.used, keys.used], '1', options)
  }

  async saveAccessToken(record: AccessTokenRecord<User>, options: TokenWriteOptions): Promise<void> {
    await this.#client.sendCommand(['SET', this.accessTokenKey(record.token), JSON.stringify(record), ...pxArguments(options.ttlSeconds)])
  }

  async findAccessToken(token: string): Promise<AccessTokenRecord<User> | undefined> {
    return parse<AccessTokenRecord<User>>(replyText(await this.#client.sendCommand(['GET', this.accessTokenKey(token)])))
  }

  async #setIfPending(keys: [string, string, string], value: string, options: TokenWriteOptions): Promise<boolean> {
    const ttl = pxArguments(options.ttlSeconds)[1] ?? ''
    const reply = await this.#client.sendCommand(['EVAL', SET_IF_PENDING, '3', ...keys, value, ttl])
    return reply !== null && reply !== undefined
  }

  async revokeAccessToken(token: string): Promise<boolean> {
    return Number(await this.#client.sendCommand(['DEL', this.accessTokenKey(token)])) > 0
  }
}
