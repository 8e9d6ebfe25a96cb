/**
 * `host[:port]`: a name or IPv4 address, or an IPv6 address in brackets. Nothing that could end the
 * authority (`/ ? # \ @`) gets through, so the Host header cannot move the path a proxy filtered on.
 */
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/
const ABSOLUTE = /^https?:\/\//i
/** A `.` or `..` segment, raw or percent-encoded, between `/` or `\` (which URLs read as `/`). */
const DOT_SEGMENT = /[/\\](?:\.|%2e){1,2}(?:[/\\]|$)/i

/** @internal Why {@link requestUrl} refused a request (the 400's text). */
export type RequestUrlRefusal =
  | 'the Host header is not a host and an optional port'
  | 'the request target is not a path or an absolute http(s) URL'
  | 'the request target has a . or .. segment'

/** @internal Where the URL of a request comes from: the request line's target, the Host header, the connection. */
export interface RequestUrlParts {
  /** The request target (`req.originalUrl ?? req.url`). */
  target: string
  /** The Host header's values. */
  host: string | string[] | undefined
  /** Whether the connection is TLS. */
  encrypted: boolean
  /** The configured public origin, which replaces scheme, host and port. */
  origin: string | undefined
}

/** `new URL()` that answers `undefined` instead of throwing. */
function parse(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/**
 * The URL of a node request: path and query from the request target alone (origin-form, or
 * absolute-form parsed and checked), on the configured origin, else on the target's or the Host
 * header's checked authority. A refusal names what was wrong, never the value sent.
 *
 * @internal
 */
export function requestUrl({ target, host, encrypted, origin }: RequestUrlParts): URL | RequestUrlRefusal {
  let pathAndQuery = target
  let authority: string | undefined
  let scheme = encrypted ? 'https:' : 'http:'
  if (ABSOLUTE.test(target)) {
    // RFC 9112 3.2.2: an absolute-form target names the host itself, and the Host header is ignored.
    const absolute = parse(target)
    if (absolute === undefined || absolute.username !== '' || absolute.password !== '' || !HOST.test(absolute.host)) {
      return 'the request target is not a path or an absolute http(s) URL'
    }
    pathAndQuery = `${absolute.pathname}${absolute.search}`
    authority = absolute.host
    scheme = absolute.protocol
  } else if (!target.startsWith('/')) {
    return 'the request target is not a path or an absolute http(s) URL'
  }
  // The URL parser resolves `/public/../internal` to `/internal`: a proxy that filtered the path as
  // sent would be passed. Clients resolve dot segments before sending (RFC 3986 5.2.4).
  if (DOT_SEGMENT.test(target.replace(/^https?:\/\/[^/?#\\]*/i, '').split(/[?#]/, 1)[0] as string)) {
    return 'the request target has a . or .. segment'
  }
  // A malformed origin is the application's error: it throws (a 500, and onError).
  if (origin !== undefined) return new URL(`${origin.replace(/\/+$/, '')}${pathAndQuery}`)
  if (authority === undefined) {
    const hosts = [host ?? 'localhost'].flat()
    if (hosts.length !== 1 || !HOST.test(hosts[0] as string)) return 'the Host header is not a host and an optional port'
    authority = hosts[0] as string
  }
  // A checked authority followed by a path starting with `/` cannot change host or port; a bad port
  // number or IPv6 address fails to parse.
  return parse(`${scheme}//${authority}${pathAndQuery}`) ?? 'the Host header is not a host and an optional port'
}
