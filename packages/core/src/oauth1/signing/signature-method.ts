import { percentEncode } from '../../http/percent-encode.ts'

/**
 * The signature methods of RFC 5849 3.4 and their common SHA-2 variants. `HMAC-SHA1` is the
 * default everywhere; `RSA-*` use RSASSA-PKCS1-v1_5; `PLAINTEXT` sends the key itself and belongs
 * only on TLS.
 *
 * @example
 * ```ts
 * import type { SignatureMethod } from '@oauthkit/core'
 *
 * const method: SignatureMethod = 'HMAC-SHA256'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4
 */
export type SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'HMAC-SHA512' | 'RSA-SHA1' | 'RSA-SHA256' | 'RSA-SHA512' | 'PLAINTEXT'

/**
 * Every supported signature method.
 *
 * @example
 * ```ts
 * import { SIGNATURE_METHODS } from '@oauthkit/core/oauth1'
 *
 * console.assert(SIGNATURE_METHODS.includes('RSA-SHA256'))
 * ```
 */
export const SIGNATURE_METHODS: readonly SignatureMethod[] = Object.freeze([
  'HMAC-SHA1',
  'HMAC-SHA256',
  'HMAC-SHA512',
  'RSA-SHA1',
  'RSA-SHA256',
  'RSA-SHA512',
  'PLAINTEXT',
] as const)

/**
 * Builds the HMAC and PLAINTEXT signing key from the consumer secret and the token secret.
 * Replace it (Falcon's `makeSecret`) for a provider that counter-signs differently.
 *
 * @example
 * ```ts
 * import { oauth1, type SigningKeyStrategy } from '@oauthkit/core'
 *
 * const consumerSecretOnly: SigningKeyStrategy = (consumerSecret) => `${consumerSecret}&`
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', signingKey: consumerSecretOnly })
 * ```
 */
export type SigningKeyStrategy = (consumerSecret: string, tokenSecret: string) => string

/**
 * The signing key of RFC 5849 3.4.2: `percentEncode(consumerSecret) & percentEncode(tokenSecret)`,
 * with the `&` always present, even when both are empty.
 *
 * @example
 * ```ts
 * import { defaultSigningKey } from '@oauthkit/core/oauth1'
 *
 * console.assert(defaultSigningKey('kd94hf93k423kf44', '') === 'kd94hf93k423kf44&')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
export function defaultSigningKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`
}

/**
 * The HMAC / PLAINTEXT key of RFC 5849 3.4.2 from the secrets, or of the strategy that replaces it.
 *
 * @internal
 */
export function signingKeyOf(keys: {
  consumerSecret?: string | undefined
  tokenSecret?: string | undefined
  signingKey?: SigningKeyStrategy | undefined
}): string {
  return (keys.signingKey ?? defaultSigningKey)(keys.consumerSecret ?? '', keys.tokenSecret ?? '')
}

/** @internal Whether a string names a supported signature method. */
export function isSignatureMethod(value: unknown): value is SignatureMethod {
  return typeof value === 'string' && (SIGNATURE_METHODS as readonly string[]).includes(value)
}

/** @internal The hash of a signature method, as WebCrypto and Node name it. */
export function hashOf(method: SignatureMethod): { web: 'SHA-1' | 'SHA-256' | 'SHA-512'; node: 'sha1' | 'sha256' | 'sha512' } {
  if (method.endsWith('SHA512')) return { web: 'SHA-512', node: 'sha512' }
  if (method.endsWith('SHA256')) return { web: 'SHA-256', node: 'sha256' }
  return { web: 'SHA-1', node: 'sha1' }
}
