import { timingSafeEqual } from './constant-time.ts'
import { fromBase64, toBase64, utf8 } from './encoding.ts'
import { OAuthError } from './errors.ts'
import { readPemKey } from './keys.ts'
import type { CryptoPreference, NodeHash, NodeKeyObject } from './runtime.ts'
import { nodeCrypto, subtleCrypto } from './runtime.ts'
import type { SignatureMethod, SigningKeyStrategy } from './signature-method.ts'
import { defaultSigningKey, hashOf, isSignatureMethod } from './signature-method.ts'

/**
 * The keys {@link computeSignature} needs; which ones depends on the signature method.
 *
 * @example
 * ```ts
 * import { computeSignature, type SignatureKeys } from '@oauthkit/core'
 *
 * const keys: SignatureKeys = { signatureMethod: 'HMAC-SHA1', consumerSecret: 'cs', tokenSecret: 'ts' }
 * const signature = await computeSignature('GET&https%3A%2F%2Fx.test%2F&', keys)
 * ```
 */
export interface SignatureKeys {
  /** The signature method. */
  signatureMethod: SignatureMethod
  /** The consumer secret (HMAC and PLAINTEXT). */
  consumerSecret?: string | undefined
  /** The token secret (HMAC and PLAINTEXT); empty when there is no token. */
  tokenSecret?: string | undefined
  /** The RSA private key for `RSA-*`: PEM (PKCS#8 or PKCS#1) or a WebCrypto `CryptoKey`. */
  privateKey?: string | CryptoKey | undefined
  /** Replaces how the HMAC / PLAINTEXT key is built from the two secrets. */
  signingKey?: SigningKeyStrategy | undefined
  /** `'webcrypto'` forces WebCrypto even where Node's crypto is available. */
  crypto?: CryptoPreference | undefined
}

/**
 * The keys {@link verifySignature} needs; which ones depends on the signature method.
 *
 * @example
 * ```ts
 * import { verifySignature, type VerificationKeys } from '@oauthkit/core'
 *
 * const keys: VerificationKeys = { signatureMethod: 'HMAC-SHA1', consumerSecret: 'cs', tokenSecret: 'ts' }
 * const valid = await verifySignature('GET&https%3A%2F%2Fx.test%2F&', 'c2lnbmF0dXJl', keys)
 * ```
 */
export interface VerificationKeys {
  /** The signature method. */
  signatureMethod: SignatureMethod
  /** The consumer secret (HMAC and PLAINTEXT). */
  consumerSecret?: string | undefined
  /** The token secret (HMAC and PLAINTEXT). */
  tokenSecret?: string | undefined
  /** The consumer's RSA public key for `RSA-*`: PEM (SPKI or PKCS#1) or a `CryptoKey`. */
  publicKey?: string | CryptoKey | undefined
  /** Replaces how the HMAC / PLAINTEXT key is built from the two secrets. */
  signingKey?: SigningKeyStrategy | undefined
  /** `'webcrypto'` forces WebCrypto even where Node's crypto is available. */
  crypto?: CryptoPreference | undefined
}

/** What Node's HMAC needs: `createHmac`, and the one-shot `hash` of Node 20.12 and later. */
interface NodeHmac {
  createHmac(algorithm: string, key: string): NodeHash
  hash?(algorithm: string, data: Uint8Array, outputEncoding: 'latin1' | 'base64'): string
}

/** Base strings up to this many UTF-16 code units go through the prepared HMAC's buffer. */
const PREPARED_HMAC_LIMIT = 16_384

/**
 * HMAC (RFC 2104) on Node, prepared once per key. `H(K ^ opad || H(K ^ ipad || m))` is two one-shot
 * hashes over key blocks XORed once, here, and a buffer reused for every message: about half the
 * time of `createHmac`, which sets up the key and a hash object on every call (a secret `KeyObject`
 * made once does not change that). Longer messages, and runtimes without `hash`, use `createHmac`.
 */
