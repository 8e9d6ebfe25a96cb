import { quoteRealm } from './authorization-header.ts'
import type { AuthorizedRequest, Authorizer, ResponseParts } from './authorizer.ts'
import { baseStringOf } from './base-string.ts'
import type { BodyHashAlgorithm } from './body-hash.ts'
import { computeBodyHash } from './body-hash.ts'
import type { ClockSkewOptions } from './clock-skew.ts'
import { clockSkewCorrection } from './clock-skew.ts'
import { describeRequest, OAuthError } from './errors.ts'
import { generateNonce } from './nonce.ts'
import type { OriginInput } from './origins.ts'
import { normalizeOrigins } from './origins.ts'
import type { EncodedParameters, ParameterPair } from './parameters.ts'
import { addFormParameters, removeFormParameters } from './parameters.ts'
import { percentEncode, percentEncodeTwice } from './percent-encode.ts'
import type { Placement } from './placement.ts'
import { assertPlacement, PLACEMENTS, placementTargets } from './placement.ts'
import type { RequestBody, RequestParts } from './request-parts.ts'
import { copyHeaders, hasFormBody, headerValue, isFormBody, requestUrl } from './request-parts.ts'
import { reviewOAuth1Response } from './response-review.ts'
import type { CryptoPreference } from './runtime.ts'
import type { SignFunction } from './signature.ts'
import { createSignFunction } from './signature.ts'
import type { SignatureMethod, SigningKeyStrategy } from './signature-method.ts'
import { isSignatureMethod } from './signature-method.ts'

/**
 * Options of {@link oauth1}: the client's credentials and how it signs.
 *
 * @example
 * ```ts
 * import { oauth1, type OAuth1Options } from '@oauthkit/core'
 *
 * const options: OAuth1Options = {
 *   consumerKey: 'key',
 *   consumerSecret: 'secret',
 *   signatureMethod: 'HMAC-SHA256',
 *   realm: 'Example',
 *   placement: 'header',
 * }
 * const signer = oauth1(options)
 * ```
 */
export interface OAuth1Options {
  /** The consumer key (client identifier). */
  consumerKey: string
  /** The consumer secret (client shared secret); empty for RSA-only consumers. */
  consumerSecret?: string | undefined
  /** The token (request or access token), when the request is made on behalf of a user. */
  token?: string | undefined
  /** The secret of `token`. */
  tokenSecret?: string | undefined
  /** `'HMAC-SHA1'` by default. */
  signatureMethod?: SignatureMethod | undefined
  /** For `RSA-*`: the private key as PEM (PKCS#8 or PKCS#1) or a WebCrypto `CryptoKey`. */
  privateKey?: string | CryptoKey | undefined
  /** The `realm` of the Authorization header; not signed, and only sent in the header. */
  realm?: string | undefined
  /** `oauth_callback`, for the request-token step. */
  callback?: string | undefined
  /** `oauth_verifier`, for the access-token step. */
  verifier?: string | undefined
  /** `'1.0'` by default; `false` leaves `oauth_version` out (it is optional). */
  version?: '1.0' | false | undefined
  /** Where the protocol parameters go; `'header'` by default. */
  placement?: Placement | undefined
  /**
   * `oauth_body_hash` for bodies that are not form-encoded: `false` (the default) never,
   * `true` on every such request (a request without a body hashes the empty string), `'auto'`
   * only when there is a non-empty body.
   */
  bodyHash?: boolean | 'auto' | undefined
  /** The hash of `oauth_body_hash`; `'SHA-1'` by default. */
  bodyHashAlgorithm?: BodyHashAlgorithm | undefined
  /** A fixed nonce or a nonce generator; by default 128 bits from the CSPRNG for each request. */
  nonce?: string | (() => string) | undefined
  /** A fixed timestamp (seconds) or a clock returning seconds; by default the system clock. */
  timestamp?: number | string | (() => number | string) | undefined
  /** Replaces how the HMAC / PLAINTEXT key is built from the secrets (Falcon's `makeSecret`). */
  signingKey?: SigningKeyStrategy | undefined
  /** `'webcrypto'` forces WebCrypto even where Node's crypto is available. */
  crypto?: CryptoPreference | undefined
  /**
   * The origins the adapters may send these credentials to. Without any, each request is signed
   * for its own origin and redirects to another origin carry no credentials.
   */
  origins?: readonly OriginInput[] | undefined
  /**
   * Opt-in clock-skew correction (off by default): on a refusal with `timestamp_refused` and an
   * acceptable range, or with a `Date` header far from this clock, the signer shifts its clock and
   * `onResponse` has the adapters send that request once more. See {@link ClockSkewOptions}.
   */
  correctClockSkew?: boolean | ClockSkewOptions | undefined
}

