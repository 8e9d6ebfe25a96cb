import { headerDifference } from '../contract/authorized-request.ts'
import type { AuthorizedRequest, AuthorizeOptions, Authorizer, ResponseParts } from '../contract/authorizer.ts'
import type { Placement } from '../contract/placement.ts'
import { markRefusal } from '../contract/refusal.ts'
import { describeRequest, OAuthError } from '../errors/errors.ts'
import { OAuth2Error } from '../errors/oauth2-error.ts'
import type { OriginInput } from '../http/origins.ts'
import { inClear, normalizeOrigins } from '../http/origins.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { requestUrl } from '../http/request-parts.ts'
import type { AuthorizationCodeOptions } from './authorization-code.ts'
import { authorizationCodeGrant } from './authorization-code.ts'
import type { ExpectedAuthorizationResponse } from './authorization-response.ts'
import { parseAuthorizationResponse } from './authorization-response.ts'
import type { AuthorizationRequest, AuthorizationUrlOptions } from './authorization-url.ts'
import { createAuthorizationUrl } from './authorization-url.ts'
import type { BearerPlacement } from './bearer.ts'
import { applyBearer, BEARER_PLACEMENTS, bearerTokenOf, checkBearerPlacement, stripBearer } from './bearer.ts'
import { challengeError, parseBearerChallenge } from './challenge.ts'
import type { OAuth2Client } from './client.ts'
import { clock, endpointUrl, scopeString } from './client.ts'
import { clientAuthMethod } from './client-auth.ts'
import type { ClientCredentialsOptions } from './client-credentials.ts'
import { clientCredentialsGrant } from './client-credentials.ts'
import type { DeviceAuthorization, DevicePollOptions } from './device-grant.ts'
import { pollDeviceToken, requestDeviceAuthorization } from './device-grant.ts'
import { tokenFromFragment as fragmentToken } from './fragment.ts'
import { runHooks } from './hooks.ts'
import type { PasswordCredentials } from './password.ts'
import { passwordGrant } from './password.ts'
import { refreshTokenGrant } from './refresh-token.ts'
import { createTokenManager } from './token-manager.ts'
import type { ExtraParameters } from './token-request.ts'
import type { TokenSet } from './token-set.ts'
import { fromStored } from './token-set.ts'

/**
 * How `oauth2()` gets a token when it has none (and when one without a refresh token expires):
 * `'client_credentials'` runs the client credentials grant; a function runs any other grant (JWT
 * bearer, token exchange, …; see `genericGrant`). Without a grant, a token must come from
 * `exchangeCode`, `passwordGrant`, `pollDeviceToken`, `tokenFromFragment`, `setToken` or the `token`
 * option.
 *
 * @example
 * ```ts
 * import { oauth2, genericGrant, type OAuth2Grant } from '@oauthkit/core'
 *
 * const jwtBearer: OAuth2Grant = (client) =>
 *   genericGrant(client, 'urn:ietf:params:oauth:grant-type:jwt-bearer', { assertion: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' })
 * const auth = oauth2({ tokenEndpoint: 'https://as.example.com/token', clientId: 'app', grant: jwtBearer })
 * ```
 */
export type OAuth2Grant = 'client_credentials' | ((client: OAuth2Client) => Promise<TokenSet>)

/**
 * Options of {@link oauth2}.
 *
 * @example
 * ```ts
 * import { oauth2, type OAuth2Options, type TokenSet } from '@oauthkit/core'
 *
 * declare function save(token: TokenSet): Promise<void>
 * const options: OAuth2Options = {
 *   tokenEndpoint: 'https://as.example.com/token',
 *   authorizationEndpoint: 'https://as.example.com/authorize',
 *   redirectUri: 'https://app.example.com/callback',
 *   clientId: 'web-app',
 *   clientSecret: 'secret',
 *   scope: 'openid offline_access',
 *   origins: ['https://api.example.com'],
 *   onToken: save,
 * }
 * const auth = oauth2(options)
 * ```
 */
