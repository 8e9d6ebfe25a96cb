import type { Placement } from '../contract/placement.ts'
import { OAuthError } from '../errors/errors.ts'
import type { SignatureMethod } from './signing/signature-method.ts'

/**
 * What a {@link TokenStore} keeps by default for one profile: the consumer credentials, the
 * access token, and how to sign. The fields match the options of `oauth1Session()` and `oauth1()`,
 * so a stored profile is passed back as it is (`oauth1Session({ ...stored, fetch })`).
 *
 * @example
 * ```ts
 * import type { StoredCredentials } from '@oauthkit/core'
 *
 * const stored: StoredCredentials = {
 *   consumerKey: 'key',
 *   consumerSecret: 'secret',
 *   token: 'access-token',
 *   tokenSecret: 'access-token-secret',
 *   signatureMethod: 'HMAC-SHA1',
 *   extra: { screen_name: 'alice' },
 * }
 * ```
 */
export interface StoredCredentials {
  /** The consumer key. */
  consumerKey: string
  /** The consumer secret. */
  consumerSecret?: string | undefined
  /** The access token. */
  token?: string | undefined
  /** The secret of the access token. */
  tokenSecret?: string | undefined
  /** The signature method. */
  signatureMethod?: SignatureMethod | undefined
  /** The realm. */
  realm?: string | undefined
  /** The placement. */
  placement?: Placement | undefined
  /** Other fields of the access-token response worth keeping (`user_id`, `screen_name`, expiry). */
  extra?: Record<string, string> | undefined
}

/**
 * Where credentials and tokens are kept between runs, by profile name (`default`, `work`,
 * `alice@x`): one entry per profile, read, replaced and deleted whole. Entries are plain JSON
 * values; a store hands out copies, so changing a returned entry changes nothing stored. Every
 * method is asynchronous, so that a store may live in a file, a keychain or a database.
 * Implementations: `MemoryTokenStore` (this package) and `FileTokenStore` (`@oauthkit/core/node`).
 *
 * @example
 * ```ts
 * import { MemoryTokenStore, oauth1Session, type StoredCredentials, type TokenStore } from '@oauthkit/core'
 *
 * const store: TokenStore<StoredCredentials> = new MemoryTokenStore()
 * await store.set('work', { consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' })
 * const saved = await store.get('work')
 * if (saved) {
 *   const session = oauth1Session({ ...saved })
 *   console.assert(session.authorized)
 * }
 * console.assert((await store.profiles()).includes('work'))
 * ```
 */
export interface TokenStore<Entry = StoredCredentials> {
  /** The entry of a profile, or `undefined` when there is none. */
  get(profile: string): Promise<Entry | undefined>
  /** Creates or replaces the entry of a profile. */
  set(profile: string, entry: Entry): Promise<void>
  /** Deletes the entry of a profile; resolves whether there was one. */
  delete(profile: string): Promise<boolean>
  /** The names of the profiles with an entry, sorted. */
  profiles(): Promise<string[]>
}

/**
 * Checks a profile name.
 *
 * @internal
 */
export function checkProfileName(profile: unknown, where: string): asserts profile is string {
  if (typeof profile !== 'string' || profile === '')
    throw new OAuthError('invalid_options', `${where}: the profile name must be a non-empty string`)
}

/**
 * An entry as JSON text: what a store keeps. Throws for what JSON cannot hold.
 *
 * @internal
 */
export function entryJson(entry: unknown, where: string): string {
  let text: string | undefined
  try {
    text = JSON.stringify(entry)
  } catch (cause) {
    throw new OAuthError('invalid_options', `${where}: the entry must be a JSON value`, { cause })
  }
  if (text === undefined) throw new OAuthError('invalid_options', `${where}: the entry must be a JSON value`)
  return text
}
