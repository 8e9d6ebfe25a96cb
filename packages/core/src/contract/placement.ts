import { describeRequest, OAuthError } from '../errors/errors.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { isEmptyBody, isFormContentType } from '../http/request-parts.ts'

/**
 * Where the protocol parameters go: the `UseHeader` modes of Falcon's web.oauth client, and the
 * three ways of RFC 5849 3.5 (and of RFC 6750 for bearer tokens).
 *
 * | placement | Falcon `UseHeader` | where |
 * |---|---|---|
 * | `'header'` | `ALTERN` | only the `Authorization` header (RFC 5849 3.5.1) — the default |
 * | `'query'` | `NONE` (GET) | only the query string (3.5.3) |
 * | `'body'` | `NONE` (POST) | only the form-encoded body (3.5.2) |
 * | `'header+query'` | `FULL` (GET) | the header, and a copy in the query string |
 * | `'header+body'` | `FULL` (POST) | the header, and a copy in the form body |
 *
 * The `FULL` modes send the parameters twice, which RFC 5849 3.5 forbids and strict servers refuse;
 * they exist for servers that want them. The signature is computed once, over one copy.
 *
 * @example
 * ```ts
 * import { oauth1, type Placement } from '@oauthkit/core'
 *
 * const placement: Placement = 'query'
 * const signer = oauth1({ consumerKey: 'key', consumerSecret: 'secret', placement })
 * ```
 */
export type Placement = 'header' | 'query' | 'body' | 'header+query' | 'header+body'

/**
 * Every placement.
 *
 * @example
 * ```ts
 * import { PLACEMENTS } from '@oauthkit/core/adapter'
 *
 * console.assert(PLACEMENTS.length === 5)
 * ```
 */
export const PLACEMENTS: readonly Placement[] = Object.freeze(['header', 'query', 'body', 'header+query', 'header+body'] as const)

/** @internal Whether a value is a placement. */
export function isPlacement(value: unknown): value is Placement {
  return (PLACEMENTS as readonly unknown[]).includes(value)
}

/** @internal Throws a typed error unless the value is a placement. */
export function assertPlacement(value: unknown, where: string): asserts value is Placement {
  if (!isPlacement(value)) {
    throw new OAuthError(
      'invalid_options',
      `${where}: unknown placement ${JSON.stringify(String(value))}; use one of ${PLACEMENTS.join(', ')}`,
    )
  }
}

/**
 * The rule of the body placements (RFC 5849 3.5.2, RFC 6750 2.2): credentials go into a body only
 * where there is a form to carry them, so a body that is not empty and not a form is a
 * `placement_unsupported` error naming `what` was to go there; never a silent move. A GET or HEAD
 * request is refused too, unless it carries a form already (RFC 5849 signs such a form; `neverGet`,
 * RFC 6750 2.2 for bearer tokens, refuses it still).
 *
 * @internal
 */
export function assertFormBodyPlacement(
  request: RequestParts,
  what: string,
  form: boolean,
  contentType: string | null,
  neverGet = false,
): void {
  const method = String(request.method).toUpperCase()
  const isGet = method === 'GET' || method === 'HEAD'
  if (form && !(isGet && neverGet)) return
  const refuse = (why: string): OAuthError =>
    new OAuthError(
      'placement_unsupported',
      `Cannot put ${what} in the body of ${describeRequest(method, request.url)}: ${why}; use 'header' or 'query'`,
    )
  if (isGet) throw refuse(neverGet ? `RFC 6750 2.2 forbids it for ${method}` : `a ${method} request has no body`)
  if (!isEmptyBody(request.body) || (contentType !== null && !isFormContentType(contentType)))
    throw refuse('its body is not application/x-www-form-urlencoded')
}
