// Type-level tests of the option vocabulary, checked by `pnpm typecheck` (tsc -p tsconfig.json): one
// name per idea across the public options; the names they replaced are compile errors.
import type {
  ClockSkewOptions,
  FetchLike,
  NonceStore,
  OAuth1Options,
  OAuth1SessionOptions,
  OAuth2Client,
  VerifyOptions,
} from '@oauthkit/core'
import type { FileLockOptions, FileTokenStoreOptions } from '@oauthkit/core/node'
import type * as fetchAdapter from '@oauthkit/fetch'
import type { OAuthFetch } from '@oauthkit/fetch'
import type { ConsumerStore, OAuth1ProviderOptions, TokenWriteOptions } from '@oauthkit/server'
import { expectTypeOf } from 'vitest'

declare const consumers: ConsumerStore
declare const nonceStore: NonceStore

// One FetchLike type, taken by the session, the OAuth 2 client and the fetch adapter.
expectTypeOf<NonNullable<OAuth1SessionOptions['fetch']>>().toEqualTypeOf<FetchLike>()
expectTypeOf<NonNullable<OAuth2Client['fetch']>>().toEqualTypeOf<FetchLike>()
expectTypeOf<Parameters<typeof fetchAdapter.withOAuth>[0]>().toEqualTypeOf<FetchLike | undefined>()
expectTypeOf(globalThis.fetch).toExtend<FetchLike>()
expectTypeOf<OAuthFetch>().toExtend<FetchLike>()
// @ts-expect-error FetchFunction is gone: FetchLike of @oauthkit/core replaces it.
expectTypeOf<fetchAdapter.FetchFunction>().toBeUnknown()

// The nonce store is nonceStore in verifyOAuth1 and oauth1Provider.
expectTypeOf<VerifyOptions['nonceStore']>().toEqualTypeOf<NonceStore | undefined>()
expectTypeOf<OAuth1ProviderOptions['nonceStore']>().toEqualTypeOf<NonceStore | undefined>()
// @ts-expect-error nonces is gone: the provider's nonce store is nonceStore, as in verifyOAuth1.
;({ consumers, nonces: nonceStore }) satisfies OAuth1ProviderOptions

// A signer's clock is now(), in milliseconds; timestamp is one fixed value.
expectTypeOf<OAuth1Options['now']>().toEqualTypeOf<(() => number) | undefined>()
expectTypeOf<OAuth1Options['timestamp']>().toEqualTypeOf<number | string | undefined>()
// @ts-expect-error a clock is now: () => milliseconds, no longer timestamp: () => seconds.
;({ consumerKey: 'k', timestamp: () => 1_700_000_000 }) satisfies OAuth1Options

// Durations are in seconds, with a Seconds suffix.
expectTypeOf<ClockSkewOptions['dateThresholdSeconds']>().toEqualTypeOf<number | undefined>()
// @ts-expect-error dateThreshold is gone: it is dateThresholdSeconds.
;({ dateThreshold: 60 }) satisfies ClockSkewOptions
// One name a line: a directive over two names would pass while either of them still existed.
// @ts-expect-error timeout was milliseconds: it is timeoutSeconds.
;({ timeout: 40_000 }) satisfies FileLockOptions
// @ts-expect-error staleAge was milliseconds: it is staleAgeSeconds.
;({ staleAge: 30_000 }) satisfies FileLockOptions
// @ts-expect-error lockTimeout was milliseconds: it is lockTimeoutSeconds.
;({ lockTimeout: 2_000 }) satisfies FileTokenStoreOptions
// @ts-expect-error staleLockAge was milliseconds: it is staleLockAgeSeconds.
;({ staleLockAge: 30_000 }) satisfies FileTokenStoreOptions
// @ts-expect-error a provider token store is given ttlSeconds, no longer ttlMs.
;({ ttlMs: 600_000 }) satisfies TokenWriteOptions
