import { OAuthError } from '../errors/errors.ts'

/** An origin given as a string (`'https://api.example.com'`, or any URL of it) or a `URL`. */
export type OriginInput = string | URL

/**
 * Normalizes origins to `scheme://host[:port]`, the form {@link mayCarryCredentials} compares.
 * Adapters give theirs to `bindAuthorizer`, which normalizes them.
 *
 * @internal
 */
export function normalizeOrigins(origins: Iterable<OriginInput> | undefined): string[] {
  const normalized: string[] = []
  for (const origin of origins ?? []) {
    let parsed: URL
    try {
      parsed = new URL(origin)
    } catch (cause) {
      throw new OAuthError('invalid_options', `origins: ${JSON.stringify(String(origin))} is not an absolute URL`, { cause })
    }
    if (parsed.origin === 'null') throw new OAuthError('invalid_options', `origins: ${JSON.stringify(String(origin))} has no origin`)
    if (!normalized.includes(parsed.origin)) normalized.push(parsed.origin)
  }
  return normalized
}

/** Where credentials may go during one client call. */
export interface CredentialScope {
  /** The URL of the request as the caller made it (before any redirect). */
  initialUrl: string | URL
  /** Allowed origins, already normalized (the authorizer's and the adapter's). */
  origins: readonly string[]
}

/**
 * Whether credentials may go to a URL (an origin is scheme, host and port: `https://a` and
 * `http://a` differ, as do two ports). When no origins are listed, they go only to the origin of the
 * request as the caller made it, so a redirect to anywhere else carries none. When origins are
 * listed, they go only there — the first request included.
 *
 * @example
 * ```ts
 * import { mayCarryCredentials } from '@oauthkit/core/adapter'
 *
 * const scope = { initialUrl: 'https://api.example.com/a', origins: [] }
 * console.assert(mayCarryCredentials('https://api.example.com/b', scope))
 * console.assert(!mayCarryCredentials('http://api.example.com/b', scope))
 * console.assert(!mayCarryCredentials('https://cdn.example.com/b', scope))
 * ```
 */
export function mayCarryCredentials(url: string | URL, scope: CredentialScope): boolean {
  const origin = new URL(url).origin
  if (scope.origins.length > 0) return scope.origins.includes(origin)
  return origin === new URL(scope.initialUrl).origin
}

/**
 * Whether a request to `url` would go over the network in clear: `http:` to a host other than a
 * loopback one (`localhost`, `127.x.x.x`, `[::1]`, where tests and local servers run).
 *
 * @internal
 */
export function inClear(url: URL): boolean {
  return url.protocol === 'http:' && !/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname)
}
