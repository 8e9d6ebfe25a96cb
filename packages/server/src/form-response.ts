import { percentEncode } from '@oauthkit/core/oauth1'

/**
 * A 200 `application/x-www-form-urlencoded` response that no cache keeps: how RFC 5849 2.1 and 2.3
 * answer with credentials.
 *
 * @internal
 */
export function formResponse(fields: readonly (readonly [string, string])[]): Response {
  const body = fields.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-store', pragma: 'no-cache' },
  })
}
