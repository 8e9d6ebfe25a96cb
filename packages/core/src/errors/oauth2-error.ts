import { OAuthError } from './errors.ts'
import { OAUTH2_ERROR_CODES, type OAuth2ErrorCode } from './oauth2-error-code.ts'
import { redactor } from './redact.ts'

/** The error codes a server may send that have a code of their own here. */
const SERVER_CODES: readonly string[] = OAUTH2_ERROR_CODES.slice(0, OAUTH2_ERROR_CODES.indexOf('unrecognized_error'))

/**
 * The fields of an OAuth 2 error response or challenge, as {@link OAuth2Error} carries them.
 *
 * @example
 * ```ts
 * import { OAuth2Error, type OAuth2ErrorDetails } from '@oauthkit/core'
 *
 * const details: OAuth2ErrorDetails = { error: 'invalid_grant', description: 'refresh token expired', status: 400 }
 * const error = new OAuth2Error('invalid_grant', 'The refresh was refused', details)
 * ```
 */
export interface OAuth2ErrorDetails {
  /** The `error` code exactly as the server sent it (also when it is not one of {@link OAuth2ErrorCode}). */
  error?: string | undefined
  /** `error_description`, with any credential of the request replaced by `[redacted]`. */
  description?: string | undefined
  /** `error_uri`. */
  uri?: string | undefined
  /** The HTTP status of the response, when there was one. */
  status?: number | undefined
  /** The `scope` of a `WWW-Authenticate: Bearer` challenge: the scope the resource needs. */
  scope?: string | undefined
  /** The `realm` of a `WWW-Authenticate: Bearer` challenge. */
  realm?: string | undefined
}

/**
 * An OAuth 2 error: an error response of a token endpoint (RFC 6749 5.2), of an authorization
 * response (4.1.2.1), a resource server's `WWW-Authenticate: Bearer` challenge (RFC 6750 3.1), a
 * device grant's answer (RFC 8628 3.5), or what the client found wrong. `code` is one of
 * {@link OAuth2ErrorCode}; `isOAuthError` recognises it. Messages never contain a client secret,
 * token, code, code verifier or password: server-provided descriptions are redacted.
 *
 * @example
 * ```ts
 * import { OAuth2Error, oauth2 } from '@oauthkit/core'
 *
 * const auth = oauth2({ tokenEndpoint: 'https://as.example.com/token', clientId: 'app', token: { access_token: 'a', token_type: 'Bearer', refresh_token: 'r' } })
 * try {
 *   await auth.refresh()
 * } catch (error) {
 *   if (error instanceof OAuth2Error && error.code === 'invalid_grant') {
 *     // the refresh token is dead: send the user through the authorization code flow again
 *   }
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export class OAuth2Error extends OAuthError<OAuth2ErrorCode> implements OAuth2ErrorDetails {
  override name: string = 'OAuth2Error'
  readonly error?: string
  readonly description?: string
  readonly uri?: string
  readonly status?: number
  readonly scope?: string
  readonly realm?: string

  constructor(code: OAuth2ErrorCode, message: string, details: OAuth2ErrorDetails = {}, options?: { cause?: unknown }) {
    super(code, message, options)
    if (details.error !== undefined) this.error = details.error
    if (details.description !== undefined) this.description = details.description
    if (details.uri !== undefined) this.uri = details.uri
    if (details.status !== undefined) this.status = details.status
    if (details.scope !== undefined) this.scope = details.scope
    if (details.realm !== undefined) this.realm = details.realm
  }
}

/**
 * The code of a server's `error`: itself when it is one of {@link OAuth2ErrorCode}, else
 * `unrecognized_error`.
 *
 * @internal
 */
export function codeOf(error: string): OAuth2ErrorCode {
  return SERVER_CODES.includes(error) ? (error as OAuth2ErrorCode) : 'unrecognized_error'
}

/** @internal A server's error fields, read defensively from a parsed body or parameters. */
export interface ServerErrorFields {
  error: string
  description?: string | undefined
  uri?: string | undefined
}

/**
 * An {@link OAuth2Error} from a server's `error`, `error_description` and `error_uri`.
 *
 * @internal
 */
export function serverError(
  what: string,
  fields: ServerErrorFields,
  extra: { status?: number | undefined; secrets?: readonly (string | undefined)[]; scope?: string; realm?: string } = {},
): OAuth2Error {
  const redact = redactor(extra.secrets ?? [])
  const description = fields.description === undefined ? undefined : redact(fields.description)
  const error = redact(fields.error)
  const status = extra.status === undefined ? '' : ` (HTTP ${extra.status})`
  const message = `${what}: ${error}${description === undefined ? '' : ` — ${description}`}${status}`
  return new OAuth2Error(codeOf(fields.error), message, {
    error,
    description,
    uri: fields.uri === undefined ? undefined : redact(fields.uri),
    status: extra.status,
    scope: extra.scope,
    realm: extra.realm,
  })
}

/**
 * The error fields of a parsed JSON body or of callback parameters, when they name an error.
 *
 * @internal
 */
export function errorFields(source: unknown): ServerErrorFields | undefined {
  const get = (name: string): unknown =>
    source instanceof URLSearchParams ? (source.get(name) ?? undefined) : (source as Record<string, unknown>)[name]
  if (typeof source !== 'object' || source === null) return undefined
  const error = get('error')
  if (typeof error !== 'string' || error === '') return undefined
  const description = get('error_description')
  const uri = get('error_uri')
  return {
    error,
    description: typeof description === 'string' ? description : undefined,
    uri: typeof uri === 'string' ? uri : undefined,
  }
}
