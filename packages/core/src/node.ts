/**
 * What needs Node's APIs (node:fs): the file token store and its lock. The other entry points stay
 * free of them.
 *
 * @module
 */

export type { FileLockOptions } from './node/file-lock.ts'
export { withFileLock } from './node/file-lock.ts'
export type { FileTokenStoreOptions } from './node/file-token-store.ts'
export { FileTokenStore } from './node/file-token-store.ts'
