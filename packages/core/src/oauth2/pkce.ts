import { OAuthError } from '../errors/errors.ts'
import { utf8 } from '../http/encoding.ts'
import { subtleCrypto } from '../runtime.ts'
import type { RandomBytes } from './random.ts'
import { base64url, cryptoRandomBytes } from './random.ts'

/**
 * A PKCE `code_verifier`: 32 octets from the CSPRNG as 43 base64url characters (RFC 7636 4.1).
 * Pass a source of bytes to make it deterministic in a test.
 *
 * @example
 * ```ts
 * import { generateCodeVerifier } from '@oauthkit/core'
 *
 * const verifier = generateCodeVerifier()
 * console.assert(/^[A-Za-z0-9_-]{43}$/.test(verifier))
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 */
export function generateCodeVerifier(randomBytes: RandomBytes = cryptoRandomBytes): string {
  return base64url(randomBytes(32))
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

/**
 * The `S256` `code_challenge` of a verifier: `BASE64URL(SHA-256(ASCII(code_verifier)))`
 * (RFC 7636 4.2), with WebCrypto.
 *
 * @example
 * ```ts
 * import { computeCodeChallenge } from '@oauthkit/core'
 *
 * // RFC 7636 appendix B
 * const challenge = await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')
 * console.assert(challenge === 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export async function computeCodeChallenge(codeVerifier: string): Promise<string> {
  if (!VERIFIER.test(codeVerifier)) {
    throw new OAuthError('invalid_options', 'A PKCE code_verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 4.1)')
  }
  const digest = await subtleCrypto().digest('SHA-256', utf8(codeVerifier))
  return base64url(new Uint8Array(digest))
}
