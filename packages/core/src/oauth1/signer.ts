import { authorizedRequest } from '../contract/authorized-request.ts'
import type { AuthorizedRequest, Authorizer, HeaderChanges, ResponseParts } from '../contract/authorizer.ts'
import type { Placement } from '../contract/placement.ts'
import { assertFormBodyPlacement, assertPlacement, isPlacement } from '../contract/placement.ts'
import { describeRequest, OAuthError } from '../errors/errors.ts'
import { inClear, normalizeOrigins } from '../http/origins.ts'
import type { EncodedParameters, ParameterPair } from '../http/parameters.ts'
import { addFormParameters, removeRequestParameters, formText as textOfForm } from '../http/parameters.ts'
import { percentEncode, percentEncodeTwice } from '../http/percent-encode.ts'
import type { RequestBody } from '../http/request-body.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { hasFormBody, headerValue, isEmptyBody, isFormBody, requestUrl } from '../http/request-parts.ts'
import type { ClockState } from './clock-skew.ts'
import type { OAuth1Options, SignOverrides } from './signer-options.ts'
import { baseStringOf } from './signing/base-string.ts'
import { generateNonce } from './signing/nonce.ts'
import { isPrintableRealm, quoteRealm } from './signing/realm.ts'
import type { SignFunction } from './signing/signature.ts'
import { createSignFunction } from './signing/signature.ts'
import type { SignatureMethod } from './signing/signature-method.ts'
import { isSignatureMethod } from './signing/signature-method.ts'

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
  /**
   * Signs like {@link OAuth1Signer.sign}, for adapters (the {@link Authorizer} contract): its
   * `headers` are made from the request's headers only when read (so they show a change made to
   * those in between), and being an accessor, do not survive a spread copy; adapters apply
   * `headerChanges` to their client's own headers instead.
   */
  authorize(request: RequestParts, overrides?: SignOverrides): Promise<SignedRequest>
  /** A new signer with some options changed (for example a new token); this one is unchanged. */
  with(changes: Partial<OAuth1Options>): OAuth1Signer
  /**
   * Reviews the final response of a call: a 400 or 401 carrying an OAuth problem report fails the
   * call with that report as an `OAuthProblemError`, whose texts never show this signer's secrets
   * (nor a token secret of `overrides`, the options the request was signed with), raw or
   * percent-encoded; with `correctClockSkew`, a clock-related refusal corrects the clock and answers
   * `'retry'`.
   */
  onResponse(response: ResponseParts, request: RequestParts, overrides?: SignOverrides): Promise<'retry' | undefined>
  /** Seconds the clock-skew correction adds to the timestamp source; 0 without a correction. */
  readonly clockOffset: number
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded'
/** The statuses of a refusal that may carry an OAuth problem report (or a clock's `Date`). */
const REFUSALS: readonly number[] = Object.freeze([400, 401])
const COMMON_METHODS: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(
    Object.create(null),
    Object.fromEntries(
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].flatMap((name) => [
        [name, name],
        [name.toLowerCase(), name],
      ]),
    ),
  ),
)
const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Where a clock correction's state is kept on the options: `with()` spreads it into the signers it makes. */
const CLOCK = Symbol('oauthkit.clock')

function invalid(message: string): OAuthError {
  return new OAuthError('invalid_options', `oauth1(): ${message}`)
}

