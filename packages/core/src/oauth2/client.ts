import { OAuthError } from '../errors/errors.ts'
import type { FetchLike } from '../http/fetch-like.ts'
import { inClear } from '../http/origins.ts'
import type { ClientAuthMethod } from './client-auth.ts'
import type { OAuth2Hooks } from './hooks.ts'

/**
 * An OAuth 2 client as the token endpoint knows it: what every grant function takes. `oauth2()`
 * options are a superset, so the same object works for both.
 *
 * @example
 * ```ts
 * import { clientCredentialsGrant, type OAuth2Client } from '@oauthkit/core'
 *
 * const client: OAuth2Client = {
 *   tokenEndpoint: 'https://as.example.com/token',
 *   clientId: 'reporting-job',
 *   clientSecret: 'secret',
 * }
 * const token = await clientCredentialsGrant(client, { scope: 'reports:read' })
 * ```
 */
export interface OAuth2Client {
  /** The token endpoint (RFC 6749 3.2). HTTPS, or HTTP on a loopback address. */
  tokenEndpoint: string | URL
  /** The client identifier. */
  clientId: string
  /** The client secret of a confidential client. */
  clientSecret?: string | undefined
  /** How the client authenticates: `client_secret_basic` when there is a secret, else `none`. */
  clientAuth?: ClientAuthMethod | undefined
  /** Compliance hooks for the token requests (and, in `oauth2()`, the protected requests). */
  hooks?: OAuth2Hooks | undefined
  /**
   * The `fetch` of the requests to the authorization server; the global `fetch` by default, looked
   * up at each request. It is called directly — never through a client that `withOAuth` wrapped — so
   * a token request can never loop back into the refresh logic.
   */
  fetch?: FetchLike | undefined
  /** The clock, in milliseconds since the epoch (`Date.now` by default). */
  now?: (() => number) | undefined
  /**
   * Allows plain HTTP on hosts that are not loopback addresses: for the endpoints, and (with
   * `oauth2()`) for the requests the token authorizes. For tests only: the token would go in clear.
   */
  allowInsecureRequests?: boolean | undefined
}

/**
 * An endpoint URL, checked: absolute, HTTPS (or HTTP on a loopback host, or with
 * `allowInsecureRequests`).
 *
 * @internal
 */
export function endpointUrl(value: string | URL | undefined, name: string, allowInsecure: boolean | undefined): URL {
  if (value === undefined) throw new OAuthError('invalid_options', `oauth2(): ${name} is required for this`)
  let url: URL
  try {
    url = new URL(value)
  } catch (cause) {
    throw new OAuthError('invalid_options', `oauth2(): ${name} must be an absolute URL`, { cause })
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && (!inClear(url) || allowInsecure === true))
  if (!secure) {
    throw new OAuthError(
      'invalid_options',
      `oauth2(): ${name} must use https (${url.protocol} is allowed only on loopback hosts, or with allowInsecureRequests)`,
    )
  }
  if (url.hash !== '') throw new OAuthError('invalid_options', `oauth2(): ${name} must not have a fragment (RFC 6749 3.1, 3.2)`)
  return url
}

/** @internal The clock of a client, in milliseconds. */
export function clock(client: { now?: (() => number) | undefined }): number {
  return client.now === undefined ? Date.now() : client.now()
}

/** @internal A scope option as the space-delimited string of RFC 6749 3.3. */
export function scopeString(scope: string | readonly string[] | undefined): string | undefined {
  if (scope === undefined) return undefined
  return typeof scope === 'string' ? scope : scope.join(' ')
}
