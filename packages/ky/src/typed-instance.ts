// Types only: the ky instance withOAuth returns, with `oauth` and `context.oauth` typed on every request.

import type { RequestOAuthOptions } from '@oauthkit/core'
import type { OAuthContextRecord } from '@oauthkit/core/adapter'

/**
 * A request function of the ky instance `withOAuth` returns (`api(…)`, `api.get(…)`): ky's own, with
 * the OAuth options typed. ky hands an option it does not know (`oauth`) to the `fetch` that signs, as
 * fetch's `init.oauth`; ky 1 before 1.11 has no `context` option of its own. The result is ky's
 * response promise, its `json()` typed by the call's type argument.
 *
 * @example
 * ```ts
 * import type { OAuthKyRequest } from '@oauthkit/ky'
 * import type ky from 'ky'
 *
 * declare const get: OAuthKyRequest<typeof ky>
 * const photos: { id: number }[] = await get<{ id: number }[]>('https://api.example.com/photos', { oauth: { placement: 'query' } }).json()
 * ```
 */
// Built from the instance's own types, with no import of ky's (ESM only: a CommonJS .d.cts cannot import it).
export type OAuthKyRequest<Ky> = Ky extends { get: (url: infer Input, options?: infer Options) => infer Result }
  ? <T>(
      url: Input,
      options?: Omit<NonNullable<Options>, 'context' | 'oauth'> & { context?: OAuthContextRecord; oauth?: RequestOAuthOptions | undefined },
    ) => Omit<Result, 'json' | keyof Promise<unknown>> & {
      json: (<Json = T>() => Promise<Json>) & (Result extends { json: infer Json } ? Json : unknown)
    } & Promise<Omit<Awaited<Result>, 'json'> & { json: <Json = T>() => Promise<Json> }>
  : never

/**
 * The ky instance (ky 1 or 2) that `withOAuth` returns: the instance's own type, its requests' OAuth
 * options typed: `oauth` (a misspelt key too fails to compile) or `context.oauth` (a misspelt placement,
 * an unknown option or a wrong type fails; a misspelt `oauth` key in the free-form `context` cannot).
 * `extend` gives another such instance, which signs too; `create` gives a plain ky instance, which
 * does not (it inherits nothing).
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { type OAuthKy, withOAuth } from '@oauthkit/ky'
 * import ky from 'ky'
 *
 * const api: OAuthKy<typeof ky> = withOAuth(ky, oauth1({ consumerKey: 'key', consumerSecret: 'secret' }))
 * ```
 */
export type OAuthKy<Ky> = Omit<Ky, 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'query' | 'extend'> &
  OAuthKyRequest<Ky> & {
    [Name in ('get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'query') & keyof Ky]: OAuthKyRequest<Ky>
  } & (Ky extends {
    extend: (...options: infer Options) => infer Extended
  }
    ? { extend: (...options: Options) => OAuthKy<Extended> }
    : unknown)