function validate(options: OAuth1Options): void {
  if (typeof options !== 'object' || options === null) throw invalid('options are required')
  if (typeof options.consumerKey !== 'string' || options.consumerKey === '') throw invalid('consumerKey must be a non-empty string')
  for (const name of ['consumerSecret', 'token', 'tokenSecret', 'callback', 'verifier', 'realm'] as const) {
    const value = options[name]
    if (value !== undefined && typeof value !== 'string') throw invalid(`${name} must be a string`)
  }
  const { signatureMethod, realm, placement, version, bodyHash, correctClockSkew: skew } = options
  if (signatureMethod !== undefined && !isSignatureMethod(signatureMethod))
    throw invalid(`unknown signatureMethod ${JSON.stringify(String(signatureMethod))}`)
  if (realm !== undefined && !isPrintableRealm(realm)) throw invalid('realm must be printable ASCII')
  if (placement !== undefined) assertPlacement(placement, 'oauth1()')
  if (version !== undefined && version !== '1.0' && version !== false) throw invalid("version must be '1.0' or false")
  if (bodyHash !== undefined && typeof bodyHash !== 'boolean' && bodyHash !== 'auto')
    throw invalid("bodyHash must be true, false or 'auto'")
  if (skew !== undefined && typeof skew !== 'boolean') {
    if (typeof skew !== 'object' || skew === null) throw invalid('correctClockSkew must be true, false or an options object')
    const threshold = skew.dateThresholdSeconds
    if (threshold !== undefined && !(typeof threshold === 'number' && Number.isFinite(threshold) && threshold >= 0))
      throw invalid('correctClockSkew.dateThresholdSeconds must be a number of seconds, 0 or more')
  }
}

let lastSecond = 0
let lastTimestamp = '0'

/** The system clock in whole seconds, as a string: made once a second, not once a request. */
function systemTimestamp(): string {
  const second = Math.floor(Date.now() / 1000)
  if (second !== lastSecond) {
    lastSecond = second
    lastTimestamp = String(second)
  }
  return lastTimestamp
}

