import { redactor } from '../redact.ts'
import type { OAuth2Error } from './oauth2-error.ts'
import { serverError } from './oauth2-error.ts'

/**
 * A `WWW-Authenticate: Bearer` challenge of a resource server (RFC 6750 3): its `error`
 * (`invalid_request`, `invalid_token`, `insufficient_scope`), `error_description`, `error_uri`,
 * `scope` and `realm`, and every parameter by lowercase name.
 *
 * @example
 * ```ts
 * import { parseBearerChallenge, type BearerChallenge } from '@oauthkit/core'
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

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const TOKEN68 = /[A-Za-z0-9\-._~+/]/

interface Challenge {
  scheme: string
  params: Record<string, string>
  token68?: string
}

/**
 * Parses a `WWW-Authenticate` value into its challenges (RFC 9110 11.6.1): schemes, auth-params
 * with token or quoted-string values (escapes undone), token68. Several challenges, in one value or
 * joined from several headers with commas, are all read.
 */
function parseChallenges(value: string): Challenge[] {
  const challenges: Challenge[] = []
  let current: Challenge | undefined
  let i = 0
  const n = value.length
  const skip = (pattern: RegExp): void => {
    while (i < n && pattern.test(value[i] as string)) i++
  }
  const read = (pattern: RegExp): string => {
    const start = i
    while (i < n && pattern.test(value[i] as string)) i++
    return value.slice(start, i)
  }
  while (i < n) {
    skip(/[\s,]/)
    if (i >= n) break
    const name = read(TCHAR)
    if (name === '') {
      i++ // not a token: skip it
      continue
    }
    skip(/[ \t]/)
    if (value[i] !== '=') {
      // A new challenge: its scheme, then perhaps a token68.
      current = { scheme: name.toLowerCase(), params: {} }
      challenges.push(current)
      const start = i
      const token68 = read(TOKEN68)
      const padding = read(/=/)
      const after = i
      skip(/[ \t]/)
      if (token68 !== '' && (i >= n || value[i] === ',') && !TCHAR.test(value[after] ?? '')) current.token68 = token68 + padding
      else i = start
      continue
    }
    i++ // '='
    skip(/[ \t]/)
    let parameter: string
    if (value[i] === '"') {
      i++
      parameter = ''
      while (i < n && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < n) i++
        parameter += value[i]
        i++
      }
      i++ // closing quote
    } else {
      parameter = read(TCHAR)
    }
    if (current !== undefined) current.params[name.toLowerCase()] = parameter
  }
  return challenges
}

/**
 * The `Bearer` challenge of a `WWW-Authenticate` header value, or `undefined` when it has none.
 * Other challenges in the same value (`Basic realm="…", Bearer error="…"`) are skipped.
 *
 * @example
 * ```ts
 * import { parseBearerChallenge } from '@oauthkit/core'
 *
 * const challenge = parseBearerChallenge('Basic realm="api", Bearer realm="api", error="insufficient_scope", scope="photos:write"')
 * console.assert(challenge?.scope === 'photos:write')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function parseBearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  if (header === null || header === undefined || header === '') return undefined
  const bearer = parseChallenges(header).find((challenge) => challenge.scheme === 'bearer')
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
