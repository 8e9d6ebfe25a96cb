import { percentEncode } from '@oauthkit/core/oauth1'

const REFUSED_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'])

/**
 * The callback as an absolute URL, or `undefined` when it is not one oauthkit would redirect a browser
 * to (unparsable, relative, or a scheme that runs or reads something locally).
 *
 * @internal
 */
export function parseCallback(callback: string): URL | undefined {
  let url: URL
  try {
    url = new URL(callback)
  } catch {
    return undefined
  }
  return REFUSED_SCHEMES.has(url.protocol) ? undefined : url
}

/**
 * The callback with parameters added to its query, its own query kept (RFC 5849 2.2).
 *
 * @internal
 */
export function callbackWith(callback: string, pairs: readonly (readonly [string, string])[]): string {
  const url = new URL(callback)
  const added = pairs.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')
  const query = url.search.slice(1)
  url.search = query === '' ? added : `${query}&${added}`
  return url.href
}
