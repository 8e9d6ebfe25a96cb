// RSASSA-PKCS1-v1_5 signatures (RSA-SHA1, RSA-SHA256, RSA-SHA512). Loaded on first use (see
// signature.ts): bundles that sign with HMAC or PLAINTEXT carry none of it.

import { OAuthError } from '../../errors/errors.ts'
import { fromBase64, toBase64, utf8 } from '../../http/encoding.ts'
import type { CryptoPreference, NodeKeyObject } from '../../runtime.ts'
import { nodeCrypto, subtleCrypto } from '../../runtime.ts'
import { readPemKey } from './keys.ts'
import type { SignatureMethod } from './signature-method.ts'
import { hashOf } from './signature-method.ts'

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
 * Reads a private key and returns the function that signs base strings with it: on Node's crypto
 * where it exists and `preference` allows, else on WebCrypto. A key that cannot be read, or is not
 * an RSA key, is a `key_invalid` error that names the PEM label found, never key material.
 *
 * @internal
 */
export async function rsaSignFunction(
  privateKey: string | CryptoKey,
  method: SignatureMethod,
  preference: CryptoPreference,
): Promise<(baseString: string) => string | Promise<string>> {
  const hash = hashOf(method)
  const node = nodeCrypto(preference)
  const nodeKey = nodeRsaKey(privateKey, 'private', preference)
  if (node && nodeKey) return (baseString) => toBase64(node.sign(hash.node, utf8(baseString), nodeKey))
  const key = await webRsaKey(privateKey, 'private', method)
  return async (baseString) => toBase64(new Uint8Array(await subtleCrypto().sign('RSASSA-PKCS1-v1_5', key, utf8(baseString))))
}

/**
 * Verifies an RSA signature (base64) over a base string with the consumer's public key.
 *
 * @internal
 */
export async function verifyRsaSignature(
  baseString: string,
  signature: string,
  publicKey: string | CryptoKey,
  method: SignatureMethod,
  preference: CryptoPreference,
): Promise<boolean> {
  const bytes = fromBase64(signature)
  if (!bytes) return false
  const hash = hashOf(method)
  const nodeKey = nodeRsaKey(publicKey, 'public', preference)
  const node = nodeCrypto(preference)
  if (node && nodeKey) return node.verify(hash.node, utf8(baseString), nodeKey, bytes)
  const key = await webRsaKey(publicKey, 'public', method)
  return subtleCrypto().verify('RSASSA-PKCS1-v1_5', key, bytes, utf8(baseString))
}
