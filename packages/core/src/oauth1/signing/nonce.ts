const NONCE_LENGTH = 32
const POOL_NONCES = 256
/** The ASCII codes of the lowercase hex digits. */
const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef')
const decoder = new TextDecoder()

/** The hex digits of random bytes drawn together, each nonce a slice of them, used once. */
let pool = ''
let offset = 0

/** Draws the bytes of POOL_NONCES nonces from the CSPRNG and makes them hex text in one call. */
function refill(): void {
  const bytes = crypto.getRandomValues(new Uint8Array((NONCE_LENGTH / 2) * POOL_NONCES))
  const digits = new Uint8Array(bytes.length * 2)
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number
    digits[2 * i] = HEX_DIGITS[byte >> 4] as number
    digits[2 * i + 1] = HEX_DIGITS[byte & 15] as number
  }
  pool = decoder.decode(digits)
  offset = 0
  bytes.fill(0)
  digits.fill(0)
}

/**
 * A fresh nonce: 128 bits from the platform's CSPRNG (`crypto.getRandomValues`), as 32 lowercase
 * hex characters. Random bytes are drawn and made text in batches, so a nonce costs neither a call
 * into the OS nor an encoding: it is the next unused slice of the batch.
 *
 * @example
 * ```ts
 * import { generateNonce } from '@oauthkit/core/oauth1'
 *
 * const nonce = generateNonce()
 * console.assert(/^[0-9a-f]{32}$/.test(nonce))
 * ```
 */
export function generateNonce(): string {
  if (offset + NONCE_LENGTH > pool.length) refill()
  offset += NONCE_LENGTH
  return pool.slice(offset - NONCE_LENGTH, offset)
}
