import { utf8 } from '../../http/encoding.ts'

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
  const left = utf8(a)
  const right = utf8(b)
  const length = Math.max(left.length, right.length)
  let difference = left.length ^ right.length
  for (let i = 0; i < length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0)
  return difference === 0
}
