import { decodeFormComponent, formComponentEncodedTwice, percentEncode, percentEncodeTwice } from './percent-encode.ts'
import type { RequestBody } from './request-body.ts'

/**
 * A parameter as a name/value pair. Parameters are ordered lists of pairs, never maps.
 *
 * @example
 * ```ts
 * import { normalizeParameters, type ParameterPair } from '@oauthkit/core/oauth1'
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
 * import { normalizeParameters } from '@oauthkit/core/oauth1'
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
  return sortedParameterKeys(pairs).join('&').replaceAll('\0', '=')
}

// Sorting "name\0value" orders by name first (NUL sorts before every encoded character, so a name
// sorts before its own extensions) and then by value; encoded strings are ASCII, so UTF-16 code
// unit order is byte order.
function sortedParameterKeys(pairs: Iterable<ParameterPair>): string[] {
  const keys: string[] = []
  for (const pair of pairs) keys.push(`${percentEncode(pair[0])}\0${percentEncode(pair[1])}`)
  return keys.sort()
}

/**
 * The signed parameters of a base string as they appear in its last part: every name and value
 * percent-encoded twice (once to normalize it, once more as part of the base string), in two
 * parallel lists. Encoding twice keeps the order of encoding once: `%` sorts before every
 * unreserved character, and `%XX` becomes `%25XX`.
 *
 * @internal
 */
export interface EncodedParameters {
  names: string[]
  values: string[]
}

/** Above this many parameters, sorting builds one key per pair and sorts natively. */
const INSERTION_SORT_LIMIT = 32

/**
 * Sorts {@link EncodedParameters} by name, then value, and joins them as the last part of the
 * base string: `percentEncode(normalizeParameters(pairs))`.
 *
 * @internal
 */
export function joinEncodedParameters({ names, values }: EncodedParameters): string {
  const count = names.length
  if (count > INSERTION_SORT_LIMIT) {
    const keys = names.map((name, i) => `${name}\0${values[i] as string}`).sort()
    return keys.join('%26').replaceAll('\0', '%3D')
  }
  for (let i = 1; i < count; i++) {
    const name = names[i] as string
    const value = values[i] as string
    let j = i - 1
    for (; j >= 0; j--) {
      const other = names[j] as string
      if (other < name || (other === name && (values[j] as string) <= value)) break
      names[j + 1] = other
      values[j + 1] = values[j] as string
    }
    names[j + 1] = name
    values[j + 1] = value
  }
  let out = ''
  for (let i = 0; i < count; i++) out += `${i === 0 ? '' : '%26'}${names[i] as string}%3D${values[i] as string}`
  return out
}

/**
 * How many parameters (non-empty segments) a form-encoded string has, counting no further than
 * `limit + 1`: a scan for `&` that decodes nothing.
 *
 * @internal
 */
export function countFormParameters(encoded: string, limit: number): number {
  let count = 0
  for (let start = 0; start < encoded.length && count <= limit; ) {
    // An empty segment costs one step, not a search.
    if (encoded.charCodeAt(start) === 0x26) {
      start++
      continue
    }
    count++
    const end = encoded.indexOf('&', start)
    start = end === -1 ? encoded.length : end + 1
  }
  return count
}

/**
 * Parses an `application/x-www-form-urlencoded` string (a query string without its `?`, or a
 * form body) into pairs, decoding as a server does: `+` is a space, `%XX` is UTF-8, a name
 * without `=` has the empty value, `=` inside a value stays, empty segments are skipped. Malformed
 * escapes are decoded as a WHATWG server decodes them (a lone `%` stays, bad UTF-8 is U+FFFD), in
 * time linear in the length, never throwing.
 *
 * @example
 * ```ts
 * import { parseForm } from '@oauthkit/core/oauth1'
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

function encodedTwice(raw: string): string {
  return formComponentEncodedTwice(raw) ?? percentEncodeTwice(decodeFormComponent(raw))
}

/**
 * Adds every pair of a form-encoded string (decoded as {@link parseForm} decodes it) to
 * {@link EncodedParameters}, leaving out pairs named `skip` (an unreserved name).
 *
 * @internal
 */
export function addFormParameters(encoded: string, into: EncodedParameters, skip?: string): void {
  // `skip` is unreserved, so comparing it with the name encoded twice is comparing the names.
  const length = encoded.length
  // The next `=` at or after the segment's start; -1 once there is none (so the scan is linear).
  let equals = length === 0 ? -1 : encoded.indexOf('=')
  let start = 0
  while (start < length) {
    let end = encoded.indexOf('&', start)
    if (end === -1) end = length
    if (end > start) {
      if (equals !== -1 && equals < start) equals = encoded.indexOf('=', start)
      const hasValue = equals !== -1 && equals < end
      const name = encodedTwice(encoded.slice(start, hasValue ? equals : end))
      if (name !== skip) {
        into.names.push(name)
        into.values.push(hasValue ? encodedTwice(encoded.slice(equals + 1, end)) : '')
      }
    }
    start = end + 1
  }
}

/**
 * Removes the segments whose decoded name `remove` matches from a form-encoded string, keeping
 * every other segment byte for byte. Returns the input itself when nothing was removed.
 *
 * @internal
 */
export function removeFormParameters(encoded: string, remove: (name: string) => boolean): string {
  const kept: string[] = []
  let removed = false
  for (const segment of encoded.split('&')) {
    const equals = segment.indexOf('=')
    if (remove(decodeFormComponent(equals === -1 ? segment : segment.slice(0, equals)))) removed = true
    else kept.push(segment)
  }
  return removed ? kept.join('&') : encoded
}

/**
 * Removes the parameters `remove` matches from the query of `url` (in place) and, when `form`, from
 * the form body. Only a text that contains `prefix` (a part of every name removed) is looked at,
 * as the signer's own parameters of an earlier attempt are written; `thorough` looks at any text
 * with an escape too (`oauth%5Ftoken` is `oauth_token`), for credentials on their way to another
 * origin. Returns the body, the same one
 * when nothing was removed from it.
 *
 * @internal
 */
export function removeRequestParameters(
  url: URL,
  body: RequestBody | null,
  form: boolean,
  prefix: string,
  remove: (name: string) => boolean,
  thorough = false,
): RequestBody | null {
  const mayHave = (text: string): boolean => text.includes(prefix) || (thorough && text.includes('%'))
  const query = url.search.slice(1)
  if (mayHave(query)) {
    const clean = removeFormParameters(query, remove)
    if (clean !== query) url.search = clean
  }
  if (!form) return body
  const text = formText(body as RequestBody)
  const clean = mayHave(text) ? removeFormParameters(text, remove) : text
  return clean === text ? body : clean
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

const utf8 = new TextDecoder()

/**
 * The text of a form body: a string as it is, `URLSearchParams` serialized, bytes (what axios and got
 * hold after serializing) decoded as UTF-8.
 *
 * @internal
 */
export function formText(body: RequestBody): string {
  if (typeof body === 'string') return body
  return body instanceof ArrayBuffer || ArrayBuffer.isView(body) ? utf8.decode(body) : String(body)
}
