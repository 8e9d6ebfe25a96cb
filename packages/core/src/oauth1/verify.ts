import { describeRequest, OAuthError } from '../errors/errors.ts'
import type { OAuthProblem } from '../errors/problem-code.ts'
import type { OAuthProblemDetails } from '../errors/problem-error.ts'
import { OAuthProblemError } from '../errors/problem-error.ts'
import { countFormParameters, formText, normalizeParameters, parseForm } from '../http/parameters.ts'
import type { RequestBody } from '../http/request-body.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { hasFormBody, headerValue, isEmptyBody, requestUrl } from '../http/request-parts.ts'
import type { CryptoPreference } from '../runtime.ts'
import type { NonceStore } from './nonce-store.ts'
import { MemoryNonceStore } from './nonce-store.ts'
import { parseAuthorizationHeader } from './signing/authorization-header.ts'
import { composeBaseString } from './signing/base-string.ts'
import type { BodyHashAlgorithm } from './signing/body-hash.ts'
import { computeBodyHash } from './signing/body-hash.ts'
import { timingSafeEqual } from './signing/constant-time.ts'
import { verifySignature } from './signing/signature.ts'
import type { SignatureMethod, SigningKeyStrategy } from './signing/signature-method.ts'
import { isSignatureMethod, SIGNATURE_METHODS } from './signing/signature-method.ts'

/**
 * What {@link VerifyOptions.lookupConsumer} returns for a known consumer.
 *
 * @example
 * ```ts
 * import type { ConsumerCredentials } from '@oauthkit/core'
 *
 * const hmacConsumer: ConsumerCredentials = { secret: 'consumer-secret' }
 * const rsaConsumer: ConsumerCredentials = { publicKey: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----' }
 * ```
 */
export interface ConsumerCredentials {
  /** The consumer secret, for HMAC and PLAINTEXT: without one (or with an empty one) those methods are refused. */
  secret?: string | undefined
  /** The consumer's RSA public key (SPKI or PKCS#1 PEM, or a `CryptoKey`), for `RSA-*`. */
  publicKey?: string | CryptoKey | undefined
}

/**
 * What {@link VerifyOptions.lookupToken} returns for a valid token.
 *
 * @example
 * ```ts
 * import type { TokenCredentials } from '@oauthkit/core'
 *
 * const token: TokenCredentials = { secret: 'token-secret' }
 * ```
 */
export interface TokenCredentials {
  /** The token secret. */
  secret: string
}

/**
 * A value or a promise of it: what lookup callbacks may return.
 *
 * @example
 * ```ts
 * import type { Awaitable } from '@oauthkit/core'
 *
 * const lookup = (key: string): Awaitable<{ secret: string } | undefined> => (key === 'k' ? { secret: 's' } : undefined)
 * ```
 */
export type Awaitable<T> = T | Promise<T>

/**
 * Options of {@link verifyOAuth1}.
 *
 * @example
 * ```ts
 * import { MemoryNonceStore, type VerifyOptions } from '@oauthkit/core'
 *
 * const options: VerifyOptions = {
 *   lookupConsumer: async (key) => (key === 'key' ? { secret: 'secret' } : undefined),
 *   nonceStore: new MemoryNonceStore(),
 *   timestampWindowSeconds: 120,
 *   allowedSignatureMethods: ['HMAC-SHA256', 'RSA-SHA256'],
 * }
 * ```
 */
export interface VerifyOptions<
  Consumer extends ConsumerCredentials = ConsumerCredentials,
  Token extends TokenCredentials = TokenCredentials,