function nodeHmac(node: NodeHmac, algorithm: 'sha1' | 'sha256' | 'sha512', secret: string): SignFunction {
  const viaCreateHmac = (baseString: string): string => node.createHmac(algorithm, secret).update(baseString).digest('base64')
  const hashOnce = node.hash
  if (typeof hashOnce !== 'function') return viaCreateHmac
  const blockSize = algorithm === 'sha512' ? 128 : 64
  const digestSize = algorithm === 'sha1' ? 20 : algorithm === 'sha256' ? 32 : 64
  let keyBytes: Uint8Array = utf8(secret)
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

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

const encoder = new TextEncoder()

/** @internal A prepared signing function with its key imported once. */
export type SignFunction = (baseString: string) => string | Promise<string>

const isCryptoKey = (key: unknown): key is CryptoKey =>
  typeof key === 'object' && key !== null && typeof (key as CryptoKey).algorithm === 'object' && 'usages' in key

function checkRsaCryptoKey(key: CryptoKey, method: SignatureMethod, usage: 'sign' | 'verify'): void {
  const algorithm = key.algorithm as RsaHashedKeyAlgorithm
  const hash = hashOf(method).web
  if (algorithm.name !== 'RSASSA-PKCS1-v1_5' || algorithm.hash?.name !== hash || !key.usages.includes(usage)) {
    throw new OAuthError(
      'key_invalid',
      `The CryptoKey does not fit ${method}: import it as RSASSA-PKCS1-v1_5 with hash ${hash} for "${usage}"`,
    )
  }
}

function nodeRsaKey(key: string | CryptoKey, use: 'private' | 'public', preference: CryptoPreference): NodeKeyObject | undefined {
  const node = nodeCrypto(preference)
  if (!node) return undefined
  let keyObject: NodeKeyObject
  try {
    if (isCryptoKey(key)) keyObject = node.KeyObject.from(key)
    else {
      const { format, der } = readPemKey(key, use)
      keyObject =
        use === 'private'
          ? node.createPrivateKey({ key: der, format: 'der', type: format as 'pkcs8' })
          : node.createPublicKey({ key: der, format: 'der', type: format as 'spki' })
    }
  } catch (cause) {
    if (cause instanceof OAuthError) throw cause
    throw new OAuthError('key_invalid', `The ${use} key could not be read`, { cause })
  }
  if (keyObject.asymmetricKeyType !== 'rsa') {
    throw new OAuthError('key_invalid', `The ${use} key is not an RSA key (${keyObject.asymmetricKeyType ?? keyObject.type})`)
  }
  return keyObject
}

async function webRsaKey(key: string | CryptoKey, use: 'private' | 'public', method: SignatureMethod): Promise<CryptoKey> {
  const usage = use === 'private' ? 'sign' : 'verify'
  if (isCryptoKey(key)) {
    checkRsaCryptoKey(key, method, usage)
    return key
  }
  const { format, der } = readPemKey(key, use)
  try {
    return await subtleCrypto().importKey(format, der, { name: 'RSASSA-PKCS1-v1_5', hash: hashOf(method).web }, false, [usage])
  } catch (cause) {
    throw new OAuthError('key_invalid', `The ${use} key could not be read as an RSA key`, { cause })
  }
}

/**
 * Prepares a signing function for one signature method and one set of keys. The key is imported
 * once; the function is then called for every base string.
 *
 * @internal
 */
export function createSignFunction(keys: SignatureKeys): SignFunction {
  const method = keys.signatureMethod
  const preference = keys.crypto ?? 'auto'
  if (method === 'PLAINTEXT' || method.startsWith('HMAC-')) {
    const secret = (keys.signingKey ?? defaultSigningKey)(keys.consumerSecret ?? '', keys.tokenSecret ?? '')
    if (method === 'PLAINTEXT') return () => secret
    const hash = hashOf(method)
    const node = nodeCrypto(preference)
    if (node) return nodeHmac(node as NodeHmac, hash.node, secret)
    let key: Promise<CryptoKey> | undefined
    const importKey = (): Promise<CryptoKey> => {
      const raw = utf8(secret)
      // WebCrypto refuses a zero-length HMAC key; HMAC pads keys with zeros, so one zero byte is the same key.
      return subtleCrypto().importKey('raw', raw.length === 0 ? new Uint8Array(1) : raw, { name: 'HMAC', hash: hash.web }, false, ['sign'])
    }
    return async (baseString) => {
      key ??= importKey()
      return toBase64(new Uint8Array(await subtleCrypto().sign('HMAC', await key, utf8(baseString))))
    }
  }
  const privateKey = keys.privateKey
  if (privateKey === undefined || privateKey === '') {
    throw new OAuthError('invalid_options', `${method} needs a privateKey (PEM or CryptoKey)`)
  }
  const hash = hashOf(method)
  const nodeKey = nodeRsaKey(privateKey, 'private', preference)
  const node = nodeCrypto(preference)
  if (node && nodeKey) return (baseString) => toBase64(node.sign(hash.node, utf8(baseString), nodeKey))
  let key: Promise<CryptoKey> | undefined
  return async (baseString) => {
    key ??= webRsaKey(privateKey, 'private', method)
    const signature = await subtleCrypto().sign('RSASSA-PKCS1-v1_5', await key, utf8(baseString))
    return toBase64(new Uint8Array(signature))
  }
}

function assertMethod(method: unknown): asserts method is SignatureMethod {
  if (!isSignatureMethod(method)) {
    throw new OAuthError('invalid_options', `Unknown signature method ${JSON.stringify(String(method))}`)
  }
}

/**
 * Signs a signature base string (RFC 5849 3.4.2 to 3.4.4) and returns the signature before
 * percent-encoding: base64 for HMAC and RSA, the signing key itself for PLAINTEXT.
 *
 * @example
 * ```ts
 * import { computeSignature } from '@oauthkit/core'
 *
 * const signature = await computeSignature('GET&http%3A%2F%2Fexample.com%2F&a%3D1', {
 *   signatureMethod: 'HMAC-SHA1',
 *   consumerSecret: 'kd94hf93k423kf44',
 *   tokenSecret: 'pfkkdhi9sl3r4s00',
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
export async function computeSignature(baseString: string, keys: SignatureKeys): Promise<string> {
  assertMethod(keys.signatureMethod)
  return createSignFunction(keys)(baseString)
}

/**
 * Checks a signature over a base string. HMAC and PLAINTEXT signatures are recomputed and compared
 * in constant time; RSA signatures are verified with the consumer's public key.
 *
 * @example
 * ```ts
 * import { computeSignature, verifySignature } from '@oauthkit/core'
 *
 * const keys = { signatureMethod: 'HMAC-SHA256', consumerSecret: 'cs', tokenSecret: 'ts' } as const
 * const signature = await computeSignature('POST&https%3A%2F%2Fx.test%2F&', keys)
 * console.assert(await verifySignature('POST&https%3A%2F%2Fx.test%2F&', signature, keys))
 * ```
 */
export async function verifySignature(baseString: string, signature: string, keys: VerificationKeys): Promise<boolean> {
  const method = keys.signatureMethod
  assertMethod(method)
  if (!method.startsWith('RSA-')) {
    const { publicKey: _unused, ...signing } = keys
    const expected = await createSignFunction(signing)(baseString)
    return timingSafeEqual(expected, signature)
  }
  const publicKey = keys.publicKey
  if (publicKey === undefined || publicKey === '') {
    throw new OAuthError('key_invalid', `${method} needs the consumer's RSA public key`)
  }
  const bytes = fromBase64(signature)
  if (!bytes) return false
  const preference = keys.crypto ?? 'auto'
  const hash = hashOf(method)
  const nodeKey = nodeRsaKey(publicKey, 'public', preference)
  const node = nodeCrypto(preference)
  if (node && nodeKey) return node.verify(hash.node, utf8(baseString), nodeKey, bytes)
  const key = await webRsaKey(publicKey, 'public', method)
  return subtleCrypto().verify('RSASSA-PKCS1-v1_5', key, bytes, utf8(baseString))
}
