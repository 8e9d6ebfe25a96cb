import type { OAuth2Client } from './client.ts'
import { scopeString } from './client.ts'
import type { ExtraParameters } from './token-request.ts'
import { appendParameters, genericGrant } from './token-request.ts'
import type { TokenSet } from './token-set.ts'

/**
 * Options of {@link clientCredentialsGrant}.
 *
 * @example
 * ```ts
 * import type { ClientCredentialsOptions } from '@oauthkit/core'
 *
 * const options: ClientCredentialsOptions = { scope: ['reports:read', 'reports:write'], parameters: { audience: 'reports' } }
 * ```
 */
export interface ClientCredentialsOptions {
  /** The scope to ask for. */
  scope?: string | readonly string[] | undefined
  /** More parameters of the token request. */
  parameters?: ExtraParameters | undefined
}

/**
 * The client credentials grant (RFC 6749 4.4): a token for the client itself, with its own
 * credentials. `oauth2({ grant: 'client_credentials' })` calls it on first use and when the token
 * expires.
 *
 * @example
 * ```ts
 * import { clientCredentialsGrant } from '@oauthkit/core'
 *
 * const token = await clientCredentialsGrant(
 *   { tokenEndpoint: 'https://as.example.com/token', clientId: 'reporting-job', clientSecret: 'secret' },
 *   { scope: 'reports:read' },
 * )
 * await fetch('https://api.example.com/reports', { headers: { authorization: `Bearer ${token.access_token}` } })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function clientCredentialsGrant(client: OAuth2Client, options: ClientCredentialsOptions = {}): Promise<TokenSet> {
  const form = new URLSearchParams()
  const scope = scopeString(options.scope)
  if (scope !== undefined) form.set('scope', scope)
  appendParameters(form, options.parameters)
  return genericGrant(client, 'client_credentials', form)
}
