// Type-level tests of the per-request options through the instance withOAuth returns, for ky 1 and
// 2, checked by the test command's typecheck (tsc -p tsconfig.json): an `@ts-expect-error` whose line
// compiles fails it, as does a wrong `expectTypeOf`.
import { oauth1 } from '@oauthkit/core'
import type { OAuthContext, OAuthKy } from '@oauthkit/ky'
import { withOAuth } from '@oauthkit/ky'
import type { KyInstance } from 'ky'
import ky from 'ky'
import ky1 from 'ky1'
import { expectTypeOf } from 'vitest'

const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })
const api = withOAuth(ky.create({ prefix: 'https://api.example.com/' }), signer)
const api1 = withOAuth(ky1.create({ prefixUrl: 'https://api.example.com/' }), signer)
interface Photo {
  id: number
}
declare const anyContext: Record<string, unknown>
/** Calls that must compile but never run (they would send requests). */
export async function calls(): Promise<void> {
  // The options of every request function: the instance's call and each method, for both majors.
  await api('photos', { context: { oauth: { placement: 'query' } } })
  await api.post('photos', { body: new URLSearchParams({ title: 'x' }), context: { oauth: { placement: 'body' }, traceId: 'own data' } })
  await api.query('photos', { context: { oauth: false } })
  await api1.delete('photos/1', { context: { oauth: { placement: 'header+query' } } })
  const context: OAuthContext = { oauth: { placement: 'query' } }
  await api1.put('photos/1', { json: {}, context })
  await api.get('photos', { context: anyContext })
  // The top-level `oauth` option, as fetch's `init.oauth`.
  await api.get('photos', { oauth: { placement: 'query' } })
  await api1.post('photos', { body: new URLSearchParams({ title: 'x' }), oauth: { placement: 'body' } })
  await api1('photos', { oauth: false })

  // @ts-expect-error a misspelt placement (ky 2)
  await api.get('photos', { context: { oauth: { placement: 'querry' } } })
  // @ts-expect-error a misspelt placement (ky 1)
  await api1.get('photos', { context: { oauth: { placement: 'querry' } } })
  // @ts-expect-error an unknown option (ky 2)
  await api.post('photos', { context: { oauth: { placment: 'body' } } })
  // @ts-expect-error an unknown option (ky 1)
  await api1('photos', { context: { oauth: { placment: 'body' } } })
  // @ts-expect-error a wrong type: leave `oauth` out to sign
  await api.patch('photos/1', { context: { oauth: true } })
  // @ts-expect-error a wrong type (ky 1)
  await api1.head('photos', { context: { oauth: 'query' } })
  // @ts-expect-error a misspelt top-level `oauth` key is caught: ky's options are not free-form (ky 2)
  await api.get('photos', { oath: { placement: 'query' } })
  // @ts-expect-error a misspelt top-level `oauth` key (ky 1)
  await api1.get('photos', { oath: { placement: 'query' } })
  // @ts-expect-error a misspelt placement under the top-level `oauth`
  await api.get('photos', { oauth: { placement: 'querry' } })
  // @ts-expect-error an unknown option under the top-level `oauth` (ky 1)
  await api1.get('photos', { oauth: { placment: 'query' } })
  // A misspelt `oauth` key inside the free-form `context` is the caller's own data: it compiles (and signs in the default placement).
  await api.get('photos', { context: { oath: { placement: 'query' } } })
  // @ts-expect-error the rest of the options are the major's own: ky 1 has no `prefix`
  await api1.get('photos', { prefix: 'v2/' })
}

/** ky's own result types come through. */
export async function results(): Promise<void> {
  expectTypeOf(await api.get<Photo[]>('photos').json()).toEqualTypeOf<Photo[]>()
  expectTypeOf(await api.get('photos').json<Photo>()).toEqualTypeOf<Photo>()
  expectTypeOf(await api1.get<Photo>('photos/1').json()).toEqualTypeOf<Photo>()
  expectTypeOf(await (await api.get<Photo>('photos/1')).json()).toEqualTypeOf<Photo>()
  expectTypeOf(await api.post('photos').text()).toEqualTypeOf<string>()
  expectTypeOf(await api1('photos')).toExtend<Response>()
  // ky 2's json(schema) overload is kept.
  const schema = { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value: value as Photo }) } } as const
  expectTypeOf(await api.get('photos/1').json(schema)).toEqualTypeOf<Photo>()
}

// An instance extended from the returned one signs too, and keeps the typing.
const extended = api.extend({ headers: { 'x-app': 'demo' } })
expectTypeOf(extended).toEqualTypeOf<OAuthKy<KyInstance>>()
// @ts-expect-error a misspelt placement through the extended instance
void extended.get('photos', { context: { oauth: { placement: 'querry' } } })
// @ts-expect-error the top-level option too
void extended.get('photos', { oauth: { placement: 'querry' } })
// `create` inherits nothing, so its instance does not sign and is ky's own.
expectTypeOf(api.create({})).toEqualTypeOf<KyInstance>()
expectTypeOf(api.stop).toEqualTypeOf<typeof ky.stop>()
expectTypeOf(api.retry).toEqualTypeOf<typeof ky.retry>()
// It still goes where the client's own instance type is expected.
expectTypeOf<OAuthKy<KyInstance>>().toExtend<KyInstance>()
