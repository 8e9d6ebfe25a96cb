// The reading and writing of got's `Options` in its hooks, the same for got 14 and 16.

import { headerPairs } from '@oauthkit/core/adapter'

const encoder = new TextEncoder()
/** UTF-8, for the text of a refusal. */
export const decoder: TextDecoder = new TextDecoder()

/** A header value as got keeps it. */
export type HeaderValue = string | string[] | number | undefined

/** The part of got's `Options` (got 14 and 16) that the hooks read and write. */
export interface GotOptions {
  url: URL | string | undefined
  method: string
  headers: Record<string, HeaderValue>
  body: unknown
  context: Record<PropertyKey, unknown>
  allowAbsoluteUrls?: boolean
}

/** The part of got's `Response` (got 14 and 16) that the `afterResponse` hook reads. */
export interface GotResponse {
  statusCode: number
  headers: GotOptions['headers']
  /** A Buffer in got 14, a Uint8Array in got 16. */
  rawBody?: Uint8Array | undefined
  request: { options: GotOptions }
}

/** Removes a header in every spelling of its name. */
function deleteHeader(headers: GotOptions['headers'], name: string): void {
  // got 14 keeps a header a hook wrote as `Authorization` next to `authorization`: drop every spelling.
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key]
}

/** Sets a header under its lowercase name, replacing every other spelling. */
/** A header's value in any spelling of its name (the first one), or `undefined`. */
export function headerOf(headers: GotOptions['headers'], name: string): HeaderValue {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key]
  return undefined
}

/** Sets a header, in every spelling, to a value (one `headerOf` read, say), or removes it (`undefined`). */
export function putHeader(headers: GotOptions['headers'], name: string, value: HeaderValue): void {
  deleteHeader(headers, name)
  if (value !== undefined) headers[name] = value
}

/** The value of one header of those pairs (any spelling of its name), or `null`. */
export function pairValue(pairs: readonly [string, string][], name: string): string | null {
  for (const [key, value] of pairs) if (key.toLowerCase() === name) return value
  return null
}

/** got's headers as `Headers`: names lowercased, spellings and lists joined. */
export function readHeaders(headers: GotOptions['headers']): Headers {
  return new Headers(headerPairs(headers))
}

/** The `content-length` of a body got sends as it is; `undefined` for a stream or an iterable. */
export function byteLength(body: unknown): number | undefined {
  if (typeof body === 'string') return encoder.encode(body).byteLength
  return ArrayBuffer.isView(body) ? body.byteLength : undefined
}

/** Replaces the URL of a request (a new query on the same origin). */
export function setUrl(options: GotOptions, url: URL): void {
  // got 16 refuses an absolute URL next to `prefixUrl` when `allowAbsoluteUrls` is false; its own
  // redirect code lifts the flag the same way. The origin does not change here, only the query.
  const { allowAbsoluteUrls } = options
  if (allowAbsoluteUrls === false) options.allowAbsoluteUrls = true
  try {
    options.url = url
  } finally {
    if (allowAbsoluteUrls === false) options.allowAbsoluteUrls = false
  }
}
