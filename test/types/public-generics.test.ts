// Type-level tests: the checks are the `expectTypeOf` calls and `@ts-expect-error` lines, which the
// test command's typecheck (tsconfig.json) compiles; at run time they do nothing.
// ky's and got's per-request `context.oauth`, per major, is checked in packages/{ky,got}/test/*.test-d.ts.
import { withOAuth as withAxios } from '@oauthkit/axios'
import type {
  AuthorizeOptions,
  Authorizer,
  OAuth1Signer,
  Placement,
  RequestOAuthOptions,
  SignOverrides,
  StoredCredentials,
  TokenStore,
  VerifiedOAuth1,
} from '@oauthkit/core'
import { MemoryTokenStore, oauth1, verifyOAuth1 } from '@oauthkit/core'
import type { OAuthFetch, OAuthRequestInit } from '@oauthkit/fetch'
import { withOAuth as withFetch } from '@oauthkit/fetch'
import type { OAuthContext as GotContext, OAuthGot } from '@oauthkit/got'
import { withOAuth as withGot } from '@oauthkit/got'
import type { OAuthContext as KyContext, OAuthKy } from '@oauthkit/ky'
import { withOAuth as withKy } from '@oauthkit/ky'
import type { AxiosRequestConfig } from 'axios'
import axios from 'axios'
import type { Got, OptionsInit as GotOptions } from 'got'
import got from 'got'
import got14 from 'got14'
import type { KyInstance, Options as KyOptions } from 'ky'
import ky from 'ky'
import { describe, expectTypeOf, test } from 'vitest'

const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })

/** An authorizer with options of its own, beside the placement. */
interface ScopedOptions extends AuthorizeOptions {
  scope?: string
}
const scoped = oauth1({ consumerKey: 'key' }) as unknown as Authorizer<ScopedOptions>
/** Calls that must compile but never run (they would send requests). */
const compiles = (calls: () => void): void => {
  expectTypeOf(calls).returns.toBeVoid()
}

describe('core', () => {
  test('an oauth1 signer is an Authorizer of the common per-request options', () => {
    expectTypeOf(signer).toEqualTypeOf<OAuth1Signer>()
    expectTypeOf(signer).toExtend<Authorizer>()
    expectTypeOf(signer.authorize).parameter(1).toEqualTypeOf<SignOverrides | undefined>()
    expectTypeOf<SignOverrides>().toExtend<AuthorizeOptions>()
    expectTypeOf<AuthorizeOptions['placement']>().toEqualTypeOf<Placement | undefined>()
    expectTypeOf<RequestOAuthOptions>().toEqualTypeOf<AuthorizeOptions | false>()
  })

  test("an Authorizer's options type reaches its authorize()", () => {
    expectTypeOf(scoped.authorize).parameter(1).toEqualTypeOf<ScopedOptions | undefined>()
    // @ts-expect-error an authorizer's options extend AuthorizeOptions
    expectTypeOf<Authorizer<{ placement: number }>>().toBeObject()
  })

  test("verifyOAuth1 gives back the lookups' own types", async () => {
    const consumers = { app: { secret: 's', plan: 'pro' as const } }
    const verified = await verifyOAuth1(new Request('https://api.test/'), {
      lookupConsumer: (key: string) => (key === 'app' ? consumers.app : undefined),
      lookupToken: async (token, consumerKey) => {
        expectTypeOf(token).toEqualTypeOf<string>()
        expectTypeOf(consumerKey).toEqualTypeOf<string>()
        return { secret: 't', userId: 42 }
      },
    }).catch(() => undefined)
    expectTypeOf(verified).toEqualTypeOf<VerifiedOAuth1<{ secret: string; plan: 'pro' }, { secret: string; userId: number }> | undefined>()
    expectTypeOf(verified?.consumer.plan).toEqualTypeOf<'pro' | undefined>()
    expectTypeOf(verified?.tokenCredentials?.userId).toEqualTypeOf<number | undefined>()
  })

  test('token stores hold the entry type they are given', () => {
    expectTypeOf(new MemoryTokenStore()).toExtend<TokenStore<StoredCredentials>>()
    const custom = new MemoryTokenStore<{ token: string; scopes: string[] }>()
    expectTypeOf(custom.get).returns.resolves.toEqualTypeOf<{ token: string; scopes: string[] } | undefined>()
    // @ts-expect-error the entry must have the store's type
    void custom.set('work', { token: 't' })
  })
})