export interface OAuth2Options extends OAuth2Client {
  /** How to get a token when there is none; see {@link OAuth2Grant}. */
  grant?: OAuth2Grant | undefined
  /** A token to start with (for example one loaded from storage). */
  token?: TokenSet | undefined
  /** The scope of the grants (client credentials, password, device, authorization URL). */
  scope?: string | readonly string[] | undefined
  /** Where the token goes: `'header'` (default), `'body'` or `'query'` (RFC 6750 2). */
  placement?: BearerPlacement | undefined
  /**
   * Called with every new token (grant, code exchange, refresh), before the requests waiting for it
   * go on: persist it here (requests-oauthlib's `token_updater`). A rejection fails those requests;
   * the new token is kept in memory all the same, since the old refresh token may be spent.
   */
  onToken?: ((token: TokenSet) => void | Promise<void>) | undefined
  /** Renew this many seconds before `expires_at`; 30 by default. */
  refreshSkewSeconds?: number | undefined
  /**
   * Where the token may be sent besides the token endpoint's origin: the resource servers' origins.
   * Requests (and redirect hops) anywhere else go without it.
   */
  origins?: readonly OriginInput[] | undefined
  /** The authorization endpoint, for `authorizationUrl()`. */
  authorizationEndpoint?: string | URL | undefined
  /** The `redirect_uri` of the authorization code grant. */
  redirectUri?: string | undefined
  /** The device authorization endpoint (RFC 8628), for `requestDeviceAuthorization()`. */
  deviceAuthorizationEndpoint?: string | URL | undefined
}

/**
 * What `exchangeCode` checks and sends: the `state` and `codeVerifier` kept from
 * `authorizationUrl()`.
 *
 * @example
 * ```ts
 * import type { CodeExchange } from '@oauthkit/core'
 *
 * declare const session: { state: string; codeVerifier: string }
 * const expected: CodeExchange = { state: session.state, codeVerifier: session.codeVerifier }
 * ```
 */
export interface CodeExchange extends ExpectedAuthorizationResponse {
  /** The PKCE verifier of the authorization request. */
  codeVerifier: string
  /** The `redirect_uri` of the authorization request, when not the `redirectUri` option. */
  redirectUri?: string | undefined
  /** More parameters of the token request. */
  parameters?: AuthorizationCodeOptions['parameters']
}

/**
 * An OAuth 2 client that is also an {@link Authorizer}: hand it to `withOAuth` of any adapter
 * (axios, ky, got, fetch), as many clients as you like. It holds one token, fetches it on first use
 * with the configured grant, renews it shortly before it expires and once more when a resource
 * server answers `401` with `error="invalid_token"` (the adapter then replays the request once, body
 * intact) — a single token request however many requests are waiting.
 *
 * @example
 * ```ts
 * import { oauth2, type OAuth2Authorizer } from '@oauthkit/core'
 *
 * const auth: OAuth2Authorizer = oauth2({ tokenEndpoint: 'https://as.example.com/token', clientId: 'app', clientSecret: 's', grant: 'client_credentials' })
 * const token = await auth.getToken()
 * ```
 */
