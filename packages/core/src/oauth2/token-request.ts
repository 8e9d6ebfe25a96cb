import { describeRequest } from '../errors/errors.ts'
import { errorFields, OAuth2Error, serverError } from '../errors/oauth2-error.ts'
import type { FetchLike } from '../http/fetch-like.ts'
import { parseForm } from '../http/parameters.ts'
import type { OAuth2Client } from './client.ts'
import { clock, endpointUrl } from './client.ts'
import { applyClientAuth } from './client-auth.ts'
import type { TokenRequestState, TokenResponseState } from './hooks.ts'
import { runHooks } from './hooks.ts'
import type { TokenSet } from './token-set.ts'
import { toTokenSet } from './token-set.ts'

/**
 * Extra parameters of a token or authorization request, as an object or as pairs. `undefined`
 * values are left out.
 *
 * @example
 * ```ts
 * import type { ExtraParameters } from '@oauthkit/core'
 *
 * const audience: ExtraParameters = { audience: 'https://api.example.com' }
 * const resources: ExtraParameters = [['resource', 'https://a.example.com'], ['resource', 'https://b.example.com']]
 * ```
 */
export type ExtraParameters = Record<string, string | undefined> | Iterable<readonly [string, string]>

/** The names whose values are credentials: redacted from any server text that echoes them. */
const SECRET_PARAMETERS: readonly string[] = [
  'client_secret',
  'password',
  'refresh_token',
  'code',
  'code_verifier',
  'device_code',
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
]

/** @internal Appends extra parameters to a form. */
export function appendParameters(form: URLSearchParams, parameters: ExtraParameters | undefined): void {
  if (parameters === undefined) return
  const pairs = Symbol.iterator in parameters ? (parameters as Iterable<readonly [string, string]>) : Object.entries(parameters)
  for (const [name, value] of pairs) if (value !== undefined) form.append(name, value)
}

/** @internal A response of an endpoint of the authorization server, read and parsed. */
export interface EndpointResponse {
  status: number
  headers: Headers
  body: unknown
  /** The credentials that went into the request, to redact from what the server says. */
  secrets: string[]
  /** How messages name the request. */
  what: string
}

function parseBody(text: string, contentType: string | null): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    // Some providers (GitHub without Accept, old Facebook) answer with a form-encoded body.
    if (/^\s*(application\/x-www-form-urlencoded|text\/plain)\s*(;|$)/i.test(contentType ?? '') && /^[^=&\s]+=/.test(text)) {
      return Object.fromEntries(parseForm(text.trim()))
    }
    return text
  }
}

/**
 * POSTs a form to an endpoint of the authorization server with client authentication, and reads
 * the answer. Redirects are not followed (the request carries credentials). With a `grantType`,
 * the token hooks run.
 *
 * @internal
 */
export async function postForm(
  client: OAuth2Client,
  endpoint: URL,
  body: URLSearchParams,
  grantType: string | undefined,
): Promise<EndpointResponse> {
  const headers = new Headers({ accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' })
  applyClientAuth(client, headers, body)
  const request: TokenRequestState = { grantType: grantType ?? '', url: endpoint, headers, body }
  if (grantType !== undefined) await runHooks(client.hooks?.beforeTokenRequest, request)
  const what = `${describeRequest('POST', request.url)}${grantType === undefined ? '' : ` (${grantType})`}`
  const secrets: string[] = []
  if (client.clientSecret !== undefined) secrets.push(client.clientSecret)
  for (const [name, value] of request.body) if (SECRET_PARAMETERS.includes(name)) secrets.push(value)
  // The credentials of the Authorization header (client_secret_basic's base64), should it be echoed.
  const authorization = request.headers.get('authorization')
  if (authorization !== null) secrets.push(authorization.slice(authorization.indexOf(' ') + 1))
  const send: FetchLike = client.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let response: Response
  let text: string
  try {
    response = await send(request.url.href, { method: 'POST', headers: request.headers, body: request.body.toString(), redirect: 'manual' })
    text = await response.text()
  } catch (cause) {
    throw new OAuth2Error('token_request_failed', `${what}: no response`, {}, { cause })
  }
  const state: TokenResponseState = {
    grantType: grantType ?? '',
    status: response.status,
    headers: response.headers,
    body: parseBody(text, response.headers.get('content-type')),
  }
  if (grantType !== undefined) await runHooks(client.hooks?.afterTokenResponse, state)
  return { status: state.status, headers: state.headers, body: state.body, secrets, what }
}

/**
 * The error of an endpoint's answer that is not a success: the server's typed error when it sent
 * one, else `invalid_response`.
 *
 * @internal
 */
export function responseError(response: EndpointResponse, expected: string): OAuth2Error {
  const fields = errorFields(response.body)
  if (fields !== undefined) return serverError(response.what, fields, { status: response.status, secrets: response.secrets })
  const ok = response.status >= 200 && response.status < 300
  return new OAuth2Error(
    'invalid_response',
    `${response.what}: HTTP ${response.status} ${ok ? `without ${expected}` : 'without an OAuth error code'}`,
    { status: response.status },
  )
}

/**
 * Sends one token request (RFC 6749 3.2) for any grant — the building block of the grant functions,
 * and the way to use an extension grant (JWT bearer, token exchange). Client authentication, the
 * compliance hooks and error handling are applied; the answer is a {@link TokenSet} or a typed
 * {@link OAuth2Error}.
 *
 * @example
 * ```ts
 * import { genericGrant } from '@oauthkit/core'
 *
 * const client = { tokenEndpoint: 'https://as.example.com/token', clientId: 'app', clientSecret: 'secret' }
 * const token = await genericGrant(client, 'urn:ietf:params:oauth:grant-type:token-exchange', {
 *   subject_token: 'a-token-from-elsewhere',
 *   subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export async function genericGrant(
  client: OAuth2Client,
  grantType: string,
  parameters?: ExtraParameters,
  previous?: TokenSet,
): Promise<TokenSet> {
  const endpoint = endpointUrl(client.tokenEndpoint, 'tokenEndpoint', client.allowInsecureRequests)
  const body = new URLSearchParams([['grant_type', grantType]])
  appendParameters(body, parameters)
  const response = await postForm(client, endpoint, body, grantType)
  const ok = response.status >= 200 && response.status < 300
  const fields = typeof response.body === 'object' && response.body !== null ? (response.body as Record<string, unknown>) : undefined
  const token = ok && fields !== undefined && errorFields(fields) === undefined ? toTokenSet(fields, clock(client), previous) : undefined
  if (token === undefined) throw responseError(response, 'an access_token')
  return token
}
