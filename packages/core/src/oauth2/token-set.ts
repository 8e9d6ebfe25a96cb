/**
 * A token as oauthkit keeps it: the fields of a token response (RFC 6749 5.1), snake_case as on the
 * wire and as requests-oauthlib stores them, plus `expires_at` (seconds since the epoch), computed
 * when the token arrived, so that a stored token knows when it expires. Other fields of the response
 * (`id_token`, provider extras) are kept. It is plain JSON: persist it as it is.
 *
 * @example
 * ```ts
 * import type { TokenSet } from '@oauthkit/core'
 *
 * const stored: TokenSet = {
 *   access_token: '2YotnFZFEjr1zCsicMWpAA',
 *   token_type: 'Bearer',
 *   expires_at: 1_700_003_600,
 *   refresh_token: 'tGzv3JOkF0XG5Qx2TlKWIA',
 *   scope: 'read write',
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface TokenSet {
  /** The access token. */
  access_token: string
  /** `Bearer` (case-insensitive) for every token oauthkit can send. */
  token_type: string
  /** When the access token expires, in seconds since the epoch; absent when the server did not say. */
  expires_at?: number | undefined
  /** The lifetime the server gave, in seconds, when the token arrived (`expires_at` is what counts). */
  expires_in?: number | undefined
  /** The refresh token, when there is one. */
  refresh_token?: string | undefined
  /** The granted scope, space-delimited. */
  scope?: string | undefined
  /** An OpenID Connect ID token, when the server sent one. */
  id_token?: string | undefined
  /** Any other field of the token response. */
  [field: string]: unknown
}

function seconds(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined
}

/**
 * A {@link TokenSet} from the fields of a token response, or `undefined` when there is no access
 * token. `expires_in` becomes `expires_at` at `nowMs`; a missing `token_type` is `Bearer`.
 * With `previous`, a missing `refresh_token` or `scope` is kept from it (RFC 6749 6: a refresh
 * response need not repeat them).
 *
 * @internal
 */
export function toTokenSet(fields: Record<string, unknown>, nowMs: number, previous?: TokenSet): TokenSet | undefined {
  const { access_token: accessToken } = fields
  if (typeof accessToken !== 'string' || accessToken === '') return undefined
  const token: TokenSet = {
    ...fields,
    access_token: accessToken,
    token_type: typeof fields.token_type === 'string' ? fields.token_type : 'Bearer',
  }
  const expiresIn = seconds(fields.expires_in)
  const expiresAt = seconds(fields.expires_at)
  delete token.expires_in
  delete token.expires_at
  if (expiresIn !== undefined) {
    token.expires_in = expiresIn
    token.expires_at = Math.floor(nowMs / 1000) + expiresIn
  } else if (expiresAt !== undefined) {
    token.expires_at = expiresAt
  }
  for (const name of ['refresh_token', 'scope', 'id_token'] as const) {
    const value = fields[name]
    if (typeof value === 'string' && value !== '') token[name] = value
    else delete token[name]
  }
  if (previous !== undefined) {
    if (token.refresh_token === undefined && previous.refresh_token !== undefined) token.refresh_token = previous.refresh_token
    if (token.scope === undefined && previous.scope !== undefined) token.scope = previous.scope
  }
  return token
}

/**
 * A token given by the caller (`oauth2({ token })`, `setToken`), normalized: `expires_at` kept,
 * else computed from `expires_in` at `nowMs` (requests-oauthlib does the same).
 *
 * @internal
 */
export function fromStored(token: TokenSet, nowMs: number): TokenSet | undefined {
  if (typeof token !== 'object' || token === null) return undefined
  const expiresAt = seconds(token.expires_at)
  const normalized = toTokenSet(expiresAt === undefined ? token : { ...token, expires_in: undefined }, nowMs)
  if (normalized !== undefined && expiresAt !== undefined) {
    normalized.expires_at = expiresAt
    if (token.expires_in !== undefined) normalized.expires_in = token.expires_in
  }
  return normalized
}
