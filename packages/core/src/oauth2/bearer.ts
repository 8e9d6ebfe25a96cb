import type { AuthorizedRequest } from '../authorizer.ts'
import { describeRequest, OAuthError } from '../errors.ts'
import { percentEncode } from '../percent-encode.ts'
import type { RequestBody, RequestParts } from '../request-parts.ts'
import { hasFormBody, headerValue, requestUrl } from '../request-parts.ts'

/**
 * Where a bearer token goes (RFC 6750 section 2): the `Authorization` header (2.1, the default and
 * the one servers must support), the form body (2.2), or the query string (2.3, which leaks into
 * logs and histories: only when you choose it).
 *
 * @example
 * ```ts
 * import { oauth2, type BearerPlacement } from '@oauthkit/core'
 *
 * const placement: BearerPlacement = 'body'
 * const auth = oauth2({ tokenEndpoint: 'https://as.example.com/token', clientId: 'app', placement })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2
 */
export type BearerPlacement = 'header' | 'body' | 'query'

const PARAMETER = 'access_token'
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded'

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '))
  } catch {
    return raw
  }
}

/** Removes every `access_token` segment of a form-encoded string; the others stay byte for byte. */
function withoutToken(encoded: string): string {
  if (!encoded.includes('access') && !encoded.includes('%')) return encoded
  const segments = encoded.split('&')
  const kept = segments.filter((segment) => {
    const equals = segment.indexOf('=')
    return decodeName(equals === -1 ? segment : segment.slice(0, equals)) !== PARAMETER
  })
  return kept.length === segments.length ? encoded : kept.join('&')
}

function formText(body: RequestBody | null | undefined): string {
  return body instanceof URLSearchParams ? body.toString() : (body as string)
}

function isEmpty(body: RequestBody | null | undefined): boolean {
  if (body === null || body === undefined || body === '') return true
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength === 0
  return false
}

const BEARER = /^\s*bearer(\s|$)/i

/** The request without any bearer token of an earlier attempt: `Authorization: Bearer`, `access_token` in query and form. */
function cleaned(request: RequestParts, dropAnyAuthorization: boolean): AuthorizedRequest {
  const url = new URL(requestUrl(request).href)
  const query = url.search.slice(1)
  const cleanQuery = withoutToken(query)
  if (cleanQuery !== query) url.search = cleanQuery
  const headers = new Headers(request.headers)
  if (dropAnyAuthorization || BEARER.test(headers.get('authorization') ?? '')) headers.delete('authorization')
  let body: RequestBody | null = request.body ?? null
  if (hasFormBody(request)) {
    const text = formText(body)
    const clean = withoutToken(text)
    if (clean !== text) body = clean
  }
  return { method: request.method, url: url.href, headers, body }
}

/**
 * Throws `placement_unsupported` when a token cannot go in this request's body (RFC 6750 2.2: a
 * single-part form body, and never a GET).
 *
 * @internal
 */
export function checkBearerPlacement(request: RequestParts, placement: BearerPlacement): void {
  if (placement !== 'body') return
  const method = request.method.toUpperCase()
  const where = describeRequest(request.method, request.url)
  if (method === 'GET' || method === 'HEAD') {
    throw new OAuthError(
      'placement_unsupported',
      `Cannot put the bearer token in the body of ${where}: RFC 6750 2.2 forbids it for ${method}; use 'header' or 'query'`,
    )
  }
  if (hasFormBody(request)) return
  const contentType = headerValue(request.headers, 'content-type')
  if (!isEmpty(request.body) || (contentType !== null && !contentType.toLowerCase().trim().startsWith(FORM_CONTENT_TYPE))) {
    throw new OAuthError(
      'placement_unsupported',
      `Cannot put the bearer token in the body of ${where}: its body is not application/x-www-form-urlencoded; use 'header' or 'query'`,
    )
  }
}

/**
 * The request with the bearer token in one place (RFC 6750 2.1, 2.2, 2.3), after removing any
 * token of an earlier attempt from every place. A query token comes with `Cache-Control: no-store`
 * (2.3).
 *
 * @internal
 */
export function applyBearer(request: RequestParts, accessToken: string, placement: BearerPlacement): AuthorizedRequest {
  checkBearerPlacement(request, placement)
  const out = cleaned(request, false)
  const encoded = `${PARAMETER}=${percentEncode(accessToken)}`
  if (placement === 'header') {
    out.headers.set('authorization', `Bearer ${accessToken}`)
  } else if (placement === 'query') {
    const url = new URL(out.url)
    url.search = url.search.length > 1 ? `${url.search.slice(1)}&${encoded}` : encoded
    out.url = url.href
    out.headers.set('cache-control', 'no-store')
  } else {
    const text = isEmpty(out.body) ? '' : formText(out.body)
    out.body = text === '' ? encoded : `${text}&${encoded}`
    if (!out.headers.has('content-type')) out.headers.set('content-type', FORM_CONTENT_TYPE)
  }
  return out
}

/**
 * Every credential this authorizer may have put on a request removed: the `Authorization` header
 * (whatever its scheme) and `access_token` in the query and the form body.
 *
 * @internal
 */
export function stripBearer(request: RequestParts): AuthorizedRequest {
  return cleaned(request, true)
}

/**
 * The bearer token a request carries, if it carries one (header, query or form body).
 *
 * @internal
 */
export function bearerTokenOf(request: RequestParts): string | undefined {
  const header = headerValue(request.headers, 'authorization')
  if (header !== null && BEARER.test(header)) return header.trim().slice(6).trim()
  let url: URL
  try {
    url = requestUrl(request)
  } catch {
    return undefined
  }
  const inQuery = url.searchParams.get(PARAMETER)
  if (inQuery !== null) return inQuery
  if (hasFormBody(request)) return new URLSearchParams(formText(request.body)).get(PARAMETER) ?? undefined
  return undefined
}
