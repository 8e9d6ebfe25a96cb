import { OAuthError } from '../../errors/errors.ts'
import { toBase64, utf8 } from '../../http/encoding.ts'
import type { CryptoPreference } from '../../runtime.ts'
import { nodeCrypto, subtleCrypto } from '../../runtime.ts'
import { timingSafeEqual } from './constant-time.ts'
import type { SignatureMethod, SigningKeyStrategy } from './signature-method.ts'
import { hashOf, isSignatureMethod, signingKeyOf } from './signature-method.ts'

/**
 * The keys {@link computeSignature} needs; which ones depends on the signature method.
 *
 * @example
 * ```ts
 * import { computeSignature, type SignatureKeys } from '@oauthkit/core/oauth1'
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
 * import { verifySignature, type VerificationKeys } from '@oauthkit/core/oauth1'
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

/**
 * A module of its own, imported on its first use and then kept: a dynamic `import()` asks the
 * module loader again on every call, which a verification paid on every request. One that failed
 * to load (a network error fetching a chunk) is tried again on the next call.
 */
function loadOnce<Module>(importModule: () => Promise<Module>): () => Promise<Module> {
  let loading: Promise<Module> | undefined
  return () =>
    (loading ??= importModule().catch((error: unknown) => {
      loading = undefined
      throw error
    }))
}

// Pure: a bundle that never asks for one of them (a signer, for recent-hmac.ts) does not carry it.
const nodeHmacModule = /* @__PURE__ */ loadOnce(() => import('./node-hmac.ts'))
/** recent-hmac.ts once loaded: a verification then waits for no turn of the event loop to use it. */
let recentHmac: typeof import('./recent-hmac.ts') | undefined
const recentHmacModule = /* @__PURE__ */ loadOnce(() => import('./recent-hmac.ts').then((module) => (recentHmac = module)))
const rsaModule = /* @__PURE__ */ loadOnce(() => import('./rsa.ts'))

/**
 * A signing function whose implementation, a module of its own, is loaded on its first call: a
 * bundle that never signs that way (RSA in a browser app, Node's crypto anywhere but on Node) does
 * not carry it. A key that cannot be read fails that call and every later one.
 */
function loadedOnFirstUse(load: () => Promise<SignFunction>): SignFunction {
  let ready: SignFunction | undefined
  let loading: Promise<SignFunction> | undefined
  return (baseString) => {
    if (ready !== undefined) return ready(baseString)
    loading ??= load().then(
      (sign) => (ready = sign),
      (error: unknown) => {
        // A key that cannot be read stays unreadable; a module that failed to load (a network
        // error fetching a chunk) is tried again on the next call.
        if (!(error instanceof OAuthError)) loading = undefined
        throw error
      },
    )
    return loading.then((sign) => sign(baseString))
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
  if (method.startsWith('RSA-')) {
    const privateKey = keys.privateKey
    if (privateKey === undefined || privateKey === '') {
      throw new OAuthError('invalid_options', `${method} needs a privateKey (PEM or CryptoKey)`)
    }
    return loadedOnFirstUse(async () => (await rsaModule()).rsaSignFunction(privateKey, method, preference))
  }
  const secret = signingKeyOf(keys)
  if (method === 'PLAINTEXT') return () => secret
  const hash = hashOf(method)
  const node = nodeCrypto(preference)
  if (node) return loadedOnFirstUse(async () => (await nodeHmacModule()).nodeHmac(node, hash.node, secret))
  let key: Promise<CryptoKey> | undefined
  return async (baseString) => {
    // WebCrypto refuses a zero-length HMAC key; HMAC pads keys with zeros, so one zero byte is the same key.
    key ??= subtleCrypto().importKey('raw', utf8(secret || '\0'), { name: 'HMAC', hash: hash.web }, false, ['sign'])
    return toBase64(new Uint8Array(await subtleCrypto().sign('HMAC', await key, utf8(baseString))))
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
 * import { computeSignature } from '@oauthkit/core/oauth1'
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
 * import { computeSignature, verifySignature } from '@oauthkit/core/oauth1'
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
    const node = method === 'PLAINTEXT' ? undefined : nodeCrypto(keys.crypto ?? 'auto')
    // A server verifies with the same few keys again and again; recent-hmac.ts keeps the last ones prepared.
    const expected = node
      ? (recentHmac ?? (await recentHmacModule())).recentNodeHmac(node, hashOf(method).node, signingKeyOf(keys))(baseString)
      : await createSignFunction(keys)(baseString)
    return timingSafeEqual(expected, signature)
  }
  const publicKey = keys.publicKey
  if (publicKey === undefined || publicKey === '') {
    throw new OAuthError('key_invalid', `${method} needs the consumer's RSA public key`)
  }
  return (await rsaModule()).verifyRsaSignature(baseString, signature, publicKey, method, keys.crypto ?? 'auto')
}
