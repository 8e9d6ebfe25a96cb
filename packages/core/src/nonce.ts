const NONCE_BYTES = 16
const POOL_NONCES = 256
const HEX: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

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
  let nonce = ''
  for (let i = offset; i < offset + NONCE_BYTES; i++) nonce += HEX[pool[i] as number]
  // Each byte is used once: overwrite it so that nothing left in memory repeats a sent nonce.
  pool.fill(0, offset, offset + NONCE_BYTES)
  offset += NONCE_BYTES
  return nonce
}
