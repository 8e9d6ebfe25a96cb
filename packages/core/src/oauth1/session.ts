import { OAuthError } from '../errors/errors.ts'
import { isOAuthProblem } from '../errors/problem-code.ts'
import { OAuthProblemError } from '../errors/problem-error.ts'
import { redactor } from '../errors/redact.ts'
import type { FetchLike } from '../http/fetch-like.ts'
import { parseForm } from '../http/parameters.ts'
import { reportDetails, reportFields } from './problem.ts'
import type { OAuth1Signer } from './signer.ts'
import { oauth1 } from './signer.ts'
import type { OAuth1Options } from './signer-options.ts'
import { signerSecrets } from './signer-secrets.ts'
import { requestToken } from './token-exchange.ts'
import type { OAuth1Token } from './token-response.ts'

/**
 * Options of {@link oauth1Session}: those of `oauth1()` (consumer credentials, signature method,
 * key, realm, placement, clock, clock-skew correction, …), plus how to reach the token endpoints.
 * With `token` and `tokenSecret` (an access token obtained earlier, or elsewhere) the session is
 * authorized at once.
 *
 * @example
 * ```ts
 * import type { OAuth1SessionOptions } from '@oauthkit/core'
 *
 * const options: OAuth1SessionOptions = {
 *   consumerKey: 'key',
 *   consumerSecret: 'secret',
 *   signatureMethod: 'HMAC-SHA1',
 *   correctClockSkew: true,
 *   fetch: (input, init) => fetch(input, init),
 * }
 * ```
 */
export interface OAuth1SessionOptions extends Omit<OAuth1Options, 'callback' | 'verifier'> {
  /** The `fetch` token requests are sent with; by default the global `fetch`, looked up at each call. */
  fetch?: FetchLike | undefined
  /**
   * A pending request token to go on with: a web application that fetched it while handling an
   * earlier HTTP request passes it back (with its secret, kept server-side) to finish the dance.
   */
  requestToken?: Pick<OAuth1Token, 'token' | 'tokenSecret'> | undefined
  /** The method of token requests; `'POST'` (parameters in a form body) by default. */
  tokenRequestMethod?: 'POST' | 'GET' | undefined
  /**
   * Whether {@link OAuth1Session.fetchRequestToken} requires `oauth_callback_confirmed=true` in the
   * answer, as RFC 5849 2.1 has every provider send it; `true` by default. `false` is for providers
   * that answer with `oauth_token` and `oauth_token_secret` only (Garmin's partner OAuth, TripIt): the
   * answer is then taken without it, while an answer that says anything else than `true`
   * (`oauth_callback_confirmed=false`) still fails with `callback_not_confirmed`. Such providers may
   * not honor the callback of the request-token step either: Garmin takes it as an `oauth_callback`
   * parameter of the authorization URL.
   *
   * @example
   * ```ts
   * import { oauth1Session } from '@oauthkit/core'
   *
   * const garmin = oauth1Session({ consumerKey: 'key', consumerSecret: 'secret', requireCallbackConfirmed: false })
   * const callback = 'https://app.example.com/garmin/callback'
   * await garmin.fetchRequestToken('https://connectapi.garmin.com/oauth-service/oauth/request_token', { callback })
   * const redirectTo = garmin.authorizationUrl('https://connect.garmin.com/oauthConfirm', { oauth_callback: callback })
   * ```
   */
  requireCallbackConfirmed?: boolean | undefined
}

/**
 * Options of {@link OAuth1Session.fetchRequestToken}: `oauth_callback` (`'oob'` by default: the
 * provider shows the verifier to the user, who types it in), and any other parameter the provider
 * takes at this step (`scope`, `x_auth_access_type`, …), sent and signed with the request.
 *
 * @example
 * ```ts
 * import type { FetchRequestTokenOptions } from '@oauthkit/core'
 *
 * const withCallback: FetchRequestTokenOptions = { callback: 'https://app.example.com/oauth/callback', x_auth_access_type: 'read' }
 * const pin: FetchRequestTokenOptions = {}
 * ```
 */
export interface FetchRequestTokenOptions {
  /** `oauth_callback`: an absolute URL, or `'oob'` (the default). */
  callback?: string | undefined
  /** Extra parameters of the request-token request. */
  [parameter: string]: string | undefined
}

/**
 * What the provider sent back to the callback: the request token it authorized and the verifier.
 *
 * @example
 * ```ts
 * import type { OAuth1AuthorizationResponse } from '@oauthkit/core'
 *
 * const response: OAuth1AuthorizationResponse = { token: 'hh5s93j4hdidpola', verifier: 'hfdp7dh39dks9884' }
 * ```
 */
