import { toBase64 } from '../http/encoding.ts'

/**
 * A source of random bytes: `crypto.getRandomValues` by default; a test injects fixed bytes.
 *
 * @example
 * ```ts
 * import { generateState, type RandomBytes } from '@oauthkit/core'
 *
 * const fixed: RandomBytes = (length) => new Uint8Array(length).fill(7)
 * console.assert(generateState(fixed) === generateState(fixed))
 * ```
 */
export type RandomBytes = (length: number) => Uint8Array

/** @internal `length` bytes from the platform's CSPRNG. */
export function cryptoRandomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}

/** @internal base64url without padding (RFC 4648 section 5). */
export function base64url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/**
 * A random string for `state`: 256 bits from the CSPRNG as 43 base64url characters.
 *
 * @example
 * ```ts
 * import { generateState } from '@oauthkit/core'
 *
 * const state = generateState()
 * console.assert(/^[A-Za-z0-9_-]{43}$/.test(state))
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export function generateState(randomBytes: RandomBytes = cryptoRandomBytes): string {
  return base64url(randomBytes(32))
}
