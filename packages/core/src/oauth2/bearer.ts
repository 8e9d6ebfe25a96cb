import { authorizedRequest } from '../contract/authorized-request.ts'
import type { AuthorizedRequest, AuthorizedWithChanges, HeaderChanges } from '../contract/authorizer.ts'
import { assertFormBodyPlacement } from '../contract/placement.ts'
import { formText, removeRequestParameters } from '../http/parameters.ts'
import { percentEncode } from '../http/percent-encode.ts'
import type { RequestBody } from '../http/request-body.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { hasFormBody, headerValue, isEmptyBody, requestUrl } from '../http/request-parts.ts'

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

/**
 * The placements of a bearer token (RFC 6750 2.1, 2.2, 2.3): one place each, never two.
 *
 * @example
 * ```ts
 * import { BEARER_PLACEMENTS } from '@oauthkit/core/adapter'
 *
 * console.assert(!(BEARER_PLACEMENTS as readonly string[]).includes('header+query'))
 * ```
 */
export const BEARER_PLACEMENTS: readonly BearerPlacement[] = Object.freeze(['header', 'body', 'query'] as const)

const PARAMETER = 'access_token'
const BEARER = /^\s*bearer(\s|$)/i

/**
 * The request without any bearer token of an earlier attempt (`access_token` in the query and the
 * form body), its URL and body, and the header changes that drop `Authorization: Bearer` (or any
 * `Authorization`, with `dropAnyAuthorization`).
 */
function cleaned(request: RequestParts, dropAnyAuthorization: boolean): { url: URL; body: RequestBody | null; changes: HeaderChanges } {
  const url = new URL(requestUrl(request).href)
  const body = removeRequestParameters(url, request.body ?? null, hasFormBody(request), 'access', (name) => name === PARAMETER, true)
  const changes: HeaderChanges = {}
  if (dropAnyAuthorization || BEARER.test(headerValue(request.headers, 'authorization') ?? '')) changes.authorization = null
  return { url, body, changes }
}

/**
 * Throws `placement_unsupported` when a token cannot go in this request's body (RFC 6750 2.2: a
 * single-part form body, and never a GET).
 *
 * @internal
 */
export function checkBearerPlacement(request: RequestParts, placement: BearerPlacement): void {
  if (placement === 'body')
    assertFormBodyPlacement(request, 'the bearer token', hasFormBody(request), headerValue(request.headers, 'content-type'), true)
}

/**
 * The request with the bearer token in one place (RFC 6750 2.1, 2.2, 2.3), after removing any
 * token of an earlier attempt from every place. A query token comes with `Cache-Control: no-store`
 * (2.3).
 *
 * @internal
 */
export function applyBearer(request: RequestParts, accessToken: string, placement: BearerPlacement): AuthorizedWithChanges {
  checkBearerPlacement(request, placement)
  const { url, changes, ...rest } = cleaned(request, false)
  let body = rest.body
  const encoded = `${PARAMETER}=${percentEncode(accessToken)}`
  if (placement === 'header') {
    changes.authorization = `Bearer ${accessToken}`
  } else if (placement === 'query') {
    url.search = url.search.length > 1 ? `${url.search.slice(1)}&${encoded}` : encoded
    changes['cache-control'] = 'no-store'
  } else {
    const form = isEmptyBody(body) ? '' : formText(body as RequestBody)
    body = form === '' ? encoded : `${form}&${encoded}`
    if (headerValue(request.headers, 'content-type') === null) changes['content-type'] = 'application/x-www-form-urlencoded'
  }
  return authorizedRequest(request, url.href, body, changes)
}

/**
 * Every credential this authorizer may have put on a request removed: the `Authorization` header
 * (whatever its scheme) and `access_token` in the query and the form body.
 *
 * @internal
 */
export function stripBearer(request: RequestParts): AuthorizedRequest {
  const { url, body, changes } = cleaned(request, true)
  return authorizedRequest(request, url.href, body, changes)
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
  if (hasFormBody(request)) return new URLSearchParams(formText(request.body as RequestBody)).get(PARAMETER) ?? undefined
  return undefined
}