function timestampString(value: number | string, where: string): string {
  const text = typeof value === 'number' ? String(Math.floor(value)) : value
  if (!/^\d+$/.test(text)) throw new OAuthError('invalid_options', `${where}: the timestamp must be a whole number of seconds`)
  return text
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
  const { consumerKey, bodyHash } = config
  const signatureMethod = config.signatureMethod ?? 'HMAC-SHA1'
  const defaultPlacement = config.placement ?? 'header'
  const version = config.version ?? '1.0'
  const origins = normalizeOrigins(config.origins)
  const keyFor = (tokenSecret: string): SignFunction => createSignFunction({ ...config, signatureMethod, tokenSecret })
  // Imported once; a per-request token secret gets its own function (RSA keys ignore secrets).
  const defaultSign = keyFor(config.tokenSecret ?? '')
  // The values that are the same on every request, encoded once (for the header, query or body)
  // and twice (for the base string), once per signer.
  const keyOnce = percentEncode(consumerKey)
  const keyTwice = percentEncodeTwice(consumerKey)
  const tokenOnce = config.token === undefined ? '' : percentEncode(config.token)
  const tokenTwice = config.token === undefined ? '' : percentEncodeTwice(config.token)
  // Clock-skew correction: the state here, the logic in a module loaded only when it is on.
  const skew = config.correctClockSkew
  const holder = config as { [CLOCK]?: ClockState }
  if (skew) holder[CLOCK] ??= { offset: 0, generation: 0, signed: new Map() }
  const clockState = skew ? holder[CLOCK] : undefined
  const clockModule = clockState && import('./clock-skew.ts')
  // Awaited by the first signing; a failed load is that signing's error, not an unhandled rejection.
  clockModule?.catch(() => undefined)
  const dateThreshold = (typeof skew === 'object' ? skew.dateThresholdSeconds : undefined) ?? 30
  const readClock = (): number | string => config.timestamp ?? (config.now ?? Date.now)() / 1000

  async function authorize(request: RequestParts, overrides: SignOverrides = {}): Promise<SignedRequest> {
    const method = String(request.method)
    // The methods clients send, in the spelling they send them, need no check and no uppercasing.
    const upperMethod = COMMON_METHODS[method] ?? method.toUpperCase()
    if (!(method in COMMON_METHODS) && !METHOD_TOKEN.test(method))
      throw new OAuthError('request_invalid', `Cannot sign a request whose method is ${JSON.stringify(method)}`)
    const placement = overrides.placement ?? defaultPlacement
    // Describing the request costs: only for a placement that is not one.
    if (!isPlacement(placement)) assertPlacement(placement, `Signing ${describeRequest(method, request.url)}`)
    const inHeader = placement.startsWith('header')
    const inBody = placement.endsWith('body')
    const parsed = requestUrl(request)
    const url = request.url instanceof URL ? new URL(parsed.href) : parsed
    // PLAINTEXT sends the secrets themselves: RFC 5849 3.4.4 allows it over TLS only (and loopback, for tests).
    if (signatureMethod === 'PLAINTEXT' && config.allowInsecureRequests !== true && inClear(url))
      throw new OAuthError(
        'request_invalid',
        `Cannot sign ${describeRequest(method, url)} with PLAINTEXT: it sends the secrets, so only over https (or with allowInsecureRequests)`,
      )
    const realm = overrides.realm ?? config.realm
    if (overrides.realm !== undefined && !isPrintableRealm(overrides.realm))
      throw new OAuthError('invalid_options', 'sign(): realm must be printable ASCII')

    const token = overrides.token ?? config.token
    // Another token signed with the configured token's secret would be refused, and mislead.
    if (
      overrides.token !== undefined &&
      overrides.token !== config.token &&
      overrides.tokenSecret === undefined &&
      !signatureMethod.startsWith('RSA-')
    )
      throw new OAuthError('invalid_options', 'sign(): a token given for one request needs its tokenSecret')
    const callback = overrides.callback ?? config.callback
    const verifier = overrides.verifier ?? config.verifier
    let timestamp =
      overrides.timestamp === undefined
        ? config.timestamp === undefined && config.now === undefined
          ? systemTimestamp()
          : timestampString(readClock(), 'oauth1()')
        : timestampString(overrides.timestamp, 'sign()')
    if (clockModule) {
      const clock = await clockModule
      if (overrides.timestamp === undefined) timestamp = clock.shiftTimestamp(clockState as ClockState, timestamp)
      clock.recordSigning(clockState as ClockState, request)
    }
    // The protocol parameters; their values encoded once (for the header, query or body) and twice
    // (for the base string). Names are unreserved: encoding leaves them as they are.
    const protocol: [string, string][] = []
    const encoded: string[] = []
    const encodedTwice: string[] = []
    const add = (name: string, value: string, once = percentEncode(value), twice = percentEncodeTwice(value)): void => {
      protocol.push([name, value])
      encoded.push(once)
      encodedTwice.push(twice)
    }
    add('oauth_consumer_key', consumerKey, keyOnce, keyTwice)
    if (token) token === config.token ? add('oauth_token', token, tokenOnce, tokenTwice) : add('oauth_token', token)
    // The method names, '1.0', a timestamp and a generated nonce (hex) are unreserved.
    add('oauth_signature_method', signatureMethod, signatureMethod, signatureMethod)
    add('oauth_timestamp', timestamp, timestamp, timestamp)
    const { nonce } = config
    if (overrides.nonce === undefined && nonce === undefined) {
      const generated = generateNonce()
      add('oauth_nonce', generated, generated, generated)
    } else add('oauth_nonce', overrides.nonce ?? (typeof nonce === 'function' ? nonce() : (nonce as string)))
    if (version) add('oauth_version', version, version, version)
    if (callback !== undefined) add('oauth_callback', callback)
    if (verifier !== undefined) add('oauth_verifier', verifier)

    // Parameters this signer writes replace those of an earlier attempt wherever they are.
    const contentType = headerValue(request.headers, 'content-type')
    const form = isFormBody(request.body, contentType)
    let body = removeRequestParameters(
      url,
      request.body ?? null,
      form,
      // 'oauth', not 'oauth_': an escaped name (oauth%5Fnonce) is the same parameter to a server.
      'oauth',
      (name) =>
        name.startsWith('oauth_') &&
        (name === 'oauth_signature' || name === 'oauth_body_hash' || protocol.some((pair) => pair[0] === name)),
    )
    let formText = form ? textOfForm(body as RequestBody) : undefined
    if (inBody) {
      assertFormBodyPlacement(request, 'the OAuth parameters', form, contentType)
      formText ??= ''
    }
    if (formText === undefined && (bodyHash === true || (bodyHash === 'auto' && !isEmptyBody(body)))) {
      const { computeBodyHash } = await import('./signing/body-hash.ts')
      add('oauth_body_hash', await computeBodyHash(body, config.bodyHashAlgorithm, config.crypto))
    }
    // The request's parameters first: they sort among themselves, and the protocol parameters, all
    // `oauth_*`, then move past the few that sort after them.
    const signed: EncodedParameters = { names: [], values: [] }
    const search = url.search
    if (search.length > 1) addFormParameters(search.slice(1), signed, 'oauth_signature')
    if (formText) addFormParameters(formText, signed, 'oauth_signature')
    for (let i = 0; i < protocol.length; i++) {
      signed.names.push((protocol[i] as ParameterPair)[0])
      signed.values.push(encodedTwice[i] as string)
    }
    const baseString = baseStringOf(upperMethod, url, signed)
    const pending = (
      overrides.tokenSecret === undefined || signatureMethod.startsWith('RSA-') ? defaultSign : keyFor(overrides.tokenSecret)
    )(baseString)
    // Node's HMAC and RSA sign synchronously: awaiting a string would only cost a turn.
    const signature = typeof pending === 'string' ? pending : await pending
    protocol.push(['oauth_signature', signature])
    encoded.push(percentEncode(signature))
    const joined = (separator: string, quote: string): string => {
      let out = ''
      for (let i = 0; i < protocol.length; i++)
        out += `${i === 0 ? '' : separator}${(protocol[i] as ParameterPair)[0]}=${quote}${encoded[i]}${quote}`
      return out
    }

    const headerChanges: HeaderChanges = {}
    if (inHeader) headerChanges.authorization = `OAuth ${realm === undefined ? '' : `realm=${quoteRealm(realm)}, `}${joined(', ', '"')}`
    else if (/^\s*OAuth\s/i.test(headerValue(request.headers, 'authorization') ?? '')) headerChanges.authorization = null
    if (placement.endsWith('query')) url.search = `${search.slice(1)}${search.length > 1 ? '&' : ''}${joined('&', '')}`
    if (inBody) body = `${formText}${formText ? '&' : ''}${joined('&', '')}`
    if (typeof body === 'string' && formText !== undefined && contentType === null) headerChanges['content-type'] = FORM_CONTENT_TYPE

    const result = authorizedRequest(request, url.href, body, headerChanges) as SignedRequest
    result.oauth = { parameters: protocol, baseString, signature, placement }
    return result
  }

  return {
    kind: 'oauth1',
    origins,
    consumerKey,
    token: config.token,
    signatureMethod,
    placement: defaultPlacement,
    authorize,
    // For people: a plain object with its headers made (a spread copy keeps them).
    async sign(request, overrides) {
      // headerChanges first: read after headers, it would be worked out again from them.
      const { headerChanges, method, url, headers, body, oauth } = await authorize(request, overrides)
      return { method, url, headers, body, headerChanges, oauth }
    },
    strip(request) {
      const url = new URL(requestUrl(request).href)
      const body = removeRequestParameters(
        url,
        request.body ?? null,
        hasFormBody(request),
        'oauth_',
        (name) => name.startsWith('oauth_'),
        true,
      )
      return authorizedRequest(request, url.href, body, { authorization: null })
    },
    with: (changes) => oauth1({ ...config, ...changes }),
    // Only a refusal is looked at; its review is a module of its own, loaded when one comes.
    onResponseStatuses: REFUSALS,
    onResponse: async (response, request, overrides) =>
      REFUSALS.includes(response.status)
        ? (await import('./response-review.ts')).reviewOAuth1Refusal(
            response,
            request,
            clockState && { state: clockState, dateThreshold, clock: () => Number(timestampString(readClock(), 'oauth1()')) },
            config,
            overrides,
          )
        : undefined,
    get clockOffset() {
      return clockState?.offset ?? 0
    },
  }
}