> {
  /** Finds a consumer by key; `undefined` refuses the request with `consumer_key_unknown`. */
  lookupConsumer: (consumerKey: string) => Awaitable<Consumer | undefined>
  /**
   * Finds a token of that consumer; `undefined` refuses with `token_rejected`. Without it, requests
   * with a token are refused. Answer only a token issued to `consumerKey`: the signature proves the
   * sender knows both secrets, not that this consumer was given the token, so a lookup by token alone
   * lets a leaked token and its secret work with any consumer's key.
   */
  lookupToken?: ((token: string, consumerKey: string) => Awaitable<Token | undefined>) | undefined
  /**
   * Where used nonces are remembered. By default one in-memory store shared by every call in this
   * process: enough for one server process, not for several behind a load balancer.
   */
  nonceStore?: NonceStore | undefined
  /** How far a timestamp may be from `now`, in seconds; 300 by default. */
  timestampWindowSeconds?: number | undefined
  /** The clock, in milliseconds; `Date.now` by default. */
  now?: (() => number) | undefined
  /** The signature methods accepted; every method except `PLAINTEXT` by default. */
  allowedSignatureMethods?: readonly SignatureMethod[] | undefined
  /** Refuse requests without `oauth_token` (`parameter_absent`); `false` by default. */
  requireToken?: boolean | undefined
  /**
   * Accept the protocol parameters in the header plus an identical copy in the query or body
   * (Falcon's `UseHeader.FULL`, oauthkit's `'header+query'` / `'header+body'`). RFC 5849 3.5
   * forbids it, so `false` by default.
   */
  allowCopiedParameters?: boolean | undefined
  /**
   * The most parameters the query and form body may carry together; 1000 by default. They are
   * counted before any is decoded; more refuse the request with an `OAuthError` of code
   * `too_many_parameters` (answer 413 when it has a form body, 400 otherwise). Bound the body's bytes
   * where it is read (`nodeListener`'s `maxBodyBytes`, your framework's body limit).
   */
  maxParameters?: number | undefined
  /** The hash of `oauth_body_hash`; `'SHA-1'` by default. */
  bodyHashAlgorithm?: BodyHashAlgorithm | undefined
  /**
   * Refuse (`parameter_absent`, naming `oauth_body_hash`) a request with a body that is neither
   * form-encoded nor empty and no `oauth_body_hash`: RFC 5849 signs no such body, so without a body
   * hash it could be swapped. `false` by default.
   */
  requireBodyHash?: boolean | undefined
  /** Replaces how the HMAC / PLAINTEXT key is built from the secrets. */
  signingKey?: SigningKeyStrategy | undefined
  /** `'webcrypto'` forces WebCrypto even where Node's crypto is available. */
  crypto?: CryptoPreference | undefined
}

/**
 * Where a request carried its protocol parameters.
 *
 * @example
 * ```ts
 * import { verifyOAuth1, type ParameterLocation } from '@oauthkit/core'
 *
 * async function where(request: Request): Promise<ParameterLocation> {
 *   const verified = await verifyOAuth1(request, { lookupConsumer: async () => ({ secret: 'secret' }) })
 *   return verified.location
 * }
 * ```
 */
export type ParameterLocation = 'header' | 'query' | 'body'

/**
 * A request that passed {@link verifyOAuth1}.
 *
 * @example
 * ```ts
 * import { verifyOAuth1, type VerifiedOAuth1 } from '@oauthkit/core'
 *
 * async function caller(request: Request): Promise<string> {
 *   const verified: VerifiedOAuth1 = await verifyOAuth1(request, { lookupConsumer: async () => ({ secret: 'secret' }) })
 *   return verified.consumerKey
 * }
 * ```
 */
export interface VerifiedOAuth1<
  Consumer extends ConsumerCredentials = ConsumerCredentials,
  Token extends TokenCredentials = TokenCredentials,
> {
  /** The consumer key. */
  consumerKey: string
  /** What `lookupConsumer` returned. */
  consumer: Consumer
  /** The token, when the request had one. */
  token?: string
  /** What `lookupToken` returned, when the request had a token. */
  tokenCredentials?: Token
  /** The signature method. */
  signatureMethod: SignatureMethod
  /** `oauth_timestamp`, when sent (PLAINTEXT may omit it). */
  timestamp?: number
  /** `oauth_nonce`, when sent. */
  nonce?: string
  /** `oauth_callback`, when sent. */
  callback?: string
  /** `oauth_verifier`, when sent. */
  verifier?: string
  /** The realm of the Authorization header, when sent. */
  realm?: string
  /** Where the protocol parameters were. */
  location: ParameterLocation
  /** Every `oauth_*` protocol parameter, `oauth_signature` included. */
  protocolParameters: [string, string][]
  /** Every other parameter of the query and form body. */
  parameters: [string, string][]
}