export interface OAuth2Authorizer extends Authorizer<AuthorizeOptions> {
  /** Always `'oauth2'`. */
  readonly kind: 'oauth2'
  /** The default placement. */
  readonly placement: BearerPlacement
  /** The token endpoint's origin and the `origins` option: where the token may go. */
  readonly origins: readonly string[]
  /** The client identifier. */
  readonly clientId: string
  /** The current token (perhaps expired), or `undefined`. */
  readonly token: TokenSet | undefined
  /** Applies the token to one attempt of a request, renewing it first when it is due. */
  authorize(request: RequestParts, options?: AuthorizeOptions): Promise<AuthorizedRequest>
  /** Replaces the token (loaded from storage) or clears it (`undefined`: sign-out). `onToken` is not called. */
  setToken(token: TokenSet | undefined): void
  /** A token that is not due for renewal, renewing it first if needed (single-flight). */
  getToken(): Promise<TokenSet>
  /** Renews the token now with the refresh token or the grant (single-flight). */
  refresh(): Promise<TokenSet>
  /**
   * Whether the next `authorize()` or `getToken()` would get a new token first: the token is due
   * (or missing) and there is a way to renew it. For a caller that renews under a lock of its own,
   * such as a command line sharing its token file with other processes.
   */
  renewalDue(): boolean
  /** The authorization URL, `state` and PKCE verifier of the authorization code grant. */
  authorizationUrl(options?: Partial<AuthorizationUrlOptions>): Promise<AuthorizationRequest>
  /** Checks the callback (state, errors), exchanges the code with the PKCE verifier, keeps the token. */
  exchangeCode(callback: string | URL | URLSearchParams, expected: CodeExchange): Promise<TokenSet>
  /** Runs the client credentials grant now and keeps the token. */
  clientCredentials(options?: ClientCredentialsOptions): Promise<TokenSet>
  /** Runs the (legacy) password grant once and keeps the token; the password is not kept. */
  passwordGrant(credentials: PasswordCredentials): Promise<TokenSet>
  /** Reads a token from a redirect's fragment (implicit grant), checking `state`, and keeps it. */
  tokenFromFragment(input: string | URL | URLSearchParams, expected: { state: string }): Promise<TokenSet>
  /** Starts the device authorization grant (RFC 8628). */
  requestDeviceAuthorization(options?: { scope?: string | readonly string[]; parameters?: ExtraParameters }): Promise<DeviceAuthorization>
  /** Polls until the user approved the device, and keeps the token. */
  pollDeviceToken(device: DeviceAuthorization, options?: DevicePollOptions): Promise<TokenSet>
}

function invalid(message: string): OAuthError {
  return new OAuthError('invalid_options', `oauth2(): ${message}`)
}

/** @internal Checks a placement for OAuth 2: exactly one place, so the `FULL` placements are refused. */
export function bearerPlacement(value: Placement | undefined, where: string): BearerPlacement {
  if (value === 'header' || value === 'body' || value === 'query') return value
  if (value === 'header+query' || value === 'header+body') {
    throw new OAuthError(
      'invalid_options',
      `${where}: placement '${value}' sends the token twice, which RFC 6750 2 forbids; use 'header', 'body' or 'query'`,
    )
  }
  throw new OAuthError('invalid_options', `${where}: unknown placement ${JSON.stringify(String(value))}; use 'header', 'body' or 'query'`)
}

function validate(options: OAuth2Options): void {
  if (typeof options !== 'object' || options === null) throw invalid('options are required')
  if (typeof options.clientId !== 'string' || options.clientId === '') throw invalid('clientId must be a non-empty string')
  if (options.clientSecret !== undefined && typeof options.clientSecret !== 'string') throw invalid('clientSecret must be a string')
  endpointUrl(options.tokenEndpoint, 'tokenEndpoint', options.allowInsecureRequests)
  clientAuthMethod(options)
  if (options.placement !== undefined) bearerPlacement(options.placement, 'oauth2()')
  const { grant, refreshSkewSeconds } = options
  if (grant !== undefined && grant !== 'client_credentials' && typeof grant !== 'function') {
    throw invalid(`unknown grant ${JSON.stringify(String(grant))}; use 'client_credentials' or a function`)
  }
  if (refreshSkewSeconds !== undefined && !(Number.isFinite(refreshSkewSeconds) && refreshSkewSeconds >= 0)) {
    throw invalid('refreshSkewSeconds must be a number of seconds ≥ 0')
  }
  for (const [name, value] of [
    ['authorizationEndpoint', options.authorizationEndpoint],
    ['deviceAuthorizationEndpoint', options.deviceAuthorizationEndpoint],
  ] as const) {
    if (value !== undefined) endpointUrl(value, name, options.allowInsecureRequests)
  }
}

