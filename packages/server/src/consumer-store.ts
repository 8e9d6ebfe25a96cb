import type { ConsumerCredentials } from '@oauthkit/core'

/**
 * A registered consumer (client): its key, and the secret or RSA public key its signatures are
 * checked with. Add any fields your app needs (a name for the consent page, an owner, allowed
 * callbacks); the provider hands the whole record to your callbacks.
 *
 * @example
 * ```ts
 * import type { ConsumerRecord } from '@oauthkit/server'
 *
 * interface App extends ConsumerRecord {
 *   name: string
 *   callbacks: string[] // registered with you, matched exactly by allowCallback
 * }
 * const app: App = { key: 'printer-app', secret: 'kd94hf93k423kf44', name: 'Printer', callbacks: ['https://printer.example.com/oauth/ready'] }
 * ```
 */
export interface ConsumerRecord extends ConsumerCredentials {
  /** The consumer key (`oauth_consumer_key`). */
  key: string
  /** A name to show the user on the consent page. */
  name?: string | undefined
}

/**
 * Where the provider finds consumers. Implement it over your database; {@link MemoryConsumerStore}
 * holds a fixed list.
 *
 * @example
 * ```ts
 * import type { ConsumerRecord, ConsumerStore } from '@oauthkit/server'
 *
 * const rows = new Map<string, ConsumerRecord>([['printer-app', { key: 'printer-app', secret: 'kd94hf93k423kf44' }]])
 * const consumers: ConsumerStore = {
 *   async findConsumer(key) {
 *     return rows.get(key)
 *   },
 * }
 * ```
 */
export interface ConsumerStore<Consumer extends ConsumerRecord = ConsumerRecord> {
  /** The consumer with this key, or `undefined` (the request is refused with `consumer_key_unknown`). */
  findConsumer(key: string): Promise<Consumer | undefined>
}

/**
 * A {@link ConsumerStore} in memory, for tests, examples and providers with a handful of fixed consumers.
 *
 * @example
 * ```ts
 * import { MemoryConsumerStore } from '@oauthkit/server'
 *
 * const consumers = new MemoryConsumerStore([{ key: 'printer-app', secret: 'kd94hf93k423kf44', name: 'Printer' }])
 * consumers.add({ key: 'scanner-app', secret: 'another secret', name: 'Scanner' })
 * console.assert((await consumers.findConsumer('printer-app'))?.name === 'Printer')
 * ```
 */
export class MemoryConsumerStore<Consumer extends ConsumerRecord = ConsumerRecord> implements ConsumerStore<Consumer> {
  readonly #consumers = new Map<string, Consumer>()

  constructor(consumers: Iterable<Consumer> = []) {
    for (const consumer of consumers) this.add(consumer)
  }

  /** Adds or replaces a consumer. */
  add(consumer: Consumer): void {
    this.#consumers.set(consumer.key, consumer)
  }

  /** Removes a consumer; `true` when it was there. */
  remove(key: string): boolean {
    return this.#consumers.delete(key)
  }

  async findConsumer(key: string): Promise<Consumer | undefined> {
    return this.#consumers.get(key)
  }
}
