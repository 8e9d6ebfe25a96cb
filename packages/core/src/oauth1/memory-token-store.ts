import type { StoredCredentials, TokenStore } from './token-store.ts'
import { checkProfileName, entryJson } from './token-store.ts'

/**
 * A {@link TokenStore} in memory, for tests, short-lived processes and browsers' session state.
 * Entries are kept as JSON text, so a stored entry is what a file store would keep, and each
 * `get` returns a fresh copy.
 *
 * @example
 * ```ts
 * import { MemoryTokenStore } from '@oauthkit/core'
 *
 * const store = new MemoryTokenStore()
 * await store.set('default', { consumerKey: 'key', consumerSecret: 'secret' })
 * console.assert((await store.get('default'))?.consumerKey === 'key')
 * console.assert(await store.delete('default'))
 * ```
 */
export class MemoryTokenStore<Entry = StoredCredentials> implements TokenStore<Entry> {
  readonly #entries = new Map<string, string>()

  async get(profile: string): Promise<Entry | undefined> {
    checkProfileName(profile, 'MemoryTokenStore.get()')
    const text = this.#entries.get(profile)
    return text === undefined ? undefined : (JSON.parse(text) as Entry)
  }

  async set(profile: string, entry: Entry): Promise<void> {
    checkProfileName(profile, 'MemoryTokenStore.set()')
    this.#entries.set(profile, entryJson(entry, 'MemoryTokenStore.set()'))
  }

  async delete(profile: string): Promise<boolean> {
    checkProfileName(profile, 'MemoryTokenStore.delete()')
    return this.#entries.delete(profile)
  }

  async profiles(): Promise<string[]> {
    return [...this.#entries.keys()].sort()
  }

  /** Shows the profile names only: never an entry's secrets. */
  toJSON(): { profiles: string[] } {
    return { profiles: [...this.#entries.keys()].sort() }
  }
}
