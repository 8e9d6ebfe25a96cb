import { OAuthError } from '../../errors/errors.ts'
import { toBase64, utf8 } from '../../http/encoding.ts'
import type { RequestBody } from '../../http/request-body.ts'
import type { CryptoPreference } from '../../runtime.ts'
import { nodeCrypto, subtleCrypto } from '../../runtime.ts'

/**
 * The hash of `oauth_body_hash`. The OAuth Request Body Hash extension ties it to the signature
 * method; implementations disagree (oauthlib always uses SHA-1), so oauthkit uses SHA-1 unless
 * told otherwise.
 *
 * @example
 * ```ts
 * import type { BodyHashAlgorithm } from '@oauthkit/core'
 *
 * const algorithm: BodyHashAlgorithm = 'SHA-256'
 * ```
 */
export type BodyHashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-512'

async function bodyBytes(body: RequestBody | undefined): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (body === null || body === undefined) return new Uint8Array(0)
  if (typeof body === 'string') return utf8(body)
  if (body instanceof URLSearchParams) return utf8(body.toString())
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength).slice()
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer())
  return undefined
}

/**
 * Computes `oauth_body_hash` for a request body: the base64 digest of its bytes (the empty string
 * for no body). A `FormData` or stream body cannot be hashed before the client serialises it, and
 * gives an {@link OAuthError} with code `body_unreadable`.
 *
 * @example
 * ```ts
 * import { computeBodyHash } from '@oauthkit/core/oauth1'
 *
 * console.assert((await computeBodyHash('Hello World!')) === 'Lve95gjOVATpfV8EL5X4nxwjKHE=')
 * ```
 * @see https://datatracker.ietf.org/doc/html/draft-eaton-oauth-bodyhash-00
 */
export async function computeBodyHash(
  body: RequestBody | undefined,
  algorithm: BodyHashAlgorithm = 'SHA-1',
  preference: CryptoPreference = 'auto',
): Promise<string> {
  const bytes = await bodyBytes(body)
  if (bytes === undefined) {
    const kind = typeof FormData !== 'undefined' && body instanceof FormData ? 'FormData' : 'stream'
    throw new OAuthError(
      'body_unreadable',
      `Cannot compute oauth_body_hash over a ${kind} body; send bytes or a string, or turn bodyHash off`,
    )
  }
  const node = nodeCrypto(preference)
  if (node) return node.createHash(algorithm.replace('-', '').toLowerCase()).update(bytes).digest('base64')
  return toBase64(new Uint8Array(await subtleCrypto().digest(algorithm, bytes)))
}
