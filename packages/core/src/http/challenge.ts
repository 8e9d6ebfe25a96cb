/**
 * The longest `WWW-Authenticate` value read, in characters. Real challenges are a few hundred; a
 * longer value is treated as carrying no challenge, so that no response can make a client scan more
 * than this on a refusal.
 *
 * @internal
 */
export const MAX_CHALLENGE_LENGTH = 8192

// The characters of a token (tchar) and of a token68 (RFC 9110 5.6.2, 11.2), by char code.
const TCHAR = 1
const TOKEN68 = 2
const CLASSES = new Uint8Array(128)
for (const character of "!#$%&'*^`|") CLASSES[character.charCodeAt(0)] = TCHAR
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+')
  CLASSES[character.charCodeAt(0)] = TCHAR | TOKEN68
CLASSES['/'.charCodeAt(0)] = TOKEN68
const EQUALS = 0x3d
const COMMA = 0x2c
const QUOTE = 0x22
const BACKSLASH = 0x5c

const isTchar = (code: number): boolean => code < 128 && ((CLASSES[code] ?? 0) & TCHAR) !== 0
const isToken68 = (code: number): boolean => code < 128 && ((CLASSES[code] ?? 0) & TOKEN68) !== 0
const isBlank = (code: number): boolean => code === 0x20 || code === 0x09
const isSpaceOrComma = (code: number): boolean =>
  code === COMMA || code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code > 0x7f && /\s/.test(String.fromCharCode(code)))

// Each class its own loop, and the index passed in and out: a loop that sees one test, on a local
// index, keeps a scan of many short tokens within a few times what one long quoted string costs.
function tcharsEnd(value: string, i: number): number {
  while (i < value.length && isTchar(value.charCodeAt(i))) i++
  return i
}
function blanksEnd(value: string, i: number): number {
  while (i < value.length && isBlank(value.charCodeAt(i))) i++
  return i
}

/**
 * One challenge of a `WWW-Authenticate` value (RFC 9110 11.6.1).
 *
 * @internal
 */
export interface Challenge {
  /** Its auth-params in order: lowercase name, value (a quoted string's escapes undone). */
  params: [string, string][]
  /** Set when a quoted string of it has no closing quote (what it holds was read to the end). */
  unterminated?: true
}

/**
 * The first challenge of a `WWW-Authenticate` value (RFC 9110 11.6.1) whose scheme is `scheme`
 * (lowercase): its auth-params, token or quoted-string values (escapes undone), by lowercase name. Several challenges, in one value or joined from several headers with commas, are
 * scanned in one pass; the others are skipped without being kept. A value longer than
 * {@link MAX_CHALLENGE_LENGTH} has none. Problem reporting (`OAuth`) and bearer challenges both read
 * theirs here.
 *
 * @internal
 */
export function findChallenge(value: string, scheme: string): Challenge | undefined {
  // Over the cap, not even scanned: a client reading a refusal scans at most this much.
  if (value.length > MAX_CHALLENGE_LENGTH) return undefined
  // Not over the cap: never 'too-long'.
  return readChallenge(value, scheme) as Challenge | undefined
}

/**
 * {@link findChallenge}, telling apart a value too long to read that has a challenge of `scheme`
 * (`'too-long'`, its auth-params not read) from one that has none: a reader that takes either a
 * header or a form body must not read such a header as a form.
 *
 * @internal
 */
export function readChallenge(value: string, scheme: string): Challenge | 'too-long' | undefined {
  // Over the cap, only whether a challenge of `scheme` is there is found; nothing of it is kept.
  const tooLong = value.length > MAX_CHALLENGE_LENGTH
  let found: Challenge | undefined
  // Where the run of token68 characters of the last token68 that failed ends: one tried again from
  // inside that run ends there too, and fails the same way (`b/b/…!`: trying at each `b` is quadratic).
  let failedRunEnd = -1
  let i = 0
  const n = value.length
  while (i < n) {
    while (i < n && isSpaceOrComma(value.charCodeAt(i))) i++
    if (i >= n) break
    const nameStart = i
    i = tcharsEnd(value, i)
    if (i === nameStart) {
      i++ // not a token: skip it
      continue
    }
    const nameEnd = i
    i = blanksEnd(value, i)
    if (value.charCodeAt(i) !== EQUALS) {
      // A new challenge: its scheme, then perhaps a token68. The one found ends here.
      if (found !== undefined) return found
      if (nameEnd - nameStart === scheme.length && value.slice(nameStart, nameEnd).toLowerCase() === scheme) {
        if (tooLong) return 'too-long'
        found = { params: [] }
      }
      const start = i
      if (start < failedRunEnd) continue
      while (i < n && isToken68(value.charCodeAt(i))) i++
      const runEnd = i
      while (value.charCodeAt(i) === EQUALS) i++
      const after = i
      i = blanksEnd(value, i)
      // A token68 is passed over (neither problem reports nor bearer challenges carry one); what is
      // not one is read again from its start, as auth-params.
      const isToken68Value = runEnd > start && (i >= n || value.charCodeAt(i) === COMMA) && !isTchar(value.charCodeAt(after))
      if (!isToken68Value) {
        failedRunEnd = runEnd
        i = start
      }
      continue
    }
    i++ // '='
    i = blanksEnd(value, i)
    let parameter = ''
    if (value.charCodeAt(i) === QUOTE) {
      let from = ++i
      while (i < n && value.charCodeAt(i) !== QUOTE) {
        if (value.charCodeAt(i) === BACKSLASH && i + 1 < n) {
          parameter += value.slice(from, i)
          from = ++i
        }
        i++
      }
      parameter += value.slice(from, i)
      if (i >= n && found !== undefined) found.unterminated = true
      i++ // closing quote
    } else {
      const from = i
      i = tcharsEnd(value, i)
      parameter = value.slice(from, i)
    }
    if (found !== undefined) found.params.push([value.slice(nameStart, nameEnd).toLowerCase(), parameter])
  }
  return found
}