interface WireRequest {
  method: string
  url: URL
  authorization: string | null
  formText: string | undefined
  body: () => Promise<RequestBody | null>
}

const isRequest = (value: RequestParts | Request): value is Request =>
  typeof (value as Request).clone === 'function' && typeof (value as Request).arrayBuffer === 'function'

async function readRequest(input: Request): Promise<WireRequest> {
  const parts: RequestParts = { method: input.method, url: input.url, headers: input.headers, body: '' }
  const form = input.body !== null && hasFormBody(parts)
  return {
    method: input.method,
    url: requestUrl(parts),
    authorization: input.headers.get('authorization'),
    formText: form ? await input.clone().text() : undefined,
    body: async () => (input.body === null ? null : input.clone().arrayBuffer()),
  }
}

// Parts are read without an await: a turn of the event loop is a measurable part of a verification.
function readParts(input: RequestParts): WireRequest {
  const url = requestUrl(input)
  const form = hasFormBody(input)
  const body = input.body ?? null
  return {
    method: input.method,
    url,
    // Read as Content-Type is, without copying every header into a Headers (a tenth of a verification).
    authorization: headerValue(input.headers, 'authorization'),
    formText: form ? formText(body as RequestBody) : undefined,
    body: async () => body,
  }
}

/** The refusal of a request whose body cannot be read (or hashed) to check `oauth_body_hash`. */
function unreadable(where: string, cause: unknown): OAuthProblemError {
  return new OAuthProblemError('parameter_rejected', `The body could not be read to check oauth_body_hash (${where})`, {}, { cause })
}

/** The body; one that cannot be read refuses the request (`parameter_rejected`). */
async function readBody(wire: WireRequest, where: string): Promise<RequestBody | null> {
  try {
    return await wire.body()
  } catch (cause) {
    throw unreadable(where, cause)
  }
}

let sharedNonceStore: MemoryNonceStore | undefined
function defaultNonceStore(): MemoryNonceStore {
  if (sharedNonceStore === undefined) sharedNonceStore = new MemoryNonceStore()
  return sharedNonceStore
}

const DEFAULT_METHODS = SIGNATURE_METHODS.filter((method) => method !== 'PLAINTEXT')
const isProtocol = ([name]: readonly [string, string]): boolean => name.startsWith('oauth_')
const REQUIRED_PLAINTEXT = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature']
const REQUIRED = [...REQUIRED_PLAINTEXT, 'oauth_timestamp', 'oauth_nonce']
const LOCATIONS: readonly ParameterLocation[] = ['header', 'query', 'body']

type RefuseWith = (code: OAuthProblem, message: string, details?: OAuthProblemDetails) => OAuthProblemError

/** What {@link checkProtocolParameters} found out. */
interface CheckedParameters<Consumer, Token> {
  values: Map<string, string>
  method: SignatureMethod
  timestamp: number | undefined
  consumerKey: string
  consumer: Consumer
  token: string | undefined
  tokenCredentials: Token | undefined
}

/**
 * The checks that need the protocol parameters alone: none twice, the version, the ones required,
 * the signature method, the timestamp window, the consumer and the token, and a key for the method.
 */
