import { OAuthProblemError } from '../../errors/problem-error.ts'
import type { ParameterPair } from '../../http/parameters.ts'
import { percentDecodeStrict, percentEncode } from '../../http/percent-encode.ts'
import { quoteRealm } from './realm.ts'

/**
 * Formats the `Authorization` header of RFC 5849 3.5.1: `OAuth`, then `realm` first when there is
 * one, then each protocol parameter as `name="percent-encoded value"`, separated by `, `.
 *
 * @example
 * ```ts
 * import { formatAuthorizationHeader } from '@oauthkit/core/oauth1'
 *
 * const header = formatAuthorizationHeader([['oauth_consumer_key', 'key'], ['oauth_signature', 'a+b=']], 'Photos')
 * console.assert(header === 'OAuth realm="Photos", oauth_consumer_key="key", oauth_signature="a%2Bb%3D"')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function formatAuthorizationHeader(parameters: Iterable<ParameterPair>, realm?: string): string {
  let header = realm === undefined ? 'OAuth ' : `OAuth realm=${quoteRealm(realm)}`
  let first = realm === undefined
  for (const [name, value] of parameters) {
    header += `${first ? '' : ', '}${percentEncode(name)}="${percentEncode(value)}"`
    first = false
  }
  return header
}

/**
 * The parameters of an `OAuth` Authorization header.
 *
 * @example
 * ```ts
 * import { parseAuthorizationHeader, type ParsedAuthorizationHeader } from '@oauthkit/core/oauth1'
 *
 * const parsed: ParsedAuthorizationHeader | undefined = parseAuthorizationHeader('OAuth realm="r", oauth_token="t"')
 * ```
 */
export interface ParsedAuthorizationHeader {
  /** The realm, unquoted, when the header has one. */
  realm?: string
  /** Every other parameter, percent-decoded, in header order. */
  parameters: [string, string][]
}

// A token (RFC 9110 5.6.2), matched where the parser stands.
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]*/y

/**
 * The quoted string (RFC 9110 5.6.4) whose opening quote is at `start`, unescaped, and the index
 * after its closing quote; `undefined` when it has none. `nextBackslash(from)` is the first backslash
 * at or after `from` (-1 for none): the parser remembers it, so each character is looked at once or
 * twice over the whole header.
 */
function quotedString(text: string, start: number, nextBackslash: (from: number) => number): [value: string, end: number] | undefined {
  let value = ''
  let from = start + 1
  let quote = text.indexOf('"', from)
  while (quote !== -1) {
    const backslash = nextBackslash(from)
    if (backslash === -1 || backslash > quote) return [value + text.slice(from, quote), quote + 1]
    // A backslash escapes the next character, which may be the quote found.
    value += text.slice(from, backslash) + text[backslash + 1]
    from = backslash + 2
    if (quote < from) quote = text.indexOf('"', from)
  }
  return undefined
}

function rejected(message: string): OAuthProblemError {
  return new OAuthProblemError('parameter_rejected', `Malformed OAuth Authorization header: ${message}`)
}

/**
 * Parses an `Authorization: OAuth …` header value. Returns `undefined` when the scheme is not
 * `OAuth`; throws an {@link OAuthProblemError} with code `parameter_rejected` when the header is
 * malformed. Values are unquoted and percent-decoded; `realm` is unquoted only.
 *
 * @example
 * ```ts
 * import { parseAuthorizationHeader } from '@oauthkit/core/oauth1'
 *
 * const parsed = parseAuthorizationHeader('OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03"')
 * console.assert(parsed?.realm === 'Photos')
 * console.assert(parsed?.parameters[0]?.[1] === 'dpf43f3p2l4k3l03')
 * ```
 */
export function parseAuthorizationHeader(value: string): ParsedAuthorizationHeader | undefined {
  const scheme = /^\s*OAuth(?:\s+|$)/i.exec(value)
  if (!scheme) return undefined
  const result: ParsedAuthorizationHeader = { parameters: [] }
  const text = value
  // The next backslash, found again only once the parser has passed it: one scan of the header in all.
  let backslash = text.indexOf('\\')
  const nextBackslash = (from: number): number => {
    if (backslash !== -1 && backslash < from) backslash = text.indexOf('\\', from)
    return backslash
  }
  let i = scheme[0].length
  const skipSpaces = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++
  }
  const token = (): string => {
    TOKEN.lastIndex = i
    const found = (TOKEN.exec(text) as RegExpExecArray)[0]
    i += found.length
    return found
  }
  while (i < text.length) {
    skipSpaces()
    if (text[i] === ',') {
      i++
      continue
    }
    if (i >= text.length) break
    const name = token()
    if (name === '') throw rejected(`unexpected character at position ${i}`)
    skipSpaces()
    if (text[i] !== '=') throw rejected(`parameter "${name}" has no value`)
    i++
    skipSpaces()
    let raw: string
    if (text[i] === '"') {
      const quoted = quotedString(text, i, nextBackslash)
      if (quoted === undefined) throw rejected(`the value of "${name}" has no closing quote`)
      ;[raw, i] = quoted
    } else raw = token()
    if (name.length === 5 && name.toLowerCase() === 'realm') {
      result.realm = raw
    } else {
      const decodedName = percentDecodeStrict(name)
      const decodedValue = percentDecodeStrict(raw)
      if (decodedName === undefined || decodedValue === undefined) throw rejected(`bad percent-encoding in "${name}"`)
      result.parameters.push([decodedName, decodedValue])
    }
    skipSpaces()
    if (i < text.length && text[i] !== ',') throw rejected(`expected "," after "${name}"`)
  }
  return result
}
