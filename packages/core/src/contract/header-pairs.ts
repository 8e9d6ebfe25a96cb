/**
 * A client's header record as name/value pairs, a `HeadersInit` the core reads without a `Headers`
 * copy: `undefined` and `null` left out, a list joined with `, `. A new list for each use (the
 * authorizer may keep its own).
 *
 * @example
 * ```ts
 * import { headerPairs } from '@oauthkit/core/adapter'
 *
 * const pairs = headerPairs({ accept: ['a/b', 'c/d'], 'x-skip': undefined, 'content-length': 3 })
 * console.assert(pairs.length === 2 && pairs[0]?.[1] === 'a/b, c/d')
 * ```
 */
export function headerPairs(headers: Readonly<Record<string, unknown>>): [string, string][] {
  const pairs: [string, string][] = []
  for (const name of Object.keys(headers)) {
    const value = headers[name]
    if (value !== undefined && value !== null) pairs.push([name, Array.isArray(value) ? value.join(', ') : String(value)])
  }
  return pairs
}
