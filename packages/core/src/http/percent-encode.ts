// RFC 3986 unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~"): 1 in this table.
const UNRESERVED = new Uint8Array(128)
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') UNRESERVED[character.charCodeAt(0)] = 1
// The escape of every ASCII character, `%XX` with uppercase hex; and that escape encoded again.
const ESCAPES: readonly string[] = Array.from({ length: 128 }, (_, code) => `%${code.toString(16).toUpperCase().padStart(2, '0')}`)
const ESCAPES_TWICE: readonly string[] = ESCAPES.map((once) => `%25${once.slice(1)}`)
const SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g

function hexEscape(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase()}`
}

/** Non-ASCII text: UTF-8 through `encodeURIComponent`, lone surrogates as U+FFFD first. */
function encodeWithUtf8(value: string, twice: boolean): string {
  const wellFormed = typeof value.isWellFormed === 'function' && !value.isWellFormed() ? value.toWellFormed() : value
  const once = encodeURIComponent(wellFormed).replace(SUB_DELIMS_LEFT_BY_ENCODE_URI_COMPONENT, hexEscape)
  return twice ? once.replaceAll('%', '%25') : once
}

function encode(value: string, escapes: readonly string[]): string {
  // Most names and values are unreserved already: one scan, no copy.
  const length = value.length
  let i = 0
  while (i < length) {
    const code = value.charCodeAt(i)
    if (code >= 128 || UNRESERVED[code] === 0) break
    i++
  }
  if (i === length) return value
  // ASCII is escaped here; from the first non-ASCII character on (never the second half of a
  // surrogate pair: an ASCII character comes before it), UTF-8 comes from encodeURIComponent.
  let out = ''
  let start = 0
  for (; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 128) return out + value.slice(start, i) + encodeWithUtf8(value.slice(i), escapes === ESCAPES_TWICE)
    if (UNRESERVED[code] === 0) {
      out += value.slice(start, i) + (escapes[code] as string)
      start = i + 1
    }
  }
  return out + value.slice(start)
}

/**
 * Percent-encodes a string as RFC 5849 3.6 requires: UTF-8, every byte except the unreserved
 * characters `A-Z a-z 0-9 - . _ ~` as `%XX` with uppercase hex. Unlike `encodeURIComponent` it
 * encodes `! * ' ( )`. A lone surrogate becomes U+FFFD, as it does on the wire.
 *
 * @example
 * ```ts
 * import { percentEncode } from '@oauthkit/core/oauth1'
 *
 * console.assert(percentEncode("Ladies + Gentlemen!") === 'Ladies%20%2B%20Gentlemen%21')
 * console.assert(percentEncode('☃') === '%E2%98%83')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.6
 */
export function percentEncode(value: string): string {
  return encode(value, ESCAPES)
}

/**
 * `percentEncode(percentEncode(value))` in one pass: how a name or value appears in the last part
 * of a signature base string, where the normalized parameters are encoded once more.
 *
 * @internal
 */
export function percentEncodeTwice(value: string): string {
  return encode(value, ESCAPES_TWICE)
}

// The value of each ASCII hex digit; -1 for every other ASCII character.
const HEX_DIGITS = new Int8Array(128).fill(-1)
for (let digit = 0; digit < 16; digit++) {
  HEX_DIGITS[digit.toString(16).charCodeAt(0)] = digit
  HEX_DIGITS[digit.toString(16).toUpperCase().charCodeAt(0)] = digit
}

function hexDigit(code: number): number {
  return code < 128 ? (HEX_DIGITS[code] as number) : -1
}

/**
 * A name or value of a form-encoded string (`+` is a space, `%XX` a byte), decoded and then
 * encoded twice ({@link percentEncodeTwice}) in one pass, without building the decoded string.
 * Returns `undefined` when the text needs the full decoder: an escape of a byte above 0x7F (UTF-8),
 * a malformed escape, or a raw character outside ASCII.
 *
 * @internal
 */
export function formComponentEncodedTwice(raw: string): string | undefined {
  const length = raw.length
  let out = ''
  let start = 0
  for (let i = 0; i < length; i++) {
    const code = raw.charCodeAt(i)
    if (code < 128 && UNRESERVED[code] === 1) continue
    let replacement: string
    if (code === 0x2b) replacement = '%2520'
    else if (code === 0x25) {
      const high = i + 2 < length ? hexDigit(raw.charCodeAt(i + 1)) : -1
      const low = high === -1 ? -1 : hexDigit(raw.charCodeAt(i + 2))
      if (low === -1 || high >= 8) return undefined
      const byte = high * 16 + low
      replacement = UNRESERVED[byte] === 1 ? String.fromCharCode(byte) : (ESCAPES_TWICE[byte] as string)
      out += raw.slice(start, i) + replacement
      i += 2
      start = i + 1
      continue
    } else if (code < 128) replacement = ESCAPES_TWICE[code] as string
    else return undefined
    out += raw.slice(start, i) + replacement
    start = i + 1
  }
  return start === 0 ? raw : out + raw.slice(start)
}

/** The byte of the escape `%XX` at `at`, or -1 when there is none (a `%` without two hex digits). */
function escapedByte(text: string, at: number): number {
  if (text.charCodeAt(at) !== 0x25) return -1
  const high = hexDigit(text.charCodeAt(at + 1))
  const low = high === -1 ? -1 : hexDigit(text.charCodeAt(at + 2))
  return low === -1 ? -1 : high * 16 + low
}

/**
 * A name or value of a form-encoded string decoded as a WHATWG server decodes it, in one pass that
 * never throws: `+` is a space, a run of `%XX` escapes is UTF-8 with each ill-formed sequence one
 * U+FFFD, a `%` without two hex digits stays as it is. Valid input decodes as `decodeURIComponent`.
 *
 * @internal
 */
export function decodeFormComponent(raw: string): string {
  const text = raw.includes('+') ? raw.replaceAll('+', ' ') : raw
  let out = ''
  let copied = 0
  for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', at + 1)) {
    let byte = escapedByte(text, at)
    if (byte === -1) continue
    out += text.slice(copied, at)
    // Not TextDecoder: a call per run of escapes made a form of short non-ASCII fields parse 4 times
    // slower, and 1 MiB of `%E2=%80&` 8 times a benign MiB (hostile-cost.test.ts).
    // UTF-8 as the Encoding Standard decodes it: the bytes a sequence still needs and the range of
    // the next one; a sequence cut short is one U+FFFD, and the byte that cut it starts afresh.
    let needed = 0
    let codePoint = 0
    let lower = 0x80
    let upper = 0xbf
    for (;;) {
      if (needed > 0 && !(byte >= lower && byte <= upper)) {
        out += '\uFFFD'
        needed = 0
      }
      if (byte === -1) break
      at += 3
      if (needed > 0) {
        codePoint = (codePoint << 6) | (byte & 0x3f)
        lower = 0x80
        upper = 0xbf
        if (--needed === 0) out += String.fromCodePoint(codePoint)
      } else if (byte < 0x80) out += String.fromCharCode(byte)
      else if (byte >= 0xc2 && byte <= 0xf4) {
        needed = byte < 0xe0 ? 1 : byte < 0xf0 ? 2 : 3
        codePoint = byte & (0x3f >> needed)
        // No overlong forms, no surrogates, nothing above U+10FFFF.
        lower = byte === 0xe0 ? 0xa0 : byte === 0xf0 ? 0x90 : 0x80
        upper = byte === 0xed ? 0x9f : byte === 0xf4 ? 0x8f : 0xbf
      } else out += '\uFFFD'
      byte = escapedByte(text, at)
    }
    copied = at
  }
  return copied === 0 ? text : out + text.slice(copied)
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

/**
 * The application/x-www-form-urlencoded serializer of one value: space as `+`, everything but
 * `*-._` and alphanumerics percent-encoded as UTF-8.
 *
 * @internal
 */
export function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1)
}