describe('per-request options and withOAuth of each adapter', () => {
  test('fetch: init.oauth', () => {
    const signedFetch = withFetch(fetch, signer)
    expectTypeOf(signedFetch).toEqualTypeOf<OAuthFetch>()
    expectTypeOf(withFetch(undefined, scoped)).toEqualTypeOf<OAuthFetch>()
    expectTypeOf(signedFetch).parameter(1).toEqualTypeOf<OAuthRequestInit | undefined>()
    expectTypeOf<OAuthRequestInit['oauth']>().toEqualTypeOf<RequestOAuthOptions | undefined>()
    expectTypeOf<OAuthRequestInit>().toExtend<RequestInit>()
    compiles(() => {
      void signedFetch('https://api.test/', { oauth: { placement: 'query' } })
      void signedFetch('https://api.test/', { oauth: false })
      // @ts-expect-error no such placement
      void signedFetch('https://api.test/', { oauth: { placement: 'cookie' } })
      // @ts-expect-error `true` is not an option: leave it out to sign
      void signedFetch('https://api.test/', { oauth: true })
      // @ts-expect-error not an authorizer
      withFetch(fetch, { placement: 'header' })
    })
  })

  test('axios: the oauth config option', () => {
    const api = axios.create()
    expectTypeOf(withAxios(api, signer)).toEqualTypeOf<() => void>()
    expectTypeOf(withAxios(api, scoped)).toEqualTypeOf<() => void>()
    expectTypeOf<AxiosRequestConfig['oauth']>().toEqualTypeOf<RequestOAuthOptions | undefined>()
    compiles(() => {
      void api.get('/me', { oauth: { placement: 'query' } })
      void api.post('/status', new URLSearchParams({ a: '1' }), { oauth: false })
      // @ts-expect-error no such placement
      void api.get('/me', { oauth: { placement: 'cookie' } })
    })
  })

  test('ky: the instance type back with context.oauth typed; OAuthContext fits context', () => {
    expectTypeOf(withKy(ky, signer)).toEqualTypeOf<OAuthKy<KyInstance>>()
    expectTypeOf(withKy(ky.create({}), scoped)).toEqualTypeOf<OAuthKy<KyInstance>>()
    expectTypeOf<KyContext['oauth']>().toEqualTypeOf<RequestOAuthOptions | undefined>()
    expectTypeOf<KyContext>().toExtend<NonNullable<KyOptions['context']>>()
    const context: KyContext = { oauth: { placement: 'body' } }
    compiles(() => {
      void withKy(ky, signer).post('https://api.test/', { body: new URLSearchParams({ a: '1' }), context })
      // @ts-expect-error no such placement
      void withKy(ky, signer).get('https://api.test/', { context: { oauth: { placement: 'cookie' } } })
    })
  })

  test('got: the instance type back with context.oauth typed, for got 14 and 16; OAuthContext fits context', () => {
    expectTypeOf(withGot(got, signer)).toEqualTypeOf<OAuthGot<Got>>()
    expectTypeOf(withGot(got14, scoped)).toEqualTypeOf<OAuthGot<typeof got14>>()
    expectTypeOf<GotContext['oauth']>().toEqualTypeOf<RequestOAuthOptions | undefined>()
    expectTypeOf<GotContext>().toExtend<NonNullable<GotOptions['context']>>()
    const context: GotContext = { oauth: false }
    compiles(() => {
      void withGot(got, signer).get('https://api.test/', { context })
      // @ts-expect-error no such placement
      void withGot(got, signer).get('https://api.test/', { context: { oauth: { placement: 'cookie' } } })
      // @ts-expect-error not an authorizer
      withGot(got, {})
    })
  })
})