export interface OAuth1AuthorizationResponse {
  /** `oauth_token`: the pending request token. */
  token: string
  /** `oauth_verifier`. */
  verifier: string
}

/**
 * The username and password exchanged once for an access token by xAuth. They are sent in the
 * signed form body of that one request and kept nowhere: not in the session, not in an error.
 *
 * @example
 * ```ts
 * import type { XAuthCredentials } from '@oauthkit/core'
 *
 * const credentials: XAuthCredentials = { username: 'alice', password: 'correct horse battery staple' }
 * ```
 */
export interface XAuthCredentials {
  /** `x_auth_username`. */
  username: string
  /** `x_auth_password`. */
  password: string
}

/**
 * The OAuth 1.0a dance (RFC 5849 section 2) for one user, made with {@link oauth1Session}. Secrets
 * live in the session's closure: `JSON.stringify(session)` and `String(session)` show the consumer
 * key and whether the session is authorized, nothing else.
 *
 * @example
 * ```ts
 * import { oauth1Session, type OAuth1Session } from '@oauthkit/core'
 *
 * const session: OAuth1Session = oauth1Session({ consumerKey: 'key', consumerSecret: 'secret', token: 'token', tokenSecret: 'token-secret' })
 * console.assert(session.authorized)
 * ```
 */
export interface OAuth1Session {
  /** The consumer key. */
  readonly consumerKey: string
  /** Whether the session has an access token (and `signer` can be used). */
  readonly authorized: boolean
  /**
   * The signer with the access token: hand it to `withOAuth` of any adapter. Throws an
   * `OAuthError` with code `credentials_missing` before the session is authorized.
   */
  readonly signer: OAuth1Signer
  /**
   * Step 1: fetches a temporary credential (request token) with `oauth_callback` and keeps it as
   * the pending token. Fails with `callback_not_confirmed` unless the answer has
   * `oauth_callback_confirmed=true` (or, with `requireCallbackConfirmed: false`, when it has
   * `oauth_callback_confirmed` with another value).
   */
  fetchRequestToken(url: string | URL, options?: FetchRequestTokenOptions): Promise<OAuth1Token>
  /** Step 2: the URL to send the user to, with `oauth_token` set to the pending request token. */
  authorizationUrl(url: string | URL, parameters?: Record<string, string>): string
  /**
   * Step 2, back: reads `oauth_token` and `oauth_verifier` from the callback URL (or its query
   * string) and keeps the verifier for {@link OAuth1Session.fetchAccessToken}. Throws
   * `user_refused` when the user denied access, `parameter_absent` when the token or the verifier
   * is missing, `token_mismatch` when the token is not the pending one.
   */
  parseAuthorizationResponse(callbackUrl: string | URL): OAuth1AuthorizationResponse
  /**
   * Step 3: exchanges the pending request token and the verifier (the one given, or the one the
   * callback had) for an access token; the session is then authorized.
   */
  fetchAccessToken(url: string | URL, options?: { verifier?: string | undefined }): Promise<OAuth1Token>
  /**
   * xAuth: exchanges a username and password for an access token in one signed request
   * (`x_auth_mode=client_auth`), for consumers the provider allows to. The credentials are used
   * for that request only.
   */
  fetchAccessTokenViaXAuth(url: string | URL, credentials: XAuthCredentials): Promise<OAuth1Token>
  /** What `JSON.stringify` shows: the consumer key and the state, no secret. */
  toJSON(): { consumerKey: string; authorized: boolean; pendingRequestToken: boolean }
  /** What `String(session)` shows: the consumer key and the state, no secret. */
  toString(): string
}

type Credentials = Pick<OAuth1Token, 'token' | 'tokenSecret'>

function invalid(message: string): OAuthError {
  return new OAuthError('invalid_options', `oauth1Session(): ${message}`)
}

function credentialsOf(value: Credentials | undefined, name: string): Credentials | undefined {
  if (value === undefined) return undefined
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.token !== 'string' ||
    value.token === '' ||
    typeof value.tokenSecret !== 'string'
  ) {
    throw invalid(`${name} must have a non-empty token and a tokenSecret`)
  }
  return { token: value.token, tokenSecret: value.tokenSecret }
}

