// Types only: the got instance withOAuth returns, with `context.oauth` typed on every request.

import type { OAuthContextInstance } from '@oauthkit/core/adapter'

/**
 * The got instance (got 14 or 16) that `withOAuth` returns: the instance's own type, its requests'
 * `context.oauth` typed (a misspelt placement, an unknown option or a wrong type fails to compile).
 * `stream`, `paginate` and `extend` keep got's own types: an instance made by extending this one still
 * signs, with `context` untyped. got's JSON overloads (`responseType: 'json'`) stay generic in the body.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 * import { type OAuthGot, withOAuth } from '@oauthkit/got'
 * import got from 'got'
 *
 * const api: OAuthGot<typeof got> = withOAuth(got, oauth1({ consumerKey: 'key', consumerSecret: 'secret' }))
 * ```
 */
export type OAuthGot<Instance> = OAuthContextInstance<Instance, { responseType: 'json' }>
