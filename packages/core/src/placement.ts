import { OAuthError } from './errors.ts'

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
 * import { PLACEMENTS } from '@oauthkit/core'
 *
 * console.assert(PLACEMENTS.length === 5)
 * ```
 */
export const PLACEMENTS: readonly Placement[] = Object.freeze(['header', 'query', 'body', 'header+query', 'header+body'] as const)

/** @internal Throws a typed error unless the value is a placement. */
export function assertPlacement(value: unknown, where: string): asserts value is Placement {
  if (!(PLACEMENTS as readonly unknown[]).includes(value)) {
    throw new OAuthError(
      'invalid_options',
      `${where}: unknown placement ${JSON.stringify(String(value))}; use one of ${PLACEMENTS.join(', ')}`,
    )
  }
}

/** @internal Which locations a placement writes to. */
export function placementTargets(placement: Placement): { header: boolean; query: boolean; body: boolean } {
  return {
    header: placement === 'header' || placement === 'header+query' || placement === 'header+body',
    query: placement === 'query' || placement === 'header+query',
    body: placement === 'body' || placement === 'header+body',
  }
}