/**
 * What may change for one request.
 *
 * @example
 * ```ts
 * import { oauth1, type SignOverrides } from '@oauthkit/core'
 *
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })
 * const overrides: SignOverrides = { placement: 'query', token: 'request-token', tokenSecret: 'request-secret', verifier: '123456' }
 * const signed = await signer.sign({ method: 'POST', url: 'https://x.test/oauth/access_token' }, overrides)
 * ```
 */
export interface SignOverrides {
  /** Where the protocol parameters go for this request. */
  placement?: Placement | undefined
  /** The nonce of this request. */
  nonce?: string | undefined
  /** The timestamp of this request, in seconds. */
  timestamp?: number | string | undefined
  /** Another token for this request. */
  token?: string | undefined
  /** The secret of that token. */
  tokenSecret?: string | undefined
  /** `oauth_callback` for this request. */
  callback?: string | undefined
  /** `oauth_verifier` for this request. */
  verifier?: string | undefined
  /** The realm for this request. */
  realm?: string | undefined
}

/**
 * What the signer computed, to explain a rejection: compare `baseString` with the provider's.
 *
 * @example
 * ```ts
 * import { oauth1, type OAuth1SignatureDetails } from '@oauthkit/core'
 *
 * const { oauth }: { oauth: OAuth1SignatureDetails } = await oauth1({ consumerKey: 'key' }).sign({ method: 'GET', url: 'https://x.test/' })
 * console.assert(oauth.baseString.startsWith('GET&'))
 * ```
 */
export interface OAuth1SignatureDetails {
  /** The protocol parameters sent, `oauth_signature` last. */
  parameters: [string, string][]
  /** The signature base string. */
  baseString: string
  /** The signature before percent-encoding. */
  signature: string
  /** Where the parameters went. */
  placement: Placement
}

/**
 * A signed request: {@link AuthorizedRequest} plus the details of its signature.
 *
 * @example
 * ```ts
 * import { oauth1, type SignedRequest } from '@oauthkit/core'
 *
 * const signed: SignedRequest = await oauth1({ consumerKey: 'key' }).sign({ method: 'GET', url: 'https://x.test/' })
 * const response = await fetch(signed.url, { method: signed.method, headers: signed.headers })
 * ```
 */
export interface SignedRequest extends AuthorizedRequest {
  /** The protocol parameters, the base string and the signature. */
  oauth: OAuth1SignatureDetails
}

/**
 * An OAuth 1.0a signer; an {@link Authorizer} that every adapter accepts.
 *
 * @example
 * ```ts
 * import { oauth1, type OAuth1Signer } from '@oauthkit/core'
 *
 * const consumerOnly: OAuth1Signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret' })
 * const forUser: OAuth1Signer = consumerOnly.with({ token: 'access-token', tokenSecret: 'token-secret' })
 * ```
 */
