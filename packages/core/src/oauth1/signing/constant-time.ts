/**
 * Compares two strings in time that depends only on their lengths, not on where they differ.
 *
 * @example
 * ```ts
 * import { timingSafeEqual } from '@oauthkit/core/oauth1'
 *
 * console.assert(timingSafeEqual('abc', 'abc'))
 * console.assert(!timingSafeEqual('abc', 'abd'))
 * ```
 */
export function timingSafeEqual(a: string, b: string): boolean {
  // UTF-16 code units, not UTF-8 bytes: encoding costs more than comparing, and would make two lone
  // surrogates both U+FFFD, equal.
  const length = Math.max(a.length, b.length)
  let difference = a.length ^ b.length
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return difference === 0
}
