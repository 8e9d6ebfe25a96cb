// Loaded on first use, where Node's crypto exists (see signature.ts): browser and worker bundles
// carry none of it. It imports no module the signer shares, so bundlers split no chunk for one.
import type { NodeCrypto } from '../../runtime.ts'

/** Base strings up to this many UTF-16 code units go through the prepared HMAC's buffer. */
const PREPARED_HMAC_LIMIT = 16_384

const encoder = new TextEncoder()

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/**
 * HMAC (RFC 2104) on Node, prepared once per key. `H(K ^ opad || H(K ^ ipad || m))` is two one-shot
 * hashes over key blocks XORed once, here, and a buffer reused for every message: about half the
 * time of `createHmac`, which sets up the key and a hash object on every call (a secret `KeyObject`
 * made once does not change that). Longer messages, and runtimes without `hash` (Node before
 * 20.12), use `createHmac`.
 *
 * @internal
 */
export function nodeHmac(node: NodeCrypto, algorithm: 'sha1' | 'sha256' | 'sha512', secret: string): (baseString: string) => string {
  const viaCreateHmac = (baseString: string): string => node.createHmac(algorithm, secret).update(baseString).digest('base64')
  const hashOnce = node.hash
  if (typeof hashOnce !== 'function') return viaCreateHmac
  const blockSize = algorithm === 'sha512' ? 128 : 64
  const digestSize = algorithm === 'sha1' ? 20 : algorithm === 'sha256' ? 32 : 64
  let keyBytes: Uint8Array = encoder.encode(secret)
  if (keyBytes.length > blockSize) keyBytes = latin1Bytes(hashOnce(algorithm, keyBytes, 'latin1'))
  // [K ^ ipad | message in UTF-8] and [K ^ opad | inner digest].
  const innerKey = new Uint8Array(blockSize).fill(0x36)
  const outer = new Uint8Array(blockSize + digestSize).fill(0x5c, 0, blockSize)
  for (let i = 0; i < keyBytes.length; i++) {
    innerKey[i] = (innerKey[i] as number) ^ (keyBytes[i] as number)
    outer[i] = (outer[i] as number) ^ (keyBytes[i] as number)
  }
  let input = new Uint8Array(blockSize + 1024)
  input.set(innerKey)
  let message = input.subarray(blockSize)
  return (baseString) => {
    if (baseString.length > PREPARED_HMAC_LIMIT) return viaCreateHmac(baseString)
    // UTF-8 takes at most 3 bytes per UTF-16 code unit; the buffer grows to fit.
    if (message.length < baseString.length * 3) {
      input = new Uint8Array(blockSize + baseString.length * 3)
      input.set(innerKey)
      message = input.subarray(blockSize)
    }
    const { written } = encoder.encodeInto(baseString, message)
    const innerDigest = hashOnce(algorithm, input.subarray(0, blockSize + written), 'latin1')
    for (let i = 0; i < digestSize; i++) outer[blockSize + i] = innerDigest.charCodeAt(i)
    return hashOnce(algorithm, outer, 'base64')
  }
}
