// `@oauthkit/core/node`: what needs Node's APIs (node:fs). The main entry stays free of them.

export type { FileLockOptions } from './node/file-lock.ts'
export { withFileLock } from './node/file-lock.ts'
export type { FileTokenStoreOptions } from './node/file-token-store.ts'
export { FileTokenStore } from './node/file-token-store.ts'
