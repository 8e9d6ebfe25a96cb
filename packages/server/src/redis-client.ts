/**
 * The one thing the Redis stores need from a client: send a command, get its reply. A connected
 * node-redis v4–v6 client (`createClient()` from the `redis` package, after `await client.connect()`)
 * fits as it is; for ioredis, wrap `call`. The stores never import a Redis package, so
 * `@oauthkit/server` has no dependency on one.
 *
 * @example
 * ```ts
 * import type { RedisCommandClient } from '@oauthkit/server'
 * import { createClient } from 'redis'
 *
 * const nodeRedis: RedisCommandClient = await createClient({ url: 'redis://localhost:6379' }).connect()
 *
 * // ioredis: `new Redis()` has call(command, ...args)
 * declare const ioredis: { call(command: string, ...args: string[]): Promise<unknown> }
 * const wrapped: RedisCommandClient = { sendCommand: ([command = '', ...args]) => ioredis.call(command, ...args) }
 * ```
 */
export interface RedisCommandClient {
  /** Sends one command (`['SET', key, value, 'NX', 'PX', '1000']`) and resolves with its reply. */
  sendCommand(args: string[]): Promise<unknown>
}

/**
 * Options of {@link RedisProviderTokenStore}, and the base of those of {@link RedisNonceStore}.
 *
 * @example
 * ```ts
 * import type { RedisStoreOptions } from '@oauthkit/server'
 *
 * const options: RedisStoreOptions = { prefix: 'photos:oauth:' }
 * ```
 */
export interface RedisStoreOptions {
  /** Prepended to every key; `'oauthkit:'` by default. Give each provider (or test) its own. */
  prefix?: string | undefined
}

/** @internal A bulk-string reply as text (node-redis may be configured to return buffers). */
export function replyText(reply: unknown): string | undefined {
  if (typeof reply === 'string') return reply
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply)
  return undefined
}

/**
 * @internal Seconds as the positive whole number of milliseconds `PX` needs; rounded to microseconds
 * first, as seconds → ms may leave a fraction (1.1 s is 1100.0000000000002 ms).
 */
export function pxMilliseconds(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(Math.round(ttlSeconds * 1e6) / 1e3))
}

/** @internal `PX` and its milliseconds, or nothing without a lifetime. */
export function pxArguments(ttlSeconds: number | undefined): string[] {
  return ttlSeconds === undefined ? [] : ['PX', String(pxMilliseconds(ttlSeconds))]
}
