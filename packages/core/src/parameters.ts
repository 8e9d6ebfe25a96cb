import { percentEncode } from './percent-encode.ts'

/**
 * A parameter as a name/value pair. Parameters are ordered lists of pairs, never maps.
 *
 * @example
 * ```ts
 * import { normalizeParameters, type ParameterPair } from '@oauthkit/core'
 *
 * const pairs: ParameterPair[] = [['a', '1'], ['a', '2']]
 * console.assert(normalizeParameters(pairs) === 'a=1&a=2')
 * ```
 */
export type ParameterPair = readonly [name: string, value: string]

/**
 * Normalizes parameters for the signature base string (RFC 5849 3.4.1.3.2): every name and value
 * percent-encoded, sorted by encoded name and then by encoded value in byte order, joined as
 * `name=value` with `&`. Duplicate names are all kept.
 *
 * @example
 * ```ts
 * import { normalizeParameters } from '@oauthkit/core'
 *
 * const normalized = normalizeParameters([
 *   ['b', '2'],
 *   ['a', 'x y'],
 *   ['a', '1'],
 * ])
 * console.assert(normalized === 'a=1&a=x%20y&b=2')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.3.2
 */
export function normalizeParameters(pairs: Iterable<ParameterPair>): string {
  // Sorting "name\0value" orders by name first (NUL sorts before every encoded character, so a
  // name sorts before its own extensions) and then by value; encoded strings are ASCII, so
  // UTF-16 code unit order is byte order.
  const keys: string[] = []
  for (const [name, value] of pairs) keys.push(`${percentEncode(name)}\0${percentEncode(value)}`)
  keys.sort()
  return keys.join('&').replaceAll('\0', '=')
}

function decodeFormComponent(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw
  const spaced = raw.replaceAll('+', ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    // Malformed escapes: decode as a WHATWG server does (bad sequences kept, bad UTF-8 -> U+FFFD).
    for (const [name] of new URLSearchParams(`${raw}=`)) return name
    return spaced
  }
}

/**
 * Parses an `application/x-www-form-urlencoded` string (a query string without its `?`, or a
 * form body) into pairs, decoding as a server does: `+` is a space, `%XX` is UTF-8, a name
 * without `=` has the empty value, `=` inside a value stays, empty segments are skipped.
 *
 * @example
 * ```ts
 * import { parseForm } from '@oauthkit/core'
 *
 * const pairs = parseForm('q=a+b&x=a=b&a%5B%5D=1&flag')
 * console.assert(JSON.stringify(pairs) === '[["q","a b"],["x","a=b"],["a[]","1"],["flag",""]]')
 * ```
 */
export function parseForm(encoded: string): [string, string][] {
  const pairs: [string, string][] = []
  if (encoded === '') return pairs
  for (const segment of encoded.split('&')) {
    if (segment === '') continue
    const equals = segment.indexOf('=')
    if (equals === -1) pairs.push([decodeFormComponent(segment), ''])
    else pairs.push([decodeFormComponent(segment.slice(0, equals)), decodeFormComponent(segment.slice(equals + 1))])
  }
  return pairs
}

/**
 * Removes the segments whose decoded name is in `names` (or matches the predicate) from a
 * form-encoded string, keeping every other segment byte for byte. Returns the input itself when
 * nothing was removed. Only `oauth_*` names are ever removed.
 *
 * @internal
 */
export function removeFormParameters(encoded: string, names: ReadonlySet<string> | ((name: string) => boolean)): string {
  if (encoded === '' || !encoded.includes('oauth_')) return encoded
  const remove = typeof names === 'function' ? names : (name: string) => names.has(name)
  const kept: string[] = []
  let removed = false
  for (const segment of encoded.split('&')) {
    const equals = segment.indexOf('=')
    const name = decodeFormComponent(equals === -1 ? segment : segment.slice(0, equals))
    if (remove(name)) removed = true
    else kept.push(segment)
  }
  return removed ? kept.join('&') : encoded
}

/**
 * Serializes pairs the way RFC 5849 3.5.2 and 3.5.3 add protocol parameters to a query or body:
 * `name=value` with both percent-encoded (RFC 3986), joined with `&`.
 *
 * @internal
 */
export function serializePairs(pairs: Iterable<ParameterPair>): string {
  let out = ''
  for (const [name, value] of pairs) out += `${out === '' ? '' : '&'}${percentEncode(name)}=${percentEncode(value)}`
  return out
}