export interface OAuth1Signer extends Authorizer<SignOverrides> {
  /** Always `'oauth1'`. */
  readonly kind: 'oauth1'
  /** The consumer key. */
  readonly consumerKey: string
  /** The token, when there is one. */
  readonly token: string | undefined
  /** The signature method. */
  readonly signatureMethod: SignatureMethod
  /** The default placement. */
  readonly placement: Placement
  /** Signs one attempt of a request; the caller's request is not changed. */
  sign(request: RequestParts, overrides?: SignOverrides): Promise<SignedRequest>
  /** The same as {@link OAuth1Signer.sign}: the {@link Authorizer} contract. */
  authorize(request: RequestParts, overrides?: SignOverrides): Promise<SignedRequest>
  /** A new signer with some options changed (for example a new token); this one is unchanged. */
  with(changes: Partial<OAuth1Options>): OAuth1Signer
  /**
   * Reviews the final response of a call: a 400 or 401 carrying an OAuth problem report fails the
   * call with that report as an `OAuthProblemError`; with `correctClockSkew`, a clock-related
   * refusal corrects the clock and answers `'retry'`.
   */
  onResponse(response: ResponseParts, request: RequestParts): Promise<'retry' | undefined>
  /** Seconds the clock-skew correction adds to the timestamp source; 0 without a correction. */
  readonly clockOffset: number
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded'
const REALM_CHARACTERS = /^[\x20-\x7e]*$/
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

function invalid(message: string): OAuthError {
  return new OAuthError('invalid_options', `oauth1(): ${message}`)
}

function checkOptionalString(options: OAuth1Options, name: keyof OAuth1Options): void {
  const value = options[name]
  if (value !== undefined && typeof value !== 'string') throw invalid(`${name} must be a string`)
}

function validate(options: OAuth1Options): void {
  if (typeof options !== 'object' || options === null) throw invalid('options are required')
  if (typeof options.consumerKey !== 'string' || options.consumerKey === '') throw invalid('consumerKey must be a non-empty string')
  for (const name of ['consumerSecret', 'token', 'tokenSecret', 'callback', 'verifier', 'realm'] as const)
    checkOptionalString(options, name)
  if (options.signatureMethod !== undefined && !isSignatureMethod(options.signatureMethod)) {
    throw invalid(`unknown signatureMethod ${JSON.stringify(String(options.signatureMethod))}`)
  }
  if (options.realm !== undefined && !REALM_CHARACTERS.test(options.realm)) throw invalid('realm must be printable ASCII')
  if (options.placement !== undefined) assertPlacement(options.placement, 'oauth1()')
  if (options.version !== undefined && options.version !== '1.0' && options.version !== false)
    throw invalid("version must be '1.0' or false")
  const { bodyHash } = options
  if (bodyHash !== undefined && typeof bodyHash !== 'boolean' && bodyHash !== 'auto')
    throw invalid("bodyHash must be true, false or 'auto'")
}

function timestampString(value: number | string, where: string): string {
  const text = typeof value === 'number' ? String(Math.floor(value)) : value
  if (!/^\d+$/.test(text)) throw new OAuthError('invalid_options', `${where}: the timestamp must be a whole number of seconds`)
  return text
}

/**
 * The `Authorization` header of `formatAuthorizationHeader`, from the protocol parameters and
 * their values percent-encoded already (protocol names are unreserved: they encode to themselves).
 */
function formatEncodedAuthorizationHeader(
  parameters: readonly ParameterPair[],
  encoded: readonly string[],
  realm: string | undefined,
): string {
  let header = realm === undefined ? 'OAuth ' : `OAuth realm=${quoteRealm(realm)}, `
  for (let i = 0; i < parameters.length; i++)
    header += `${i === 0 ? '' : ', '}${(parameters[i] as ParameterPair)[0]}="${encoded[i] as string}"`
  return header
}

/** The protocol parameters as a query or form body: `serializePairs` with the values encoded already. */
function serializeEncoded(parameters: readonly ParameterPair[], encoded: readonly string[]): string {
  let out = ''
  for (let i = 0; i < parameters.length; i++) out += `${i === 0 ? '' : '&'}${(parameters[i] as ParameterPair)[0]}=${encoded[i] as string}`
  return out
}

function isEmptyBody(body: RequestBody | null | undefined): boolean {
  if (body === null || body === undefined || body === '') return true
  if (body instanceof ArrayBuffer) return body.byteLength === 0
  if (ArrayBuffer.isView(body)) return body.byteLength === 0
  return false
}

/**
 * Creates an OAuth 1.0a signer (RFC 5849). The signer is an {@link Authorizer}: hand it to
 * `withOAuth` of any adapter, or call `sign` yourself. Secrets stay inside the signer's closure:
 * they are not properties of the object, so logging a signer shows none of them.
 *
 * @example
 * ```ts
 * import { oauth1 } from '@oauthkit/core'
 *
 * const signer = oauth1({
 *   consumerKey: 'dpf43f3p2l4k3l03',
 *   consumerSecret: 'kd94hf93k423kf44',
 *   token: 'nnch734d00sl2jdk',
 *   tokenSecret: 'pfkkdhi9sl3r4s00',
 * })
 * const signed = await signer.sign({ method: 'GET', url: 'https://photos.example.net/photos?file=vacation.jpg&size=original' })
 * const response = await fetch(signed.url, { headers: signed.headers })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3
 */
export function oauth1(options: OAuth1Options): OAuth1Signer {
  validate(options)
  const config = { ...options }
  const signatureMethod = config.signatureMethod ?? 'HMAC-SHA1'
  const defaultPlacement = config.placement ?? 'header'
  const version = config.version ?? '1.0'
  const isRsa = signatureMethod.startsWith('RSA-')
  const origins = normalizeOrigins(config.origins)
  const keyFor = (tokenSecret: string): SignFunction =>
    createSignFunction({
      signatureMethod,
      consumerSecret: config.consumerSecret,
      tokenSecret,
      privateKey: config.privateKey,
      signingKey: config.signingKey,
      crypto: config.crypto,
    })
  // Imported once; a per-request token secret gets its own function (RSA keys ignore secrets).
  const defaultSign = keyFor(config.tokenSecret ?? '')
  // The protocol parameters that are the same on every request, encoded once: for the header and
  // the query or body (`once`), and for the base string (`twice`).
  const fixedValues = new Map<string, { value: string; once: string; twice: string }>()
  for (const [name, value] of [
    ['oauth_consumer_key', config.consumerKey],
    ['oauth_signature_method', signatureMethod],
    ['oauth_version', version],
    ['oauth_token', config.token],
    ['oauth_callback', config.callback],
    ['oauth_verifier', config.verifier],
  ] as const) {
    if (typeof value === 'string') fixedValues.set(name, { value, once: percentEncode(value), twice: percentEncodeTwice(value) })
  }

  const nextNonce = (): string => {
    const { nonce } = config
    return nonce === undefined ? generateNonce() : typeof nonce === 'function' ? nonce() : nonce
  }
  const skew = clockSkewCorrection(config)
  const readClock = (): number | string => {
    const { timestamp } = config
    return timestamp === undefined ? Date.now() / 1000 : typeof timestamp === 'function' ? timestamp() : timestamp
  }
  const nextTimestamp = (): string => {
    const text = timestampString(readClock(), 'oauth1()')
    return skew === undefined ? text : skew.shift(text)
  }

  async function sign(request: RequestParts, overrides: SignOverrides = {}): Promise<SignedRequest> {
    const method = String(request.method)
    if (!METHOD_TOKEN.test(method))
      throw new OAuthError('invalid_request', `Cannot sign a request whose method is ${JSON.stringify(method)}`)
    const placement = overrides.placement ?? defaultPlacement
    // Describing the request costs: only for a placement that is not one.
    if (!(PLACEMENTS as readonly string[]).includes(placement))
      assertPlacement(placement, `Signing ${describeRequest(method, request.url)}`)
    const upperMethod = method.toUpperCase()
    const parsed = requestUrl(request)
    const url = request.url instanceof URL ? new URL(parsed.href) : parsed
    const targets = placementTargets(placement)
    const realm = overrides.realm ?? config.realm
    if (realm !== undefined && !REALM_CHARACTERS.test(realm))
      throw new OAuthError('invalid_options', 'sign(): realm must be printable ASCII')

    const token = overrides.token ?? config.token
    const callback = overrides.callback ?? config.callback
    const verifier = overrides.verifier ?? config.verifier
    const protocol: [string, string][] = [['oauth_consumer_key', config.consumerKey]]
    if (token !== undefined && token !== '') protocol.push(['oauth_token', token])
    protocol.push(
      ['oauth_signature_method', signatureMethod],
      ['oauth_timestamp', overrides.timestamp === undefined ? nextTimestamp() : timestampString(overrides.timestamp, 'sign()')],
      ['oauth_nonce', overrides.nonce ?? nextNonce()],
    )
    if (version !== false) protocol.push(['oauth_version', version])
    if (callback !== undefined) protocol.push(['oauth_callback', callback])
    if (verifier !== undefined) protocol.push(['oauth_verifier', verifier])

    // Parameters this signer writes replace those of an earlier attempt wherever they are.
    const owned = (name: string): boolean =>
      name === 'oauth_signature' || name === 'oauth_body_hash' || protocol.some((pair) => pair[0] === name)

    const query = url.search.slice(1)
    const cleanQuery = removeFormParameters(query, owned)
    if (cleanQuery !== query) url.search = cleanQuery

    const headers = copyHeaders(request.headers)
    let body: RequestBody | null = request.body ?? null
    const contentType = headerValue(request.headers, 'content-type')
    let formText: string | undefined
    if (isFormBody(body, contentType)) {
      formText = body instanceof URLSearchParams ? body.toString() : (body as string)
      const cleanForm = removeFormParameters(formText, owned)
      if (cleanForm !== formText) {
        formText = cleanForm
        body = cleanForm
      }
    } else if (targets.body) {
      const where = describeRequest(method, url)
      if (upperMethod === 'GET' || upperMethod === 'HEAD') {
        throw new OAuthError(
          'placement_unsupported',
          `Cannot put the OAuth parameters in the body of ${where}: a ${upperMethod} request has no body; use 'header' or 'query'`,
        )
      }
      if (!isEmptyBody(body) || (contentType !== null && !/^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType))) {
        throw new OAuthError(
          'placement_unsupported',
          `Cannot put the OAuth parameters in the body of ${where}: its body is not application/x-www-form-urlencoded; use 'header' or 'query'`,
        )
      }
      formText = ''
    }

    const { bodyHash } = config
    if (formText === undefined && (bodyHash === true || (bodyHash === 'auto' && !isEmptyBody(body)))) {
      protocol.push(['oauth_body_hash', await computeBodyHash(body, config.bodyHashAlgorithm, config.crypto)])
    }

    const signed: EncodedParameters = { names: [], values: [] }
    const search = url.search
    if (search.length > 1) addFormParameters(search.slice(1), signed, 'oauth_signature')
    if (formText) addFormParameters(formText, signed, 'oauth_signature')
    // Protocol parameter names are unreserved: encoding leaves them as they are. Values are
    // encoded once for the header, query or body, and twice for the base string.
    const nonceIsHex = overrides.nonce === undefined && config.nonce === undefined
    const encoded: string[] = []
    for (const [name, value] of protocol) {
      const fixed = fixedValues.get(name)
      signed.names.push(name)
      if (fixed !== undefined && fixed.value === value) {
        signed.values.push(fixed.twice)
        encoded.push(fixed.once)
      } else if (name === 'oauth_nonce' && nonceIsHex) {
        // generateNonce(): lowercase hex, unreserved.
        signed.values.push(value)
        encoded.push(value)
      } else {
        signed.values.push(percentEncodeTwice(value))
        encoded.push(percentEncode(value))
      }
    }
    const baseString = baseStringOf(upperMethod, url, signed)
    const signFunction = overrides.tokenSecret === undefined || isRsa ? defaultSign : keyFor(overrides.tokenSecret)
    const pending = signFunction(baseString)
    // Node's HMAC and RSA sign synchronously: awaiting a string would only cost a turn.
    const signature = typeof pending === 'string' ? pending : await pending
    const parameters: [string, string][] = [...protocol, ['oauth_signature', signature]]
    encoded.push(percentEncode(signature))

    if (targets.header) headers.set('authorization', formatEncodedAuthorizationHeader(parameters, encoded, realm))
    else if (/^\s*OAuth\s/i.test(headers.get('authorization') ?? '')) headers.delete('authorization')
    if (targets.query) {
      const serialized = serializeEncoded(parameters, encoded)
      url.search = search.length > 1 ? `${search.slice(1)}&${serialized}` : serialized
    }
    if (targets.body) {
      const serialized = serializeEncoded(parameters, encoded)
      body = formText ? `${formText}&${serialized}` : serialized
    }
    if (typeof body === 'string' && formText !== undefined && contentType === null) headers.set('content-type', FORM_CONTENT_TYPE)

    return { method, url: url.href, headers, body, oauth: { parameters, baseString, signature, placement } }
  }

