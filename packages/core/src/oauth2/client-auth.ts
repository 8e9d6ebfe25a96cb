import { OAuthError } from '../errors/errors.ts'
import { formEncode } from '../http/percent-encode.ts'

/**
 * How the client authenticates at the token endpoint (RFC 6749 2.3.1; the names of the OAuth
 * registry, as oauth4webapi's `ClientSecretBasic`, `ClientSecretPost` and `None`):
 *
 * - `'client_secret_basic'`: HTTP Basic, id and secret each form-urlencoded first — the default
 *   when there is a secret;
 * - `'client_secret_post'`: `client_id` and `client_secret` in the form body;
 * - `'none'`: a public client; `client_id` in the body — the default without a secret.
 *
 * @example
 * ```ts
 * import { oauth2, type ClientAuthMethod } from '@oauthkit/core'
 *
 * const clientAuth: ClientAuthMethod = 'client_secret_post'
 * const auth = oauth2({ tokenEndpoint: 'https://as.example.com/token', clientId: 'app', clientSecret: 'secret', clientAuth })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

const METHODS: readonly string[] = ['client_secret_basic', 'client_secret_post', 'none']

/**
 * The `Authorization` header value of `client_secret_basic`: `Basic` and the base64 of
 * `id:secret`, where id and secret are first encoded with application/x-www-form-urlencoded, as
 * RFC 6749 2.3.1 requires (many clients skip this, and a secret with `:` or `%` then fails).
 *
 * @example
 * ```ts
 * import { clientSecretBasic } from '@oauthkit/core'
 *
 * console.assert(clientSecretBasic('my app', 'p:ss') === `Basic ${btoa('my+app:p%3Ass')}`)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  return `Basic ${btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`)}`
}

/** @internal The method in effect: the one given, else basic with a secret and none without. */
export function clientAuthMethod(client: {
  clientAuth?: ClientAuthMethod | undefined
  clientSecret?: string | undefined
}): ClientAuthMethod {
  const method = client.clientAuth ?? (client.clientSecret === undefined ? 'none' : 'client_secret_basic')
  if (!METHODS.includes(method)) {
    throw new OAuthError('invalid_options', `oauth2(): unknown clientAuth ${JSON.stringify(String(method))}; use ${METHODS.join(', ')}`)
  }
  if (method !== 'none' && (client.clientSecret === undefined || client.clientSecret === '')) {
    throw new OAuthError('invalid_options', `oauth2(): clientAuth '${method}' needs a clientSecret`)
  }
  return method
}

/** @internal Applies client authentication to a token endpoint request. */
export function applyClientAuth(
  client: { clientId: string; clientSecret?: string | undefined; clientAuth?: ClientAuthMethod | undefined },
  headers: Headers,
  body: URLSearchParams,
): void {
  const method = clientAuthMethod(client)
  if (method === 'client_secret_basic') {
    headers.set('authorization', clientSecretBasic(client.clientId, client.clientSecret as string))
    return
  }
  body.set('client_id', client.clientId)
  if (method === 'client_secret_post') body.set('client_secret', client.clientSecret as string)
}
