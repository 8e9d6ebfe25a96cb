const NONCE_BYTES = 16
const POOL_NONCES = 256
/** The ASCII codes of the lowercase hex digits. */
const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef')
const decoder = new TextDecoder()
/** The hex digits of one nonce, as ASCII, turned into a string in one call. */
const digits = new Uint8Array(NONCE_BYTES * 2)

let pool: Uint8Array | undefined
let offset = 0

/**
 * A fresh nonce: 128 bits from the platform's CSPRNG (`crypto.getRandomValues`), as 32 lowercase
 * hex characters. Random bytes are drawn in batches, so a nonce costs no call into the OS.
 *
 * @example
 * ```ts
 * import { generateNonce } from '@oauthkit/core'
 *
 * const nonce = generateNonce()
 * console.assert(/^[0-9a-f]{32}$/.test(nonce))
 * ```
 */
export function generateNonce(): string {
  if (pool === undefined || offset + NONCE_BYTES > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(NONCE_BYTES * POOL_NONCES))
    offset = 0
  }
  for (let i = 0; i < NONCE_BYTES; i++) {
    const byte = pool[offset + i] as number
    digits[2 * i] = HEX_DIGITS[byte >> 4] as number
    digits[2 * i + 1] = HEX_DIGITS[byte & 15] as number
  }
  // Each byte is used once: overwrite it so that nothing left in memory repeats a sent nonce.
  pool.fill(0, offset, offset + NONCE_BYTES)
  offset += NONCE_BYTES
  return decoder.decode(digits)
}
