import { OAuthError } from '@oauthkit/core'

/**
 * What the provider asks {@link OAuth1ProviderOptions.generateId} for.
 *
 * @example
 * ```ts
 * import type { IdKind } from '@oauthkit/server'
 *
 * let counter = 0
 * const generateId = (kind: IdKind): string => `${kind}-${++counter}`
 * ```
 */
export type IdKind = 'request_token' | 'request_token_secret' | 'verifier' | 'access_token' | 'access_token_secret'

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * A random identifier from the CSPRNG (`crypto.getRandomValues`): `byteLength` bytes, written in
 * base64url without padding, so it never needs percent-encoding. The provider's default for tokens
 * (24 bytes), secrets (32 bytes) and verifiers (24 bytes); also handy for consumer keys and secrets.
 *
 * @example
 * ```ts
 * import { randomId } from '@oauthkit/server'
 *
 * const consumerKey = randomId(16) // 22 characters
 * const consumerSecret = randomId() // 43 characters
 * ```
 */
export function randomId(byteLength = 32): string {
  if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 1024)
    throw new OAuthError('invalid_options', 'randomId(): byteLength must be a whole number from 1 to 1024')
  const bytes = crypto.getRandomValues(new Uint8Array(byteLength))
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 6) {
      bits -= 6
      out += BASE64URL[(value >> bits) & 63]
    }
    value &= (1 << bits) - 1
  }
  if (bits > 0) out += BASE64URL[(value << (6 - bits)) & 63]
  return out
}

/** @internal The default of `generateId`: 32 bytes for secrets, 24 for tokens and verifiers. */
export function defaultGenerateId(kind: IdKind): string {
  return randomId(kind.endsWith('_secret') ? 32 : 24)
}
