import type { EncodedParameters, ParameterPair } from '../../http/parameters.ts'
import { joinEncodedParameters } from '../../http/parameters.ts'
import { percentEncode, percentEncodeTwice } from '../../http/percent-encode.ts'
import type { RequestParts } from '../../http/request-parts.ts'
import { formBodyParameters, queryParameters, requestUrl } from '../../http/request-parts.ts'

/**
 * The base string URI of RFC 5849 3.4.1.2: scheme and host in lowercase, the port only when it is
 * not the scheme's default, the path as it is sent (not encoded again; `/` when empty), no query,
 * no fragment, no user information.
 *
 * @example
 * ```ts
 * import { baseStringUri } from '@oauthkit/core/oauth1'
 *
 * console.assert(baseStringUri('HTTP://EXAMPLE.COM:80/r%20v/X?id=123') === 'http://example.com/r%20v/X')
 * console.assert(baseStringUri('https://www.example.net:8080/?q=1') === 'https://www.example.net:8080/')
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1.2
 */
export function baseStringUri(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url
  return `${parsed.protocol}//${parsed.host}${parsed.pathname || '/'}`
}

/**
 * Every parameter of a request that the signature covers apart from the protocol parameters: the
 * query, then a form-encoded body. `oauth_signature` is left out wherever it appears.
 *
 * @internal
 */
export function requestParameters(request: RequestParts, url: URL = requestUrl(request)): [string, string][] {
  const pairs = queryParameters(url)
  for (const pair of formBodyParameters(request)) pairs.push(pair)
  return pairs.filter(([name]) => name !== 'oauth_signature')
}

/**
 * The base string of RFC 5849 3.4.1 from its three parts: the method (uppercased here), the URL and
 * every signed parameter (`oauth_signature` is left out here; the caller leaves out `realm`).
 *
 * @internal
 */
export function composeBaseString(method: string, url: URL, pairs: readonly ParameterPair[]): string {
  const signed: EncodedParameters = { names: [], values: [] }
  for (const [name, value] of pairs) {
    if (name === 'oauth_signature') continue
    signed.names.push(percentEncodeTwice(name))
    signed.values.push(percentEncodeTwice(value))
  }
  return baseStringOf(method.toUpperCase(), url, signed)
}

/**
 * The base string from an uppercase method, the URL and every signed parameter encoded twice
 * (sorted here, in place): the signer's way to {@link composeBaseString}.
 *
 * @internal
 */
export function baseStringOf(upperMethod: string, url: URL, signed: EncodedParameters): string {
  return `${upperMethod}&${encodedUri(url)}&${joinEncodedParameters(signed)}`
}

/**
 * Base string URIs encoded lately, by the start of the URL they come from (its `href` before the
 * query and the fragment, which decides scheme, host, port and path): an API client signs for the
 * same few endpoints again and again. The last one is checked first, without slicing `href`.
 */
const ENCODED_URIS = new Map<string, string>()
let lastStart = ''
let lastEncoded = ''

function encodedUri(url: URL): string {
  const href = url.href
  const next = href[lastStart.length]
  if (lastStart !== '' && href.startsWith(lastStart) && (next === undefined || next === '?' || next === '#')) return lastEncoded
  const start = href.slice(0, href.length - url.search.length - url.hash.length)
  let encoded = ENCODED_URIS.get(start)
  if (encoded === undefined) {
    if (ENCODED_URIS.size >= 64) ENCODED_URIS.clear()
    encoded = percentEncode(baseStringUri(url))
    ENCODED_URIS.set(start, encoded)
  }
  lastStart = start
  lastEncoded = encoded
  return encoded
}

/**
 * Builds the signature base string of RFC 5849 3.4.1 from a request and its protocol parameters.
 * The request's query parameters and, for an `application/x-www-form-urlencoded` body, its body
 * parameters are included; `realm` and `oauth_signature` are not.
 *
 * @example
 * ```ts
 * import { signatureBaseString } from '@oauthkit/core/oauth1'
 *
 * const base = signatureBaseString({ method: 'get', url: 'https://photos.example.net/photos?size=original&file=vacation.jpg' }, [
 *   ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
 *   ['oauth_nonce', 'kllo9940pd9333jh'],
 * ])
 * console.assert(base.startsWith('GET&https%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg'))
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 */
export function signatureBaseString(request: RequestParts, protocolParameters: Iterable<ParameterPair> = []): string {
  const url = requestUrl(request)
  const pairs: ParameterPair[] = requestParameters(request, url)
  for (const pair of protocolParameters) {
    if (pair[0] !== 'realm' && pair[0] !== 'oauth_signature') pairs.push(pair)
  }
  return composeBaseString(request.method, url, pairs)
}
