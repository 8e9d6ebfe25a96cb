export type { ConsumerRecord, ConsumerStore } from './consumer-store.ts'
export { MemoryConsumerStore } from './consumer-store.ts'
export type { MemoryProviderTokenStoreOptions } from './memory-provider-token-store.ts'
export { MemoryProviderTokenStore } from './memory-provider-token-store.ts'
export type { NodeListenerOptions, NodeRequestLike, NodeResponseLike } from './node-listener.ts'
export { nodeListener } from './node-listener.ts'
export type { ProblemResponseOptions } from './problem-response.ts'
export { problemResponse } from './problem-response.ts'
export type { ProtectGranted, ProtectOptions, ProtectRefused, ProtectResult } from './protect-result.ts'
export type { OAuth1Provider } from './provider.ts'
export { oauth1Provider } from './provider.ts'
export type {
  AccessTokenFieldsContext,
  AuthorizeContext,
  AuthorizeDecision,
  CallbackContext,
  OAuth1ProviderOptions,
  OobContext,
  PendingAuthorization,
  ProviderPaths,
  XAuthContext,
} from './provider-options.ts'
export type {
  AccessTokenRecord,
  ProviderTokenStore,
  RequestTokenAuthorization,
  RequestTokenRecord,
  StoredRequestToken,
  TokenWriteOptions,
} from './provider-token-store.ts'
export type { IdKind } from './random-id.ts'
export { randomId } from './random-id.ts'
export type { RedisCommandClient, RedisStoreOptions } from './redis-client.ts'
export type { RedisNonceStoreOptions } from './redis-nonce-store.ts'
export { RedisNonceStore } from './redis-nonce-store.ts'
export { RedisProviderTokenStore } from './redis-provider-token-store.ts'
