import type {
  ClockSkewOptions,
  FetchLike,
  NonceStore,
  OAuth1Options,
  OAuth1SessionOptions,
  OAuth2Client,
  VerifyOptions,
} from '@oauthkit/core'
import { MemoryNonceStore } from '@oauthkit/core'
import type { FileLockOptions, FileTokenStoreOptions } from '@oauthkit/core/node'
import type { OAuthFetch } from '@oauthkit/fetch'
import * as fetchAdapter from '@oauthkit/fetch'
import { MemoryConsumerStore, type OAuth1ProviderOptions, type TokenWriteOptions } from '@oauthkit/server'
import { describe, expect, expectTypeOf, it } from 'vitest'

// One name per idea across the public options; the names they replaced are compile errors.
describe('option vocabulary', () => {
  it('has one FetchLike type, taken by the session, the OAuth 2 client and the fetch adapter', () => {
    expectTypeOf<NonNullable<OAuth1SessionOptions['fetch']>>().toEqualTypeOf<FetchLike>()
    expectTypeOf<NonNullable<OAuth2Client['fetch']>>().toEqualTypeOf<FetchLike>()
    expectTypeOf<Parameters<typeof fetchAdapter.withOAuth>[0]>().toEqualTypeOf<FetchLike | undefined>()
    expectTypeOf(globalThis.fetch).toExtend<FetchLike>()
    expectTypeOf<OAuthFetch>().toExtend<FetchLike>()
    // @ts-expect-error FetchFunction is gone: FetchLike of @oauthkit/core replaces it.
    expectTypeOf<fetchAdapter.FetchFunction>().toBeUnknown()
    expect(Object.keys(fetchAdapter)).not.toContain('FetchFunction')
  })

  it('names the nonce store nonceStore in verifyOAuth1 and oauth1Provider', () => {
    expectTypeOf<VerifyOptions['nonceStore']>().toEqualTypeOf<NonceStore | undefined>()
    expectTypeOf<OAuth1ProviderOptions['nonceStore']>().toEqualTypeOf<NonceStore | undefined>()
    const consumers = new MemoryConsumerStore([{ key: 'k', secret: 's' }])
    // @ts-expect-error nonces is gone: the provider's nonce store is nonceStore, as in verifyOAuth1.
    const old: OAuth1ProviderOptions = { consumers, nonces: new MemoryNonceStore() }
    expect(old.consumers).toBe(consumers)
  })

  it('takes a signer clock as now(), in milliseconds, and timestamp as one fixed value', () => {
    expectTypeOf<OAuth1Options['now']>().toEqualTypeOf<(() => number) | undefined>()
    expectTypeOf<OAuth1Options['timestamp']>().toEqualTypeOf<number | string | undefined>()
    // @ts-expect-error a clock is now: () => milliseconds, no longer timestamp: () => seconds.
    const old: OAuth1Options = { consumerKey: 'k', timestamp: () => 1_700_000_000 }
    expect(old.consumerKey).toBe('k')
  })

  it('names durations in seconds with a Seconds suffix', () => {
    expectTypeOf<ClockSkewOptions['dateThresholdSeconds']>().toEqualTypeOf<number | undefined>()
    // @ts-expect-error dateThreshold is gone: it is dateThresholdSeconds.
    const old: ClockSkewOptions = { dateThreshold: 60 }
    expect(old).toBeDefined()
    // @ts-expect-error timeout and staleAge were milliseconds: they are timeoutSeconds and staleAgeSeconds.
    const lock: FileLockOptions = { timeout: 40_000, staleAge: 30_000 }
    // @ts-expect-error lockTimeout and staleLockAge were milliseconds: they are lockTimeoutSeconds and staleLockAgeSeconds.
    const store: FileTokenStoreOptions = { lockTimeout: 2_000, staleLockAge: 30_000 }
    // @ts-expect-error a provider token store is given ttlSeconds, no longer ttlMs.
    const write: TokenWriteOptions = { ttlMs: 600_000 }
    expect([lock, store, write]).toHaveLength(3)
  })
})
