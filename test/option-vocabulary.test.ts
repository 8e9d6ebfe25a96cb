import type { FetchLike, OAuth1SessionOptions, OAuth2Client } from '@oauthkit/core'
import type { OAuthFetch } from '@oauthkit/fetch'
import * as fetchAdapter from '@oauthkit/fetch'
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
})
