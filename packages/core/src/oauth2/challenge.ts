import type { OAuth2Error } from '../errors/oauth2-error.ts'
import { serverError } from '../errors/oauth2-error.ts'
import { redactor } from '../errors/redact.ts'
import { isReadableChallenge } from '../http/challenge-limit.ts'

/**
 * A `WWW-Authenticate: Bearer` challenge of a resource server (RFC 6750 3): its `error`
 * (`invalid_request`, `invalid_token`, `insufficient_scope`), `error_description`, `error_uri`,
 * `scope` and `realm`, and every parameter by lowercase name.
 *
 * @example
 * ```ts
 * import { parseBearerChallenge, type BearerChallenge } from '@oauthkit/core/adapter'
 *
 * const challenge: BearerChallenge | undefined = parseBearerChallenge('Bearer realm="example", error="invalid_token"')
 * console.assert(challenge?.error === 'invalid_token')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export interface BearerChallenge {
  /** `realm`. */
  realm?: string | undefined
  /** `scope`: the scope the resource needs. */
  scope?: string | undefined
  /** `error`. */
  error?: string | undefined
  /** `error_description`. */
  error_description?: string | undefined
  /** `error_uri`. */
  error_uri?: string | undefined
  /** Every auth-param, by lowercase name. */
  params: Record<string, string>
}

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

interface Challenge {
  params: Record<string, string>
  token68?: string
}

/**
 * The first challenge of a `WWW-Authenticate` value (RFC 9110 11.6.1) whose scheme is `scheme`
 * (lowercase): its auth-params, token or quoted-string values (escapes undone), by lowercase name,
 * and its token68. Several challenges, in one value or joined from several headers with commas, are
 * scanned in one pass; the others are skipped without being kept.
 */
function findChallenge(value: string, scheme: string): Challenge | undefined {
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
      if (nameEnd - nameStart === scheme.length && value.slice(nameStart, nameEnd).toLowerCase() === scheme) found = { params: {} }
      const start = i
      if (start < failedRunEnd) continue
      while (i < n && isToken68(value.charCodeAt(i))) i++
      const runEnd = i
      while (value.charCodeAt(i) === EQUALS) i++
      const after = i
      i = blanksEnd(value, i)
      if (runEnd > start && (i >= n || value.charCodeAt(i) === COMMA) && !isTchar(value.charCodeAt(after))) {
        if (found !== undefined) found.token68 = value.slice(start, after)
      } else {
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
      i++ // closing quote
    } else {
      const from = i
      i = tcharsEnd(value, i)
      parameter = value.slice(from, i)
    }
    if (found !== undefined) found.params[value.slice(nameStart, nameEnd).toLowerCase()] = parameter
  }
  return found
}

/**
 * The `Bearer` challenge of a `WWW-Authenticate` header value, or `undefined` when it has none.
 * Other challenges in the same value (`Basic realm="…", Bearer error="…"`) are skipped. A value
 * longer than 8192 characters is not read: it has no challenge, as far as oauthkit is concerned.
 *
 * @example
 * ```ts
 * import { parseBearerChallenge } from '@oauthkit/core/adapter'
 *
 * const challenge = parseBearerChallenge('Basic realm="api", Bearer realm="api", error="insufficient_scope", scope="photos:write"')
 * console.assert(challenge?.scope === 'photos:write')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function parseBearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  if (header === null || header === undefined || header === '' || !isReadableChallenge(header)) return undefined
  const bearer = findChallenge(header, 'bearer')
  if (bearer === undefined) return undefined
  const { params } = bearer
  return {
    params,
    realm: params.realm,
    scope: params.scope,
    error: params.error,
    error_description: params.error_description,
    error_uri: params.error_uri,
  }
}

/**
 * The typed error of a resource server's answer with a `WWW-Authenticate: Bearer` challenge that
 * names an error (`invalid_token`, `insufficient_scope`, `invalid_request`), or `undefined`.
 * `secrets` are redacted from every text of the challenge.
 *
 * @internal
 */
export function challengeError(
  status: number,
  challenge: BearerChallenge | undefined,
  what: string,
  secrets: readonly (string | undefined)[],
): OAuth2Error | undefined {
  if (challenge?.error === undefined || challenge.error === '') return undefined
  const redact = redactor(secrets)
  const { scope, realm } = challenge
  return serverError(
    what,
    { error: challenge.error, description: challenge.error_description, uri: challenge.error_uri },
    { status, secrets, scope: scope === undefined ? undefined : redact(scope), realm: realm === undefined ? undefined : redact(realm) },
  )
}
