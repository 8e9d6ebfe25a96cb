const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/
const SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g

function hexEscape(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase()}`
}

/**
 * Percent-encodes a string as RFC 5849 3.6 requires: UTF-8, every byte except the unreserved
 * characters `A-Z a-z 0-9 - . _ ~` as `%XX` with uppercase hex. Unlike `encodeURIComponent` it
 * encodes `! * ' ( )`. A lone surrogate becomes U+FFFD, as it does on the wire.
 *
 * @example
 * ```ts
 * import { percentEncode } from '@oauthkit/core'
 *
 * console.assert(percentEncode("Ladies + Gentlemen!") === 'Ladies%20%2B%20Gentlemen%21')
 * console.assert(percentEncode('☃') === '%E2%98%83')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */
export function percentEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value
  const wellFormed = typeof value.isWellFormed === 'function' && !value.isWellFormed() ? value.toWellFormed() : value
  return encodeURIComponent(wellFormed).replace(SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT, hexEscape)
}

/**
 * Decodes `%XX` sequences (UTF-8). Unlike form decoding, `+` stays a plus sign. Returns
 * `undefined` for a malformed sequence, so the caller decides how to report it.
 *
 * @internal
 */
export function percentDecodeStrict(value: string): string | undefined {
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}
