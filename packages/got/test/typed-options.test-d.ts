// Type-level tests of the per-request options through the instance withOAuth returns, for got 14 and
// 16, checked by the test command's typecheck (tsc -p tsconfig.json): an `@ts-expect-error` whose line
// compiles fails it, as does a wrong `expectTypeOf`.
import { oauth1 } from '@oauthkit/core'
import type { OAuthContext, OAuthGot } from '@oauthkit/got'
import { withOAuth } from '@oauthkit/got'
import type { Got, Response } from 'got'
import got from 'got'
import got14 from 'got14'
import { expectTypeOf } from 'vitest'

const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })
const base = got.extend({ prefixUrl: 'https://api.example.com/' })
const api = withOAuth(base, signer)
const api14 = withOAuth(got14, signer)
interface Photo {
  id: number
}
declare const anyContext: Record<string, unknown>
/** Calls that must compile but never run (they would send requests). */
export async function calls(): Promise<void> {
  // The options of every request function: the instance's call and each alias, for both majors.
  await api('photos', { context: { oauth: { placement: 'query' } } })
  await api14({ url: 'https://api.example.com/photos', context: { oauth: false } })
  await api.post('photos', { form: { title: 'x' }, context: { oauth: { placement: 'body' }, traceId: 'own data' } })
  await api.query('photos', { context: { oauth: { placement: 'header' } } })
  await api14.delete('https://api.example.com/photos/1', { context: { oauth: { placement: 'header+query' } } })
  const context: OAuthContext = { oauth: { placement: 'query' } }
  await api14.put('https://api.example.com/photos/1', { json: {}, context })
  await api.get('photos', { context: anyContext })

  // @ts-expect-error a misspelt placement (got 16)
  await api.get('photos', { context: { oauth: { placement: 'querry' } } })
  // @ts-expect-error a misspelt placement (got 14)
  await api14.get('https://api.example.com/photos', { context: { oauth: { placement: 'querry' } } })
  // @ts-expect-error an unknown option (got 16)
  await api.post('photos', { context: { oauth: { placment: 'body' } } })
  // @ts-expect-error an unknown option (got 14)
  await api14.post('https://api.example.com/photos', { context: { oauth: { placment: 'body' } } })
  // @ts-expect-error a wrong type: leave `oauth` out to sign
  await api('photos', { context: { oauth: true } })
  // @ts-expect-error a wrong type, in the options-only form (got 14)
  await api14({ url: 'https://api.example.com/photos', context: { oauth: 'query' } })
  // @ts-expect-error a wrong type with a JSON response type
  await api.get<Photo>('photos', { responseType: 'json', context: { oauth: { placement: 1 } } })
}

/** got's own result types come through, per major. */
export async function results(): Promise<void> {
  expectTypeOf(await api.get('photos')).toEqualTypeOf<Response<string>>()
  expectTypeOf(await api.get('photos', { resolveBodyOnly: true })).toEqualTypeOf<string>()
  expectTypeOf(await api.get('photos').json<Photo[]>()).toEqualTypeOf<Photo[]>()
  expectTypeOf(await api.get('photos', { responseType: 'buffer', resolveBodyOnly: true })).toEqualTypeOf<Uint8Array<ArrayBuffer>>()
  expectTypeOf(await api14.get('https://api.example.com/', { responseType: 'buffer', resolveBodyOnly: true })).toEqualTypeOf<Buffer>()
  // got's JSON overloads take the body's type as their type argument.
  expectTypeOf((await api.get<Photo>('photos/1', { responseType: 'json' })).body).toEqualTypeOf<Photo>()
  expectTypeOf(await api.get<Photo>('photos/1', { responseType: 'json', resolveBodyOnly: true })).toEqualTypeOf<Photo>()
  expectTypeOf(await api14.get<Photo>('https://api.example.com/', { responseType: 'json', resolveBodyOnly: true })).toEqualTypeOf<Photo>()
}

// The rest of the instance is got's own: `stream`, `paginate`, `defaults`, `extend`.
expectTypeOf(withOAuth(got, signer)).toEqualTypeOf<OAuthGot<Got>>()
expectTypeOf(api.stream).toEqualTypeOf<Got['stream']>()
expectTypeOf(api.paginate).toEqualTypeOf<Got['paginate']>()
expectTypeOf(api.defaults).toEqualTypeOf<Got['defaults']>()
expectTypeOf(api14.extend).toEqualTypeOf<(typeof got14)['extend']>()
// An instance extended from the returned one signs too, but its `context` is got's own, untyped.
expectTypeOf(api.extend).toEqualTypeOf<(typeof base)['extend']>()
expectTypeOf(api.extend({ timeout: { request: 1000 } })).toExtend<Got>()
// It still goes where the client's own instance type is expected.
expectTypeOf<OAuthGot<Got>>().toExtend<Got>()
