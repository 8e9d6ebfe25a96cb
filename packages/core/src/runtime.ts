/**
 * The one place that looks at the runtime. oauthkit speaks Web APIs everywhere; where Node's own
 * crypto module is there (Node, Bun, Deno, workerd with nodejs_compat), it is used for speed,
 * reached without an import so that bundles for browsers and workers never reference it.
 */

/** @internal The part of `node:crypto` that oauthkit uses. */
export interface NodeCrypto {
  createHmac(algorithm: string, key: string | Uint8Array): NodeHash
  createHash(algorithm: string): NodeHash
  /** The one-shot hash of Node 20.12 and later. */
  hash?(algorithm: string, data: Uint8Array, outputEncoding: 'latin1' | 'base64'): string
  createPrivateKey(key: string | { key: Uint8Array; format: 'der'; type: 'pkcs8' | 'pkcs1' }): NodeKeyObject
  createPublicKey(key: string | { key: Uint8Array; format: 'der'; type: 'spki' | 'pkcs1' }): NodeKeyObject
  sign(algorithm: string, data: Uint8Array, key: NodeKeyObject): Uint8Array
  verify(algorithm: string, data: Uint8Array, key: NodeKeyObject, signature: Uint8Array): boolean
  KeyObject: { from(key: CryptoKey): NodeKeyObject }
}

/** @internal A Node `Hash` or `Hmac`. */
export interface NodeHash {
  update(data: string | Uint8Array): NodeHash
  digest(encoding: 'base64'): string
}

/** @internal A Node `KeyObject`. */
export interface NodeKeyObject {
  readonly type: string
  readonly asymmetricKeyType?: string
}

/**
 * Which crypto implementation to use: Node's where it exists (`'auto'`), or always WebCrypto.
 *
 * @example
 * ```ts
 * import { oauth1, type CryptoPreference } from '@oauthkit/core'
 *
 * const crypto: CryptoPreference = 'webcrypto'
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', crypto })
 * ```
 */
export type CryptoPreference = 'auto' | 'webcrypto'

let probed = false
let nodeCryptoModule: NodeCrypto | undefined

/**
 * Node's crypto module when the runtime has one and `preference` allows it.
 *
 * @internal
 */
export function nodeCrypto(preference: CryptoPreference = 'auto'): NodeCrypto | undefined {
  if (preference === 'webcrypto') return undefined
  if (!probed) {
    probed = true
    try {
      const processObject = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
      if (typeof processObject?.getBuiltinModule === 'function') {
        nodeCryptoModule = processObject.getBuiltinModule('node:crypto') as NodeCrypto | undefined
      }
    } catch {
      nodeCryptoModule = undefined
    }
  }
  return nodeCryptoModule
}

/**
 * WebCrypto's `SubtleCrypto`.
 *
 * @internal
 */
export function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) throw new TypeError('WebCrypto (crypto.subtle) is not available in this runtime')
  return subtle
}

/**
 * Whether `fetch(…, { redirect: 'manual' })` shows the redirect response (status and `Location`), so
 * that an adapter can follow redirects itself and sign each hop. True in Node, Deno, Bun and edge
 * workers — in Node also under a DOM emulation such as jsdom, whose `document` does not change
 * Node's fetch; false in browser pages and workers (Electron's and NW.js's pages included), where a
 * manual redirect is opaque and the browser must follow it.
 *
 * @example
 * ```ts
 * import { canFollowRedirectsManually } from '@oauthkit/core/adapter'
 *
 * const redirect: RequestRedirect = canFollowRedirectsManually() ? 'manual' : 'follow'
 * ```
 */
export function canFollowRedirectsManually(): boolean {
  const scope = globalThis as { document?: unknown; importScripts?: unknown; process?: { versions?: Record<string, unknown> } }
  const versions = scope.process?.versions
  if (typeof versions?.node === 'string' && versions.electron === undefined && versions.nw === undefined) return true
  return scope.document === undefined && typeof scope.importScripts !== 'function'
}
