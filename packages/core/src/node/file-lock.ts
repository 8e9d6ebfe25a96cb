/// <reference types="node" />
// Node only: this file is reached through `@oauthkit/core/node`, never through the main entry.
import { open, rm, stat } from 'node:fs/promises'
import { OAuthError } from '../errors.ts'

/**
 * Options of {@link withFileLock}.
 *
 * @example
 * ```ts
 * import type { FileLockOptions } from '@oauthkit/core/node'
 *
 * const options: FileLockOptions = { timeout: 40_000, staleAge: 30_000 }
 * ```
 */
export interface FileLockOptions {
  /** How long to wait for another holder of the lock, in milliseconds; 10 000 by default. */
  timeout?: number | undefined
  /**
   * A lock file older than this, in milliseconds, was left by a holder that died, and is removed;
   * 30 000 by default.
   */
  staleAge?: number | undefined
}

const FILE_MODE = 0o600

/** @internal Whether a Node error has that `code` (`EEXIST`, `ENOENT`). */
export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/**
 * Runs `work` while holding the lock file at `path`, across processes: the file is created
 * exclusively (mode 0600) before `work` starts and removed when it settles. Another holder — in this
 * process or another — is waited for, polling every few milliseconds; a lock file older than
 * `staleAge` is taken for one left by a holder that died, and removed. Fails with an `OAuthError` of
 * code `store_locked` when the lock stayed held longer than `timeout`. The lock of a
 * {@link FileTokenStore}'s writes is `<file>.lock`, taken this way.
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
  const { timeout = 10_000, staleAge = 30_000 } = options
  const started = performance.now()
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', FILE_MODE)
      await handle.close()
      break
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error
    }
    const age = await stat(path).then(
      (info) => Date.now() - info.mtimeMs,
      () => 0,
    )
    if (age > staleAge) {
      await rm(path, { force: true })
      continue
    }
    if (performance.now() - started > timeout) {
      throw new OAuthError('store_locked', `${path} stayed locked for more than ${timeout} ms`)
    }
    await sleep(Math.min(5 * 2 ** Math.min(attempt, 4), 50))
  }
  try {
    return await work()
  } finally {
    await rm(path, { force: true })
  }
}
