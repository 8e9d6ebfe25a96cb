import type { OAuth2Error } from '../errors/oauth2-error.ts'
import { serverError } from '../errors/oauth2-error.ts'
import { redactor } from '../errors/redact.ts'
import { findChallenge } from '../http/challenge.ts'

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
  if (header === null || header === undefined || header === '') return undefined
  const bearer = findChallenge(header, 'bearer')
  if (bearer === undefined) return undefined
  // A name given twice: the last value, as a record keeps it.
  const params: Record<string, string> = Object.fromEntries(bearer.params)
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
