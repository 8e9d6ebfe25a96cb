import type { Placement } from '../contract/placement.ts'
import type { OriginInput } from '../http/origins.ts'
import type { CryptoPreference } from '../runtime.ts'
import type { ClockSkewOptions } from './clock-skew.ts'
import type { BodyHashAlgorithm } from './signing/body-hash.ts'
import type { SignatureMethod, SigningKeyStrategy } from './signing/signature-method.ts'

/**
 * Options of {@link oauth1}: the client's credentials and how it signs.
 *
 * @example
 * ```ts
 * import { oauth1, type OAuth1Options } from '@oauthkit/core'
 *
 * const options: OAuth1Options = {
 *   consumerKey: 'key',
 *   consumerSecret: 'secret',
 *   signatureMethod: 'HMAC-SHA256',
 *   realm: 'Example',
 *   placement: 'header',
 * }
 * const signer = oauth1(options)
 * ```
 */
export interface OAuth1Options {
  /** The consumer key (client identifier). */
  consumerKey: string
  /** The consumer secret (client shared secret); empty for RSA-only consumers. */
  consumerSecret?: string | undefined
  /** The token (request or access token), when the request is made on behalf of a user. */
  token?: string | undefined
  /** The secret of `token`. */
  tokenSecret?: string | undefined
  /** `'HMAC-SHA1'` by default. */
  signatureMethod?: SignatureMethod | undefined
  /** For `RSA-*`: the private key as PEM (PKCS#8 or PKCS#1) or a WebCrypto `CryptoKey`. */
  privateKey?: string | CryptoKey | undefined
  /** The `realm` of the Authorization header; not signed, and only sent in the header. */
  realm?: string | undefined
  /** `oauth_callback`, for the request-token step. */
  callback?: string | undefined
  /** `oauth_verifier`, for the access-token step. */
  verifier?: string | undefined
  /** `'1.0'` by default; `false` leaves `oauth_version` out (it is optional). */
  version?: '1.0' | false | undefined
  /** Where the protocol parameters go; `'header'` by default. */
  placement?: Placement | undefined
  /**
   * `oauth_body_hash` for bodies that are not form-encoded: `false` (the default) never,
   * `true` on every such request (a request without a body hashes the empty string), `'auto'`
   * only when there is a non-empty body.
   */
  bodyHash?: boolean | 'auto' | undefined
  /** The hash of `oauth_body_hash`; `'SHA-1'` by default. */
  bodyHashAlgorithm?: BodyHashAlgorithm | undefined
  /** A fixed nonce or a nonce generator; by default 128 bits from the CSPRNG for each request. */
  nonce?: string | (() => string) | undefined
  /** A fixed `oauth_timestamp` (seconds) for every signature; without it, the clock's second. */
  timestamp?: number | string | undefined
  /** The clock, in milliseconds; `Date.now` by default. The signer sends its whole seconds. */
  now?: (() => number) | undefined
  /** Replaces how the HMAC / PLAINTEXT key is built from the secrets (Falcon's `makeSecret`). */
  signingKey?: SigningKeyStrategy | undefined
  /** `'webcrypto'` forces WebCrypto even where Node's crypto is available. */
  crypto?: CryptoPreference | undefined
  /**
   * The origins the adapters may send these credentials to. Without any, each request is signed
   * for its own origin and redirects to another origin carry no credentials.
   */
  origins?: readonly OriginInput[] | undefined
  /**
   * Opt-in clock-skew correction (off by default): on a refusal with `timestamp_refused` and an
   * acceptable range, or with a `Date` header far from this clock, the signer shifts its clock and
   * `onResponse` has the adapters send that request once more. See {@link ClockSkewOptions}.
   */
  correctClockSkew?: boolean | ClockSkewOptions | undefined
  /**
   * Allows PLAINTEXT over plain HTTP on hosts that are not loopback addresses, as `oauth2()` allows
   * a bearer token there. For tests only: PLAINTEXT sends both secrets in clear (RFC 5849 3.4.4).
   */
  allowInsecureRequests?: boolean | undefined
}

/**
 * What may change for one request.
 *
 * @example
 * ```ts
 * import { oauth1, type SignOverrides } from '@oauthkit/core'
 *
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })
 * const overrides: SignOverrides = { placement: 'query', token: 'request-token', tokenSecret: 'request-secret', verifier: '123456' }
 * const signed = await signer.sign({ method: 'POST', url: 'https://x.test/oauth/access_token' }, overrides)
 * ```
 */
export interface SignOverrides {
  /** Where the protocol parameters go for this request. */
  placement?: Placement | undefined
  /** The nonce of this request. */
  nonce?: string | undefined
  /** The timestamp of this request, in seconds. */
  timestamp?: number | string | undefined
  /** Another token for this request. */
  token?: string | undefined
  /** The secret of that token. */
  tokenSecret?: string | undefined
  /** `oauth_callback` for this request. */
  callback?: string | undefined
  /** `oauth_verifier` for this request. */
  verifier?: string | undefined
  /** The realm for this request. */
  realm?: string | undefined
}
