import type { OAuth2Client } from './client.ts'
import { scopeString } from './client.ts'
import type { ExtraParameters } from './token-request.ts'
import { appendParameters, genericGrant } from './token-request.ts'
import type { TokenSet } from './token-set.ts'

/**
 * The resource owner's credentials for {@link passwordGrant}: used for one request, never kept.
 *
 * @example
 * ```ts
 * import type { PasswordCredentials } from '@oauthkit/core'
 *
 * const credentials: PasswordCredentials = { username: 'alice', password: 'correct horse', scope: 'read' }
 * ```
 */
export interface PasswordCredentials {
  /** The resource owner's username. */
  username: string
  /** The resource owner's password. Sent once; not stored, never in an error message. */
  password: string
  /** The scope to ask for. */
  scope?: string | readonly string[] | undefined
  /** More parameters of the token request. */
  parameters?: ExtraParameters | undefined
}

/**
 * The resource owner password credentials grant (RFC 6749 4.3) — legacy: OAuth 2.0 Security BCP
 * (RFC 9700) says it MUST NOT be used; it is here for the servers that still need it (and for
 * xAuth-style migrations). The password goes into one token request and is then forgotten; a
 * server that echoes it in an error description has it redacted.
 *
 * @example
 * ```ts
 * import { passwordGrant } from '@oauthkit/core'
 *
 * const token = await passwordGrant(
 *   { tokenEndpoint: 'https://legacy.example.com/oauth/token', clientId: 'cli', clientSecret: 'secret' },
 *   { username: 'alice', password: 'correct horse' },
 * )
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export async function passwordGrant(client: OAuth2Client, credentials: PasswordCredentials): Promise<TokenSet> {
  const form = new URLSearchParams([
    ['username', credentials.username],
    ['password', credentials.password],
  ])
  const scope = scopeString(credentials.scope)
  if (scope !== undefined) form.set('scope', scope)
  appendParameters(form, credentials.parameters)
  return genericGrant(client, 'password', form)
}