/**
 * Creates an OAuth 2 client that is an {@link Authorizer}: `withOAuth(client, oauth2(...))` with any
 * adapter sends each request with a bearer token (RFC 6750), gets one with the configured grant,
 * renews it shortly before `expires_at` and, once, after a `401` with
 * `WWW-Authenticate: Bearer error="invalid_token"` — one token request for all the requests (and
 * clients) waiting, with rotated refresh tokens kept and `onToken` called to persist them. Token
 * requests go straight to `fetch`, never through a wrapped client. The token goes only to the token
 * endpoint's origin and `origins`, never across a redirect elsewhere, and in a query string only when
 * `'query'` is chosen.
 *
 * @example
 * ```ts
 * import { oauth2 } from '@oauthkit/core'
 * import { withOAuth } from '@oauthkit/fetch'
 *
 * const auth = oauth2({
 *   tokenEndpoint: 'https://as.example.com/oauth/token',
 *   clientId: 'reporting-job',
 *   clientSecret: 'secret',
 *   grant: 'client_credentials',
 *   scope: 'reports:read',
 *   origins: ['https://api.example.com'],
 * })
 * const api = withOAuth(fetch, auth)
 * const reports = await api('https://api.example.com/reports')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749
 * @see https://www.rfc-editor.org/rfc/rfc6750
 */
