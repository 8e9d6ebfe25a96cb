import { timingSafeEqual } from './constant-time.ts'
import { fromBase64, toBase64, utf8 } from './encoding.ts'
import { OAuthError } from './errors.ts'
import { readPemKey } from './keys.ts'
import type { CryptoPreference, NodeKeyObject } from './runtime.ts'
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
    if (node) return (baseString) => node.createHmac(hash.node, secret).update(baseString).digest('base64')
    let key: Promise<CryptoKey> | undefined
    return async (baseString) => {
      const raw = utf8(secret)
      // WebCrypto refuses a zero-length HMAC key; HMAC pads keys with zeros, so one zero byte is the same key.
      key ??= subtleCrypto().importKey('raw', raw.length === 0 ? new Uint8Array(1) : raw, { name: 'HMAC', hash: hash.web }, false, ['sign'])
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