async function checkProtocolParameters<Consumer extends ConsumerCredentials, Token extends TokenCredentials>(
  protocolParameters: [string, string][],
  options: VerifyOptions<Consumer, Token>,
  { problem, nowSeconds, window }: { problem: RefuseWith; nowSeconds: number; window: number },
): Promise<CheckedParameters<Consumer, Token>> {
  const values = new Map<string, string>()
  const duplicated = new Set<string>()
  for (const [name, value] of protocolParameters) {
    if (values.has(name)) duplicated.add(name)
    values.set(name, value)
  }
  if (duplicated.size > 0) {
    throw problem('parameter_rejected', `Protocol parameters sent twice: ${[...duplicated].join(', ')}`, {
      parametersRejected: [...duplicated],
    })
  }

  const version = values.get('oauth_version')
  if (version !== undefined && version !== '1.0') {
    throw problem('version_rejected', 'oauth_version must be 1.0', { acceptableVersions: { min: '1.0', max: '1.0' } })
  }
  const method = values.get('oauth_signature_method')
  const absent = (method === 'PLAINTEXT' ? REQUIRED_PLAINTEXT : REQUIRED).filter((name) => !values.has(name))
  if (options.requireToken && !values.has('oauth_token')) absent.push('oauth_token')
  if (absent.length > 0) throw problem('parameter_absent', `Missing ${absent.join(', ')}`, { parametersAbsent: absent })

  const allowed = options.allowedSignatureMethods ?? DEFAULT_METHODS
  if (!isSignatureMethod(method) || !allowed.includes(method)) {
    throw problem(
      'signature_method_rejected',
      `Signature method ${JSON.stringify(method)} is not accepted; accepted: ${allowed.join(', ')}`,
    )
  }

  const timestampText = values.get('oauth_timestamp')
  let timestamp: number | undefined
  if (timestampText !== undefined) {
    if (!/^\d{1,15}$/.test(timestampText)) {
      throw problem('parameter_rejected', 'oauth_timestamp must be a whole number of seconds', { parametersRejected: ['oauth_timestamp'] })
    }
    timestamp = Number(timestampText)
    if (Math.abs(nowSeconds - timestamp) > window) {
      throw problem('timestamp_refused', 'oauth_timestamp is outside the accepted window', {
        acceptableTimestamps: { min: nowSeconds - window, max: nowSeconds + window },
      })
    }
  }

  const consumerKey = values.get('oauth_consumer_key') as string
  const consumer = await options.lookupConsumer(consumerKey)
  if (consumer === undefined || consumer === null) throw problem('consumer_key_unknown', 'Unknown consumer key')

  const token = values.get('oauth_token')
  let tokenCredentials: Token | undefined
  if (token !== undefined) {
    tokenCredentials = options.lookupToken ? await options.lookupToken(token, consumerKey) : undefined
    if (tokenCredentials === undefined || tokenCredentials === null)
      throw problem('token_rejected', 'The token is not valid for this consumer')
  }

  if (method.startsWith('RSA-') && !consumer.publicKey) {
    throw problem('signature_method_rejected', `The consumer has no RSA public key for ${method}`)
  }
  // Without a consumer secret, the HMAC key is "&" plus the token secret (or nothing): anyone who
  // knows the consumer key, which every request shows, could sign as that consumer.
  if (!method.startsWith('RSA-') && !consumer.secret) {
    throw problem('signature_method_rejected', `The consumer has no secret for ${method}`)
  }

  return { values, method, timestamp, consumerKey, consumer, token, tokenCredentials }
}

function sameMultiset(a: readonly (readonly [string, string])[], b: readonly (readonly [string, string])[]): boolean {
  if (a.length !== b.length) return false
  const key = (pairs: readonly (readonly [string, string])[]): string => normalizeParameters(pairs)
  return key(a) === key(b)
}

