import type { AuthorizationRequest, ClientAuthMethod, OAuth2Options, TokenSet } from '@oauthkit/core'
import type { CallbackAddress } from '../callback-server.ts'
import { callbackAddress, startCallbackServer } from '../callback-server.ts'
import { CliError } from '../cli-error.ts'
import type { CliIO } from '../io.ts'
import type { Ask } from '../login-steps.ts'
import { authorizeParameters, fetchWithHeaders, reusing, savedProfile, saveLogin, showAuthorizationUrl, timeoutOf } from '../login-steps.ts'
import { oauth2Client } from '../oauth2-client.ts'
import type { OAuth2Profile } from '../profile.ts'
import { isOAuth2Profile } from '../profile.ts'
import { parseHeaders } from '../request-spec.ts'

/** @internal The options of `oauthkit login` an OAuth 2 login reads. */
export interface OAuth2LoginFlags {
  profile?: string
  grant?: string
  clientId?: string
  clientSecret?: string
  clientAuth?: string
  authorizeUrl?: string
  tokenUrl?: string
  scope?: string
  authorizeParam?: string[]
  redirectUri?: string
  redirectPort?: string
  /** `-H 'Name: value'`: headers of the token requests. */
  header?: string[]
  browser: boolean
  timeout: string
}

/** @internal The flags only OAuth 2 has, with their names on the command line. */
export const OAUTH2_FLAGS: Readonly<Partial<Record<keyof OAuth2LoginFlags, string>>> = {
  grant: '--grant',
  clientId: '--client-id',
  clientSecret: '--client-secret',
  clientAuth: '--client-auth',
  tokenUrl: '--token-url',
  scope: '--scope',
}

const GRANTS: readonly OAuth2Profile['grant'][] = ['authorization_code', 'client_credentials']
const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none']

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined
  throw new CliError(`${flag}: one of ${allowed.join(', ')}`, 2)
}

/** Where and how long the authorization code grant waits for the browser, and what it adds to the URL. */
interface Redirect {
  address: CallbackAddress
  timeout: number
  parameters: Record<string, string>
}

/** The authorization code grant with PKCE: the browser comes back to a one-shot server on loopback. */
async function authorizationCode(io: CliIO, options: OAuth2Options, redirect: Redirect, browser: boolean): Promise<TokenSet> {
  const auth = oauth2Client(options)
  // The redirect waited for carries this login's state (RFC 6749 10.12), an error response included.
  let state: string | undefined
  const server = await startCallbackServer(
    redirect.timeout,
    redirect.address,
    (url) => state !== undefined && url.searchParams.get('state') === state,
  )
  let callback: URL
  let request: AuthorizationRequest
  try {
    request = await auth.authorizationUrl({ redirectUri: server.url, parameters: redirect.parameters })
    state = request.state
    await showAuthorizationUrl(io, request.url, browser)
    io.stderr.write(`Waiting for the authorization at ${server.url} …\n`)
    callback = await server.received
  } finally {
    await server.close()
  }
  return auth.exchangeCode(callback, { state: request.state, codeVerifier: request.codeVerifier, redirectUri: server.url })
}

/**
 * @internal `oauthkit login --oauth2`: the authorization code grant with PKCE, or client credentials.
 * An OAuth 2 profile logged in again gives what no flag or variable does: the grant, the client (its
 * secret and authentication while the client id stays the same), the endpoints, the scope.
 */
export async function loginOAuth2(flags: OAuth2LoginFlags, io: CliIO, ask: Ask): Promise<void> {
  const env = io.env
  const name = flags.profile ?? (env.OAUTHKIT_PROFILE || undefined) ?? 'default'
  const saved = await savedProfile(io, name)
  const previous = isOAuth2Profile(saved) ? saved : undefined
  if (previous !== undefined) io.stderr.write(reusing(name))
  const grant = oneOf(flags.grant, GRANTS, '--grant') ?? previous?.grant ?? 'authorization_code'
  const clientAuthFlag = oneOf(flags.clientAuth, CLIENT_AUTH_METHODS, '--client-auth')
  const code = grant === 'authorization_code'
  const headers = parseHeaders(flags.header)
  const redirect: Redirect | undefined = code
    ? { address: callbackAddress(flags), timeout: timeoutOf(flags.timeout), parameters: authorizeParameters(flags.authorizeParam) }
    : undefined
  if (!code) {
    for (const [field, flag] of [
      ['authorizeUrl', '--authorize-url'],
      ['authorizeParam', '--authorize-param'],
      ['redirectUri', '--redirect-uri'],
      ['redirectPort', '--redirect-port'],
    ] as const) {
      if (flags[field] !== undefined) throw new CliError(`${flag} is for the authorization_code grant, not ${grant}`, 2)
    }
  }
  const clientId = flags.clientId ?? (env.OAUTHKIT_CLIENT_ID || undefined) ?? previous?.clientId ?? (await ask('Client id', '--client-id'))
  // The saved secret (or its absence: a public client) and authentication are those of the saved client only.
  const sameClient = previous?.clientId === clientId
  const clientAuth = clientAuthFlag ?? (sameClient ? previous?.clientAuth : undefined)
  let clientSecret = flags.clientSecret ?? (env.OAUTHKIT_CLIENT_SECRET || undefined) ?? (sameClient ? previous?.clientSecret : undefined)
  if (clientSecret === undefined && clientAuth !== 'none' && !sameClient) {
    if (!code) clientSecret = await ask('Client secret', '--client-secret', { hidden: true })
    // Without a terminal, an authorization code client without a secret is a public client.
    else if (io.interactive) {
      clientSecret =
        (await ask('Client secret (empty for a public client)', '--client-secret', { hidden: true, optional: true })) || undefined
    }
  }
  const authorizeUrl = code
    ? (flags.authorizeUrl ?? previous?.authorizeUrl ?? (await ask('Authorization URL', '--authorize-url')))
    : undefined
  const tokenUrl = flags.tokenUrl ?? previous?.tokenUrl ?? (await ask('Token URL', '--token-url'))
  const scope = flags.scope === undefined ? previous?.scope : flags.scope.trim() || undefined
  const options: OAuth2Options = {
    tokenEndpoint: tokenUrl,
    authorizationEndpoint: authorizeUrl,
    clientId,
    clientSecret,
    clientAuth,
    scope,
    fetch: fetchWithHeaders(io.fetch, headers),
    now: io.now,
  }
  const token = redirect ? await authorizationCode(io, options, redirect, flags.browser) : await oauth2Client(options).clientCredentials()
  const profile: OAuth2Profile = {
    kind: 'oauth2',
    grant,
    clientId,
    clientSecret,
    clientAuth,
    tokenUrl,
    authorizeUrl,
    scope,
    placement: previous?.placement,
    token,
  }
  await saveLogin(io, name, profile, `Logged in with OAuth 2 (${grant}${token.scope ? `, scope "${token.scope}"` : ''})`)
}