function callbackParameters(callbackUrl: string | URL): URLSearchParams {
  if (callbackUrl instanceof URL) return callbackUrl.searchParams
  const text = String(callbackUrl).trim()
  try {
    return new URL(text).searchParams
  } catch {
    // A bare query string, as a user pastes it.
    return new URLSearchParams(parseForm(text.replace(/^[^?]*\?/, '').replace(/#.*$/, '')))
  }
}

/**
 * Starts the OAuth 1.0a dance for one user (RFC 5849 section 2), or resumes it: three-legged with a
 * callback, with `oob` and a PIN, or xAuth; and with `token`/`tokenSecret`, a session authorized at
 * once with an access token obtained elsewhere. Token endpoints are called through `fetch` (the
 * injected one, or the global one at call time), signed by the core's `oauth1` signer; once
 * authorized, `session.signer` signs the calls to the API through any adapter.
 *
 * @example
 * ```ts
 * import { oauth1Session } from '@oauthkit/core'
 *
 * const session = oauth1Session({ consumerKey: 'key', consumerSecret: 'secret' })
 * await session.fetchRequestToken('https://api.example.com/oauth/request_token', { callback: 'https://app.example.com/callback' })
 * const redirectTo = session.authorizationUrl('https://api.example.com/oauth/authorize')
 * // … the user approves and comes back to the callback …
 * session.parseAuthorizationResponse('https://app.example.com/callback?oauth_token=…&oauth_verifier=…')
 * const access = await session.fetchAccessToken('https://api.example.com/oauth/access_token')
 * const response = await fetch((await session.signer.sign({ method: 'GET', url: 'https://api.example.com/me' })).url)
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2
 */
export function oauth1Session(options: OAuth1SessionOptions): OAuth1Session {
  if (typeof options !== 'object' || options === null) throw invalid('options are required')
  const {
    fetch,
    requestToken: resumed,
    tokenRequestMethod = 'POST',
    requireCallbackConfirmed = true,
    token,
    tokenSecret,
    ...signing
  } = options
  if (fetch !== undefined && typeof fetch !== 'function') throw invalid('fetch must be a function')
  if (tokenRequestMethod !== 'POST' && tokenRequestMethod !== 'GET') throw invalid("tokenRequestMethod must be 'POST' or 'GET'")
  if (typeof requireCallbackConfirmed !== 'boolean') throw invalid('requireCallbackConfirmed must be a boolean')
  const isRsa = signing.signatureMethod?.startsWith('RSA-') === true
  if (token !== undefined && tokenSecret === undefined && !isRsa) throw invalid('token needs its tokenSecret')
  // The consumer alone signs the first step and xAuth; every other signer is made from it with
  // `with()`, so that all of them share one clock correction.
  const consumer = oauth1({ ...signing, token: undefined, tokenSecret: undefined })
  let access = token === undefined ? undefined : credentialsOf({ token, tokenSecret: tokenSecret ?? '' }, 'token')
  let pending = credentialsOf(resumed, 'requestToken')
  let verifier: string | undefined
  let accessSigner: OAuth1Signer | undefined
  const consumerKey = consumer.consumerKey

  const needPending = (step: string): Credentials => {
    if (pending === undefined) {
      throw new OAuthError(
        'credentials_missing',
        `${step}: there is no pending request token; call fetchRequestToken() first, or pass requestToken to oauth1Session()`,
      )
    }
    return pending
  }

  const authorize = (credentials: Credentials): void => {
    access = credentials
    accessSigner = undefined
    pending = undefined
    verifier = undefined
  }

  const session: OAuth1Session = {
    consumerKey,
    get authorized() {
      return access !== undefined
    },
    // Defined below, not enumerable: spreading or inspecting a session never throws.
    signer: undefined as unknown as OAuth1Signer,

    async fetchRequestToken(url, requestOptions = {}) {
      const { callback = 'oob', ...extra } = requestOptions
      if (typeof callback !== 'string' || callback === '') throw invalid('the callback must be an absolute URL or "oob"')
      const parameters: [string, string][] = []
      for (const [name, value] of Object.entries(extra)) if (value !== undefined) parameters.push([name, String(value)])
      const result = await requestToken({
        fetch,
        signer: consumer,
        url,
        method: tokenRequestMethod,
        overrides: { callback },
        parameters,
        step: 'request token',
        secrets: signerSecrets(signing),
      })
      const confirmed = result.oauth_callback_confirmed
      if (confirmed !== 'true' && (requireCallbackConfirmed || confirmed !== undefined)) {
        throw new OAuthError(
          'callback_not_confirmed',
          confirmed === undefined
            ? 'The request token response has no oauth_callback_confirmed=true: the provider does not speak OAuth 1.0a (RFC 5849); for a provider known to leave it out, pass requireCallbackConfirmed: false'
            : 'The request token response has an oauth_callback_confirmed other than true: the provider did not accept the callback',
        )
      }
      pending = { token: result.token, tokenSecret: result.tokenSecret }
      verifier = undefined
      return result
    },

    authorizationUrl(url, parameters = {}) {
      const { token: pendingToken } = needPending('authorizationUrl()')
      const target = new URL(url)
      target.searchParams.set('oauth_token', pendingToken)
      for (const [name, value] of Object.entries(parameters)) target.searchParams.set(name, String(value))
      return target.href
    },

    parseAuthorizationResponse(callbackUrl) {
      const expected = needPending('parseAuthorizationResponse()')
      const query = callbackParameters(callbackUrl)
      if (query.has('denied')) throw new OAuthProblemError('user_refused', 'The user denied the authorization (the callback has denied=)')
      const problem = query.get('oauth_problem')
      if (problem !== null && isOAuthProblem(problem)) {
        // The callback's advice is the provider's text, or anyone's who sent the user this link.
        const redact = redactor(signerSecrets(signing, expected.tokenSecret))
        throw new OAuthProblemError(
          problem,
          `The authorization was refused: oauth_problem=${problem}`,
          reportDetails(reportFields(query) ?? new Map(), redact),
        )
      }
      const token = query.get('oauth_token') ?? ''
      const given = query.get('oauth_verifier') ?? ''
      if (token === '') {
        const parametersAbsent = given === '' ? ['oauth_token', 'oauth_verifier'] : ['oauth_token']
        throw new OAuthProblemError('parameter_absent', `The authorization callback has no ${parametersAbsent.join(' and no ')}`, {
          parametersAbsent,
        })
      }
      if (token !== expected.token) {
        throw new OAuthError(
          'token_mismatch',
          'The oauth_token of the authorization callback is not the pending request token of this session',
        )
      }
      if (given === '') {
        throw new OAuthProblemError('parameter_absent', 'The authorization callback has no oauth_verifier', {
          parametersAbsent: ['oauth_verifier'],
        })
      }
      verifier = given
      return { token, verifier: given }
    },

    async fetchAccessToken(url, accessOptions = {}) {
      const requestCredentials = needPending('fetchAccessToken()')
      const given = accessOptions.verifier ?? verifier
      if (given === undefined || given === '') {
        throw new OAuthProblemError(
          'parameter_absent',
          'fetchAccessToken(): no verifier; pass { verifier } (the PIN the user was shown) or call parseAuthorizationResponse() first',
          { parametersAbsent: ['oauth_verifier'] },
        )
      }
      const result = await requestToken({
        fetch,
        signer: consumer,
        url,
        method: tokenRequestMethod,
        overrides: { token: requestCredentials.token, tokenSecret: requestCredentials.tokenSecret, verifier: given },
        parameters: [],
        step: 'access token',
        // The verifier (a PIN the user typed) is a secret of this request: a provider's echo of it is redacted.
        secrets: [...signerSecrets(signing, requestCredentials.tokenSecret), given],
      })
      authorize({ token: result.token, tokenSecret: result.tokenSecret })
      return result
    },

    async fetchAccessTokenViaXAuth(url, credentials) {
      const { username, password } = (credentials ?? {}) as Partial<XAuthCredentials>
      if (typeof username !== 'string' || username === '' || typeof password !== 'string' || password === '') {
        throw invalid('fetchAccessTokenViaXAuth() needs a non-empty username and password')
      }
      const result = await requestToken({
        fetch,
        signer: consumer,
        url,
        method: 'POST',
        overrides: {},
        parameters: [
          ['x_auth_mode', 'client_auth'],
          ['x_auth_username', username],
          ['x_auth_password', password],
        ],
        step: 'xAuth access token',
        secrets: [...signerSecrets(signing), password, username],
      })
      authorize({ token: result.token, tokenSecret: result.tokenSecret })
      return result
    },

    toJSON() {
      return { consumerKey, authorized: access !== undefined, pendingRequestToken: pending !== undefined }
    },
    toString() {
      return `OAuth1Session(consumerKey=${JSON.stringify(consumerKey)}, ${access === undefined ? 'not authorized' : 'authorized'})`
    },
  }
  Object.defineProperty(session, 'signer', {
    enumerable: false,
    get(): OAuth1Signer {
      if (access === undefined) {
        throw new OAuthError(
          'credentials_missing',
          'The session is not authorized yet: finish the dance (fetchAccessToken) or pass token and tokenSecret',
        )
      }
      accessSigner ??= consumer.with({ token: access.token, tokenSecret: access.tokenSecret })
      return accessSigner
    },
  })
  return session
}
