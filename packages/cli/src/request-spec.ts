import type { RequestParts } from '@oauthkit/core'
import { CliError } from './cli-error.ts'

/**
 * The request options shared by `oauthkit request` and `oauthkit sign`.
 *
 * @example
 * ```ts
 * import { buildRequest, type RequestFlags } from '@oauthkit/cli'
 *
 * const flags: RequestFlags = { request: 'PUT', header: ['Accept: application/json'], json: '{"name":"a"}' }
 * console.assert(buildRequest('https://api.example.com/items/1', flags).headers.get('content-type') === 'application/json')
 * ```
 */
export interface RequestFlags {
  /** `-X`: the method; GET, or POST when there is a body. */
  request?: string
  /** `-d k=v`, repeatable: form fields of an `application/x-www-form-urlencoded` body. */
  data?: string[]
  /** `-H 'Name: value'`, repeatable. */
  header?: string[]
  /** `--json BODY`: a JSON body (sent as is, not signed as parameters). */
  json?: string
}

/**
 * Turns curl-like flags into the request to sign.
 *
 * @example
 * ```ts
 * import { buildRequest } from '@oauthkit/cli'
 *
 * const request = buildRequest('https://api.example.com/statuses', { data: ['status=Hello world'] })
 * console.assert(request.method === 'POST' && request.body === 'status=Hello+world')
 * ```
 */
export function buildRequest(url: string, flags: RequestFlags): RequestParts & { headers: Headers } {
  const parsed = httpUrl(url, 'the URL given')
  const headers = parseHeaders(flags.header)
  if (flags.data?.length && flags.json !== undefined) throw new CliError('use either -d or --json, not both', 2)
  let body: string | undefined
  if (flags.data?.length) {
    const form = new URLSearchParams()
    for (const field of flags.data) {
      const equals = field.indexOf('=')
      // Not the field itself in the message: it may hold a secret.
      if (equals <= 0) throw new CliError('-d: a form field is name=value, and one has no "="', 2)
      form.append(field.slice(0, equals), field.slice(equals + 1))
    }
    body = form.toString()
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  if (flags.json !== undefined) {
    try {
      JSON.parse(flags.json)
    } catch {
      throw new CliError('--json: the body is not valid JSON', 2)
    }
    body = flags.json
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  const method = (flags.request ?? (body === undefined ? 'GET' : 'POST')).toUpperCase()
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Z]+$/.test(method)) throw new CliError(`-X "${method}": not an HTTP method`, 2)
  return { method, url: parsed.href, headers, body: body ?? null }
}

/**
 * @internal An absolute `http` or `https` URL, else a usage error naming `what` (not the URL itself:
 * its query may hold a secret, an `api_key=…`).
 */
export function httpUrl(url: string, what: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new CliError(`${what} is not an absolute URL (include https://)`, 2)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new CliError(`${what}: ${parsed.protocol} URLs are not supported; use https:// or http://`, 2)
  }
  return parsed
}

/** @internal The `-H 'Name: value'` flags as headers. */
export function parseHeaders(lines: readonly string[] | undefined): Headers {
  const headers = new Headers()
  for (const line of lines ?? []) {
    const colon = line.indexOf(':')
    // Not the line itself in the message: a mistyped "Authorization Bearer …" holds a token.
    if (colon <= 0) throw new CliError('-H: a header is "Name: value", and one has no ":"', 2)
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim())
    } catch {
      throw new CliError(`-H "${line.slice(0, colon)}": not a valid header`, 2)
    }
  }
  return headers
}
