import { OAuthError } from '../errors/errors.ts'
import { formText, parseForm } from './parameters.ts'
import type { RequestBody } from './request-body.ts'

/**
 * A request as it will go on the wire: the input of the signer, of the base string functions and
 * of the verifier. Adapters build it from their client's final request.
 *
 * @example
 * ```ts
 * import type { RequestParts } from '@oauthkit/core'
 *
 * const request: RequestParts = {
 *   method: 'POST',
 *   url: 'https://api.example.com/1/statuses/update.json?include_entities=true',
 *   headers: { 'content-type': 'application/x-www-form-urlencoded' },
 *   body: 'status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21',
 * }
 * ```
 */
export interface RequestParts {
  /** The HTTP method, in any case. */
  method: string
  /** The absolute URL, query string included. */
  url: string | URL
  /** The request headers; `Content-Type` decides whether a string body is a form. */
  headers?: HeadersInit
  /** The body, or `null` / `undefined` for none. */
  body?: RequestBody | undefined
}

/**
 * Reads one header from any `HeadersInit` without copying it (case-insensitive).
 *
 * @internal
 */
export function headerValue(headers: HeadersInit | undefined, name: string): string | null {
  if (headers === undefined) return null
  if (headers instanceof Headers) return headers.get(name)
  const lower = name.toLowerCase()
  if (Array.isArray(headers)) {
    const values: string[] = []
    for (const [key, value] of headers) if (key.toLowerCase() === lower) values.push(value)
    return values.length === 0 ? null : values.join(', ')
  }
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === lower) return (headers as Record<string, string>)[key] ?? null
  }
  return null
}

/**
 * A new `Headers` with the entries of `init`. A plain object is copied by appending its keys, which
 * is what the constructor does with one, without its per-key WebIDL record conversion.
 *
 * @internal
 */
export function copyHeaders(init: HeadersInit | undefined): Headers {
  if (init === undefined || init === null || typeof init !== 'object' || Object.getPrototypeOf(init) !== Object.prototype)
    return new Headers(init)
  if (Object.getOwnPropertySymbols(init).length > 0) return new Headers(init)
  const headers = new Headers()
  const record = init as Record<string, string>
  for (const name of Object.keys(record)) headers.append(name, record[name] as string)
  return headers
}

/**
 * Whether a `Content-Type` value is `application/x-www-form-urlencoded`: the media type compared
 * case-insensitively, parameters such as `charset` ignored (RFC 5849 3.4.1.3.1).
 *
 * @example
 * ```ts
 * import { isFormContentType } from '@oauthkit/core/adapter'
 *
 * console.assert(isFormContentType('Application/X-WWW-Form-URLEncoded; charset=UTF-8'))
 * console.assert(!isFormContentType('application/json'))
 * ```
 */
export function isFormContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false
  const semicolon = contentType.indexOf(';')
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
  return mediaType === 'application/x-www-form-urlencoded'
}

/**
 * Whether the body of a request is a single-part form that the signature covers. With a
 * `Content-Type` header, that header decides; without one, a `URLSearchParams` body is a form (fetch
 * sends it as one) and anything else is not. The signer decides this for an adapter.
 *
 * @internal
 */
export function hasFormBody(request: RequestParts): boolean {
  const { body } = request
  if (body === null || body === undefined) return false
  return isFormBody(body, headerValue(request.headers, 'content-type'))
}

/**
 * {@link hasFormBody} from the body and the `Content-Type` value (`null` without one).
 *
 * @internal
 */
export function isFormBody(body: RequestBody | null | undefined, contentType: string | null): boolean {
  if (body === null || body === undefined) return false
  if (contentType !== null) {
    return (
      isFormContentType(contentType) &&
      (typeof body === 'string' || body instanceof URLSearchParams || body instanceof ArrayBuffer || ArrayBuffer.isView(body))
    )
  }
  return body instanceof URLSearchParams
}

/**
 * Whether a body is absent or empty.
 *
 * @internal
 */
export function isEmptyBody(body: RequestBody | null | undefined): boolean {
  if (body === null || body === undefined || body === '') return true
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength === 0
  return false
}

/**
 * The parameters of a form body, or an empty list when the body is not a form.
 *
 * @internal
 */
export function formBodyParameters(request: RequestParts): [string, string][] {
  if (!hasFormBody(request)) return []
  const { body } = request
  return body instanceof URLSearchParams ? [...body] : parseForm(formText(body as RequestBody))
}

/**
 * Parses the URL of a request, turning a malformed one into a typed error.
 *
 * @internal
 */
export function requestUrl(request: RequestParts): URL {
  const { url } = request
  if (url instanceof URL) return url
  try {
    return new URL(url)
  } catch (cause) {
    throw new OAuthError('request_invalid', `Cannot sign ${String(request.method).toUpperCase()}: its URL is not an absolute URL`, {
      cause,
    })
  }
}

/**
 * The query parameters of a URL, decoded as a server decodes them.
 *
 * @internal
 */
export function queryParameters(url: URL): [string, string][] {
  const search = url.search
  return search.length <= 1 ? [] : parseForm(search.slice(1))
}