export function oauth2(options: OAuth2Options): OAuth2Authorizer {
  validate(options)
  const config: OAuth2Options = { ...options }
  const tokenEndpoint = endpointUrl(config.tokenEndpoint, 'tokenEndpoint', config.allowInsecureRequests)
  const origins = normalizeOrigins([tokenEndpoint.origin, ...(config.origins ?? [])])
  const defaultPlacement = config.placement ?? 'header'
  const now = (): number => clock(config)
  const scope = scopeString(config.scope)
  const { grant } = config
  const client: OAuth2Client = config

  const stored = (token: TokenSet | undefined, where: string): TokenSet | undefined => {
    if (token === undefined) return undefined
    const normalized = fromStored(token, now())
    if (normalized === undefined) throw invalid(`${where}: the token has no access_token`)
    return normalized
  }

  /** The refresh token the server refused with invalid_grant: never sent again. */
  let refusedRefresh: string | undefined
  const usableRefresh = (token: TokenSet | undefined): boolean =>
    token?.refresh_token !== undefined && token.refresh_token !== refusedRefresh
  const manager = createTokenManager(
    {
      now,
      skewSeconds: config.refreshSkewSeconds ?? 30,
      onToken: config.onToken,
      canRenew: (current) => usableRefresh(current) || grant !== undefined,
      async renew(current) {
        if (current !== undefined && usableRefresh(current)) {
          try {
            return await refreshTokenGrant(client, current)
          } catch (error) {
            // invalid_grant: the refresh token is dead (revoked, expired, rotated away). It is not
            // sent again; the grant, when there is one, gets a new token instead.
            if (!(error instanceof OAuth2Error && error.code === 'invalid_grant')) throw error
            refusedRefresh = current.refresh_token
            if (grant === undefined) throw error
          }
        }
        if (grant === 'client_credentials') return clientCredentialsGrant(client, { scope })
        if (typeof grant === 'function') {
          const token = stored(await grant(client), 'grant')
          if (token !== undefined) return token
        }
        throw current === undefined
          ? new OAuth2Error('token_missing', 'No OAuth 2 token: obtain one first (exchangeCode, a grant) or configure a grant')
          : new OAuth2Error('token_unrenewable', 'The OAuth 2 token cannot be renewed: there is no refresh token and no grant')
      },
    },
    stored(config.token, 'token'),
  )

  /** The access token each request was sent with, for its response. */
  const sentWith = new WeakMap<object, string>()

  async function authorize(request: RequestParts, perRequest?: AuthorizeOptions): Promise<AuthorizedRequest> {
    const where = `Authorizing ${describeRequest(String(request.method), request.url)}`
    const placement = bearerPlacement(perRequest?.placement ?? defaultPlacement, where)
    checkBearerPlacement(request, placement)
    // RFC 6750 5.3: the token is the credential itself, so it goes over TLS (or to a loopback host).
    if (config.allowInsecureRequests !== true && inClear(requestUrl(request))) {
      throw new OAuthError(
        'request_invalid',
        `${where}: a bearer token goes over https only (RFC 6750 5.3); http is for loopback hosts, or with allowInsecureRequests`,
      )
    }
    const token = await manager.valid()
    if (token.token_type.toLowerCase() !== 'bearer') {
      throw new OAuth2Error('unsupported_token_type', `${where}: the token type is ${JSON.stringify(token.token_type)}, not Bearer`)
    }
    const authorized = applyBearer(request, token.access_token, placement)
    const hooks = config.hooks?.beforeProtectedRequest
    if (hooks !== undefined) {
      await runHooks(hooks, { request: authorized, token, placement })
      // What the hooks did to the headers is what the adapters must apply.
      authorized.headerChanges = headerDifference(request.headers, authorized.headers)
    }
    sentWith.set(request, token.access_token)
    return authorized
  }

  async function onResponse(response: ResponseParts, request: RequestParts): Promise<'retry' | undefined> {
    const used = sentWith.get(request) ?? bearerTokenOf(request)
    const challenge = parseBearerChallenge(response.headers.get('www-authenticate'))
    const what = `${describeRequest(String(request.method), request.url)} was refused`
    const secrets = [used, manager.current?.access_token]
    if (response.status === 401 && challenge?.error === 'invalid_token') {
      if (await manager.rejected(used)) return 'retry'
    } else if (response.status !== 401) {
      manager.confirm(used)
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const error = challengeError(response.status, challenge, what, secrets)
      // What the resource server said: adapters hand it back with the response (a failed refresh above is thrown as it is).
      if (error !== undefined) throw markRefusal(error)
    }
    return undefined
  }

  const keep = (token: Promise<TokenSet>): Promise<TokenSet> => token.then((value) => manager.accept(value))

  const authorizer: Omit<OAuth2Authorizer, 'token'> = {
    kind: 'oauth2',
    placement: defaultPlacement,
    placements: BEARER_PLACEMENTS,
    origins,
    clientId: config.clientId,
    authorize,
    onResponse,
    strip: stripBearer,
    setToken(token) {
      manager.set(stored(token, 'setToken()'))
    },
    getToken: () => manager.valid(),
    refresh: () => manager.renew(),
    renewalDue: () => manager.renewalDue(),
    authorizationUrl: (overrides = {}) =>
      createAuthorizationUrl({
        authorizationEndpoint: config.authorizationEndpoint as string | URL,
        clientId: config.clientId,
        redirectUri: config.redirectUri,
        scope,
        allowInsecureRequests: config.allowInsecureRequests,
        ...overrides,
      }),
    async exchangeCode(callback, expected) {
      const { code } = parseAuthorizationResponse(callback, expected)
      return keep(
        authorizationCodeGrant(client, {
          code,
          codeVerifier: expected.codeVerifier,
          redirectUri: expected.redirectUri ?? config.redirectUri,
          parameters: expected.parameters,
        }),
      )
    },
    clientCredentials: (grantOptions = {}) => keep(clientCredentialsGrant(client, { scope, ...grantOptions })),
    passwordGrant: (credentials) => keep(passwordGrant(client, { scope, ...credentials })),
    tokenFromFragment: async (input, expected) => manager.accept(fragmentToken(input, { state: expected.state, now: config.now })),
    requestDeviceAuthorization: (deviceOptions = {}) => requestDeviceAuthorization(config, { scope, ...deviceOptions }),
    pollDeviceToken: (device, pollOptions) => keep(pollDeviceToken(client, device, pollOptions)),
  }
  // Not enumerable: logging or serializing the authorizer shows no token (the secrets are in closures).
  return Object.defineProperty(authorizer, 'token', { get: () => manager.current, enumerable: false }) as OAuth2Authorizer
}
