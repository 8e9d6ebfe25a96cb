/// <reference types="node" />
// Node only: this file is reached through `@oauthkit/core/node`, never through the main entry.
import { randomUUID } from 'node:crypto'
import { open, readFile, rm, stat, utimes } from 'node:fs/promises'
import { OAuthError } from '../errors/errors.ts'

/**
 * Options of {@link withFileLock}.
 *
 * @example
 * ```ts
 * import type { FileLockOptions } from '@oauthkit/core/node'
 *
 * const options: FileLockOptions = { timeoutSeconds: 40, staleAgeSeconds: 30 }
 * ```
 */
export interface FileLockOptions {
  /** How long to wait for another holder of the lock, in seconds; 10 by default. */
  timeoutSeconds?: number | undefined
  /**
   * A lock file untouched for this long, in seconds, was left by a holder that died, and is
   * removed; 30 by default. A live holder touches its lock every third of this.
   */
  staleAgeSeconds?: number | undefined
}

const FILE_MODE = 0o600

/** @internal Whether a Node error has that `code` (`EEXIST`, `ENOENT`). */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/** What a lock file holds: who took it, so that only its holder removes it. */
function ownerToken(): string {
  return `${process.pid} ${randomUUID()}`
}

async function readOwner(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined)
}

/** The lock file's identity and age, or `undefined` when there is none. */
async function lockState(path: string): Promise<{ ino: number; mtimeMs: number } | undefined> {
  return stat(path).then(
    (info) => ({ ino: info.ino, mtimeMs: info.mtimeMs }),
    () => undefined,
  )
}

/** Whether a lock file (or a breaker) was last touched longer ago than `staleAge`. */
const isStale = (state: { mtimeMs: number } | undefined, staleAge: number): boolean =>
  state !== undefined && Date.now() - state.mtimeMs > staleAge

/**
 * Removes the lock file at `path` if it is still the one judged stale (`judged`) and still stale.
 * Breakers take turns through `<path>.break`, taken like the lock itself: two processes that found the
 * same stale lock cannot both remove something, and the second one, re-reading the lock under the
 * breaker, finds the fresh lock of whoever took it meanwhile and leaves it. A breaker that died while
 * breaking (a few milliseconds) leaves a `.break` file that is itself broken once it is stale.
 */
async function breakStaleLock(path: string, judged: { ino: number; mtimeMs: number }, staleAge: number): Promise<void> {
  const breaker = `${path}.break`
  try {
    await (await open(breaker, 'wx', FILE_MODE)).close()
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error
    if (isStale(await lockState(breaker), staleAge)) await rm(breaker, { force: true })
    return
  }
  try {
    const now = await lockState(path)
    if (now !== undefined && now.ino === judged.ino && now.mtimeMs === judged.mtimeMs && isStale(now, staleAge)) {
      await rm(path, { force: true })
    }
  } finally {
    await rm(breaker, { force: true })
  }
}

/**
 * Runs `work` while holding the lock file at `path`, across processes: the file is created
 * exclusively (mode 0600) before `work` starts and removed when it settles. Another holder — in this
 * process or another — is waited for, polling every few milliseconds. While `work` runs, the holder
 * touches the file every `staleAgeSeconds / 3`, so a lock file older than that can only be one left by
 * a holder that died: it is removed, by one waiting process at a time, after checking again that it
 * is still that file and still stale. A holder removes only its own lock file (the file holds its
 * process id and a random token). Fails with an `OAuthError` of code `store_locked` when the lock
 * stayed held longer than `timeoutSeconds`. The lock of a {@link FileTokenStore}'s writes is `<file>.lock`,
 * taken this way.
 *
 * @example
 * ```ts
 * import { FileTokenStore, withFileLock } from '@oauthkit/core/node'
 *
 * // One refresh at a time across processes: whoever comes second finds the token already renewed.
 * const store = new FileTokenStore('/home/alice/.config/app/tokens.json')
 * await withFileLock(`${store.path}.refresh.lock`, async () => {
 *   const saved = await store.get('work')
 *   // … renew `saved` unless another process already did, then store.set('work', renewed) …
 * })
 * ```
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeout = (options.timeoutSeconds ?? 10) * 1000
  const staleAge = (options.staleAgeSeconds ?? 30) * 1000
  const owner = ownerToken()
  const started = performance.now()
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', FILE_MODE)
      try {
        await handle.writeFile(owner)
      } finally {
        await handle.close()
      }
      break
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error
    }
    const held = await lockState(path)
    if (held !== undefined && isStale(held, staleAge)) {
      await breakStaleLock(path, held, staleAge)
      continue
    }
    if (performance.now() - started > timeout) {
      throw new OAuthError('store_locked', `${path} stayed locked for more than ${timeout} ms`)
    }
    await sleep(Math.min(5 * 2 ** Math.min(attempt, 4), 50))
  }
  // Touched while held: a holder that is slow (a token endpoint taking its time) is not taken for dead.
  const heartbeat = setInterval(() => {
    const now = new Date()
    utimes(path, now, now).catch(() => undefined)
  }, staleAge / 3)
  heartbeat.unref?.()
  try {
    return await work()
  } finally {
    clearInterval(heartbeat)
    // Only our own lock: had ours been broken (this process stopped for longer than staleAge), the
    // file may now be another holder's.
    if ((await readOwner(path)) === owner) await rm(path, { force: true })
  }
}