/**
 * Verifies a signed OAuth 1.0a request: the server side of RFC 5849 3.2. It finds the protocol
 * parameters in exactly one place (header, query or form body), checks the version, the signature
 * method, the timestamp window, the consumer and its token through your lookups (`lookupToken` is
 * given the consumer key: bind each token to the consumer it was issued to), the signature (in
 * constant time, or with the RSA public key), `oauth_body_hash` when present, and finally that the
 * nonce is fresh. Failures throw an {@link OAuthProblemError} whose `code` is the OAuth problem name;
 * more parameters than `maxParameters` throw an {@link OAuthError} `too_many_parameters` (answer 413).
 *
 * @example
 * ```ts
 * import { MemoryNonceStore, verifyOAuth1 } from '@oauthkit/core'
 *
 * const nonceStore = new MemoryNonceStore()
 * async function handle(request: Request): Promise<Response> {
 *   try {
 *     const verified = await verifyOAuth1(request, {
 *       lookupConsumer: async (key) => (key === 'dpf43f3p2l4k3l03' ? { secret: 'kd94hf93k423kf44' } : undefined),
 *       // Only the consumer the token was issued to may use it.
 *       lookupToken: async (token, consumerKey) =>
 *         token === 'nnch734d00sl2jdk' && consumerKey === 'dpf43f3p2l4k3l03' ? { secret: 'pfkkdhi9sl3r4s00' } : undefined,
 *       nonceStore,
 *     })
 *     return Response.json({ consumer: verified.consumerKey })
 *   } catch (error) {
 *     return new Response(null, { status: 401 })
 *   }
 * }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
export async function verifyOAuth1<
  Consumer extends ConsumerCredentials = ConsumerCredentials,
  Token extends TokenCredentials = TokenCredentials,
>(request: Request | RequestParts, options: VerifyOptions<Consumer, Token>): Promise<VerifiedOAuth1<Consumer, Token>> {
  if (typeof options?.lookupConsumer !== 'function') {
    throw new OAuthError('invalid_options', 'verifyOAuth1(): lookupConsumer is required')
  }
  // A window that is not a number (an unset variable read as NaN) would let every timestamp and
  // every replay through: the comparisons with it are all false.
  const window = options.timestampWindowSeconds ?? 300
  if (typeof window !== 'number' || !Number.isFinite(window) || window < 0) {
    throw new OAuthError('invalid_options', 'verifyOAuth1(): timestampWindowSeconds must be a finite number of seconds, 0 or more')
  }
  const maxParameters = options.maxParameters ?? 1000
  if (typeof maxParameters !== 'number' || !(maxParameters >= 0)) {
    throw new OAuthError('invalid_options', 'verifyOAuth1(): maxParameters must be a number, 0 or more')
  }
  const wire = isRequest(request) ? await readRequest(request) : readParts(request)
  // Named in refusals only: most requests are not refused.
  const where = (): string => describeRequest(wire.method, wire.url)
  const problem = (code: OAuthProblem, message: string, details?: OAuthProblemDetails): OAuthProblemError =>
    new OAuthProblemError(code, `${message} (${where()})`, details)

  let header: ReturnType<typeof parseAuthorizationHeader> | undefined
  try {
    header = wire.authorization === null ? undefined : parseAuthorizationHeader(wire.authorization)
  } catch (cause) {
    // A client's malformed header is a refusal like any other, not an error of the server.
    if (!(cause instanceof OAuthError)) throw cause
    throw new OAuthProblemError('parameter_rejected', `${cause.message} (${where()})`, {}, { cause })
  }
  const headerParameters = header?.parameters ?? []
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000)
  const check = (protocolParameters: [string, string][]) =>
    checkProtocolParameters(protocolParameters, options, { problem, nowSeconds, window })
  // Cheap checks first: protocol parameters in the header are checked before the body is parsed.
  const fromHeader = headerParameters.filter(isProtocol)
  let checked = fromHeader.length > 0 ? await check(fromHeader) : undefined

  // Counted before anything is decoded, so that no request costs more than its parameters allow.
  const search = wire.url.search.slice(1)
  const inQuery = countFormParameters(search, maxParameters)
  const inBody = wire.formText === undefined ? 0 : countFormParameters(wire.formText, maxParameters - inQuery)
  if (inQuery + inBody > maxParameters) {
    throw new OAuthError(
      'too_many_parameters',
      `The query and form body carry more than ${maxParameters} parameters, the most maxParameters allows (${where()})`,
    )
  }
  const query = parseForm(search)
  const form = wire.formText === undefined ? [] : parseForm(wire.formText)
  const sources: Record<ParameterLocation, [string, string][]> = {
    header: fromHeader,
    query: query.filter(isProtocol),
    body: form.filter(isProtocol),
  }
  const found = LOCATIONS.filter((location) => sources[location].length > 0)
  if (found.length === 0) {
    throw problem('parameter_absent', 'The request carries no OAuth parameters', {
      parametersAbsent: ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature'],
    })
  }
  let location = found[0] as ParameterLocation
  let dropCopies = false
  if (found.length > 1) {
    const copies = found.filter((place) => place !== 'header')
    const copiesMatch = found.includes('header') && copies.every((place) => sameMultiset(sources[place], sources.header))
    if (!options.allowCopiedParameters || !copiesMatch) {
      throw problem('parameter_rejected', `OAuth parameters found in more than one place (${found.join(', ')}); RFC 5849 3.5 allows one`)
    }
    location = 'header'
    dropCopies = true
  }
  const protocolParameters = sources[location]
  // Parameters in the header were checked above; the location is then always the header.
  checked ??= await check(protocolParameters)
  const { values, method, timestamp, consumerKey, consumer, token, tokenCredentials } = checked

  // Copies of the header's protocol parameters in the query or body are signed once, from the header.
  const parameters = [...query, ...form].filter((pair) => !isProtocol(pair))
  const signedPairs = dropCopies ? [...parameters] : [...query, ...form]
  if (location === 'header') signedPairs.push(...headerParameters)
  const baseString = composeBaseString(wire.method, wire.url, signedPairs)
  // A key that cannot be read is the server's misconfiguration, not the client's fault: it propagates as key_invalid.
  const valid = await verifySignature(baseString, values.get('oauth_signature') as string, {
    signatureMethod: method,
    consumerSecret: consumer.secret,
    tokenSecret: tokenCredentials?.secret ?? '',
    publicKey: consumer.publicKey,
    signingKey: options.signingKey,
    crypto: options.crypto,
  })
  if (!valid) throw problem('signature_invalid', 'The signature does not match the request')

  const bodyHash = values.get('oauth_body_hash')
  if (bodyHash === undefined && options.requireBodyHash && wire.formText === undefined && !isEmptyBody(await readBody(wire, where()))) {
    throw problem('parameter_absent', 'The body is not signed: oauth_body_hash is required', { parametersAbsent: ['oauth_body_hash'] })
  }
  if (bodyHash !== undefined) {
    if (wire.formText !== undefined) {
      throw problem('parameter_rejected', 'oauth_body_hash is not allowed on a form-encoded body', {
        parametersRejected: ['oauth_body_hash'],
      })
    }
    let expected: string
    try {
      expected = await computeBodyHash(await wire.body(), options.bodyHashAlgorithm, options.crypto)
    } catch (cause) {
      throw unreadable(where(), cause)
    }
    if (!timingSafeEqual(expected, bodyHash)) throw problem('signature_invalid', 'oauth_body_hash does not match the body')
  }

  const nonce = values.get('oauth_nonce')
  if (nonce !== undefined && timestamp !== undefined) {
    const store = options.nonceStore ?? defaultNonceStore()
    const fresh = await store.use({
      consumerKey,
      token: token ?? '',
      timestamp,
      nonce,
      ttlSeconds: Math.max(0, timestamp + window - nowSeconds) + 1,
    })
    if (!fresh) throw problem('nonce_used', 'The nonce was used before')
  }

  const verified: VerifiedOAuth1<Consumer, Token> = {
    consumerKey,
    consumer,
    signatureMethod: method,
    location,
    protocolParameters,
    parameters,
  }
  if (token !== undefined) verified.token = token
  if (tokenCredentials !== undefined) verified.tokenCredentials = tokenCredentials
  if (timestamp !== undefined) verified.timestamp = timestamp
  if (nonce !== undefined) verified.nonce = nonce
  const callback = values.get('oauth_callback')
  if (callback !== undefined) verified.callback = callback
  const verifier = values.get('oauth_verifier')
  if (verifier !== undefined) verified.verifier = verifier
  if (header?.realm !== undefined && location === 'header') verified.realm = header.realm
  return verified
}
