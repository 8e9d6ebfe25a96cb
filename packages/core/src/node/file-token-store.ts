/// <reference types="node" />
// Node only: this file is reached through `@oauthkit/core/node`, never through the main entry.
import { randomUUID } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { OAuthError } from '../errors/errors.ts'
import type { StoredCredentials, TokenStore } from '../oauth1/token-store.ts'
import { checkProfileName, entryJson } from '../oauth1/token-store.ts'
import type { FileLockOptions } from './file-lock.ts'
import { isCode, withFileLock } from './file-lock.ts'

/**
 * Options of {@link FileTokenStore}.
 *
 * @example
 * ```ts
 * import { FileTokenStore, type FileTokenStoreOptions } from '@oauthkit/core/node'
 *
 * const options: FileTokenStoreOptions = { lockTimeoutSeconds: 2 }
 * const store = new FileTokenStore('/home/alice/.config/oauthkit/profiles.json', options)
 * ```
 */
export interface FileTokenStoreOptions {
  /** How long a write waits for another process's lock, in seconds; 10 by default. */
  lockTimeoutSeconds?: number | undefined
  /**
   * A lock file untouched for this long, in seconds, was left by a writer that died, and is
   * removed; 30 by default. A live writer touches its lock every third of this.
   */
  staleLockAgeSeconds?: number | undefined
}

/** The file: `{ "version": 1, "profiles": { "<name>": <entry>, … } }`. */
const VERSION = 1
const FILE_MODE = 0o600
const DIRECTORY_MODE = 0o700

// Writes to one file from this process run one after another; the lock file orders processes.
const queues = new Map<string, Promise<unknown>>()

/**
 * A {@link TokenStore} in one JSON file, for command-line tools and servers: every profile in one
 * file of mode 0600 (read and written by its owner only), in a directory created with mode 0700
 * when missing. Every write replaces the file atomically: the new content goes to a temporary file
 * in the same directory, is flushed to disk, and is renamed over the old file, so a reader (or a
 * crash) never sees half a file. Writers take turns: in one process through a queue per file, across
 * processes through a lock file next to it (`<file>.lock`), so that concurrent writes of different
 * profiles all land. Reads take no lock.
 *
 * @example
 * ```ts
 * import { oauth1Session } from '@oauthkit/core'
 * import { FileTokenStore } from '@oauthkit/core/node'
 * import { homedir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const store = new FileTokenStore(join(homedir(), '.config', 'oauthkit', 'profiles.json'))
 * const saved = await store.get('work')
 * const session = oauth1Session(saved ?? { consumerKey: 'key', consumerSecret: 'secret' })
 * if (!saved) {
 *   await session.fetchRequestToken('https://api.example.com/oauth/request_token')
 *   // … authorization, PIN …
 *   const access = await session.fetchAccessToken('https://api.example.com/oauth/access_token', { verifier: '123456' })
 *   await store.set('work', { consumerKey: 'key', consumerSecret: 'secret', token: access.token, tokenSecret: access.tokenSecret })
 * }
 * ```
 */
export class FileTokenStore<Entry = StoredCredentials> implements TokenStore<Entry> {
  /** The absolute path of the file. */
  readonly path: string
  readonly #lock: FileLockOptions

  constructor(path: string, options: FileTokenStoreOptions = {}) {
    if (typeof path !== 'string' || path === '')
      throw new OAuthError('invalid_options', 'FileTokenStore: the path must be a non-empty string')
    this.path = resolve(path)
    this.#lock = { timeoutSeconds: options.lockTimeoutSeconds, staleAgeSeconds: options.staleLockAgeSeconds }
  }

  async get(profile: string): Promise<Entry | undefined> {
    checkProfileName(profile, 'FileTokenStore.get()')
    return (await this.#read()).get(profile)
  }

  async set(profile: string, entry: Entry): Promise<void> {
    checkProfileName(profile, 'FileTokenStore.set()')
    const value = JSON.parse(entryJson(entry, 'FileTokenStore.set()')) as Entry
    await this.#update((profiles) => {
      profiles.set(profile, value)
      return true
    })
  }

  async delete(profile: string): Promise<boolean> {
    checkProfileName(profile, 'FileTokenStore.delete()')
    let found = false
    await this.#update((profiles) => {
      found = profiles.delete(profile)
      return found
    })
    return found
  }

  async profiles(): Promise<string[]> {
    return [...(await this.#read()).keys()].sort()
  }

  /** Shows the path only: never an entry's secrets. */
  toJSON(): { path: string } {
    return { path: this.path }
  }

  async #read(): Promise<Map<string, Entry>> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if (isCode(error, 'ENOENT')) return new Map()
      throw error
    }
    const corrupt = (why: string, cause?: unknown): OAuthError =>
      new OAuthError('store_corrupt', `FileTokenStore: ${this.path} is not a token store file (${why})`, { cause })
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (cause) {
      throw corrupt('not JSON', cause)
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw corrupt('not a JSON object')
    const { version, profiles } = data as { version?: unknown; profiles?: unknown }
    if (version !== VERSION) throw corrupt(`version ${JSON.stringify(version)}, expected ${VERSION}`)
    if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) throw corrupt('no "profiles" object')
    return new Map(Object.entries(profiles) as [string, Entry][])
  }

  /** Read, change and write back under the lock; `change` returns whether to write. */
  async #update(change: (profiles: Map<string, Entry>) => boolean): Promise<void> {
    const previous = queues.get(this.path) ?? Promise.resolve()
    const run = previous.then(() => this.#locked(change))
    const settled = run.catch(() => {})
    queues.set(this.path, settled)
    try {
      await run
    } finally {
      if (queues.get(this.path) === settled) queues.delete(this.path)
    }
  }

  async #locked(change: (profiles: Map<string, Entry>) => boolean): Promise<void> {
    const directory = dirname(this.path)
    await mkdir(directory, { recursive: true, mode: DIRECTORY_MODE })
    // A directory every user may write to (without the sticky bit) lets any of them replace the file.
    // (A group-writable one is left alone: with a group of one's own, the usual umask 002 makes those.)
    const { mode } = await stat(directory)
    if (process.platform !== 'win32' && (mode & 0o002) !== 0 && (mode & 0o1000) === 0) {
      throw new OAuthError(
        'store_insecure',
        `FileTokenStore: every user can write to ${directory} (mode ${(mode & 0o7777).toString(8)}): any of them could replace ${basename(this.path)}; chmod o-w it`,
      )
    }
    await withFileLock(
      `${this.path}.lock`,
      async () => {
        const profiles = await this.#read()
        if (change(profiles)) await this.#write(profiles)
      },
      this.#lock,
    )
  }

  async #write(profiles: Map<string, Entry>): Promise<void> {
    const text = `${JSON.stringify({ version: VERSION, profiles: Object.fromEntries(profiles) }, null, 2)}\n`
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${randomUUID()}.tmp`)
    try {
      const handle = await open(temporary, 'wx', FILE_MODE)
      try {
        // The mode of `open` is reduced by the umask: set it exactly.
        await handle.chmod(FILE_MODE)
        await handle.writeFile(text, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temporary, this.path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }
}