  // With a clock correction, each signing notes the clock it used (see clock-skew.ts).
  const signRecorded: typeof sign =
    skew === undefined
      ? sign
      : (request, overrides) => {
          skew.record(request)
          return sign(request, overrides)
        }

  function strip(request: RequestParts): AuthorizedRequest {
    const url = new URL(requestUrl(request).href)
    const isProtocol = (name: string): boolean => name.startsWith('oauth_')
    const query = url.search.slice(1)
    const cleanQuery = removeFormParameters(query, isProtocol)
    if (cleanQuery !== query) url.search = cleanQuery
    const headers = new Headers(request.headers)
    headers.delete('authorization')
    let body: RequestBody | null = request.body ?? null
    if (hasFormBody(request)) {
      const text = body instanceof URLSearchParams ? body.toString() : (body as string)
      const clean = removeFormParameters(text, isProtocol)
      if (clean !== text) body = clean
    }
    return { method: request.method, url: url.href, headers, body }
  }

  return {
    kind: 'oauth1',
    origins,
    strip,
    consumerKey: config.consumerKey,
    token: config.token,
    signatureMethod,
    placement: defaultPlacement,
    sign: signRecorded,
    authorize: signRecorded,
    with: (changes) => oauth1({ ...config, ...changes }),
    onResponse: reviewOAuth1Response(skew, () => Number(timestampString(readClock(), 'oauth1()'))),
    get clockOffset() {
      return skew?.offset ?? 0
    },
  }
}
