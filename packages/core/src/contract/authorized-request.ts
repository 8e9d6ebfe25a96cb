import type { RequestBody } from '../http/request-body.ts'
import type { RequestParts } from '../http/request-parts.ts'
import { copyHeaders } from '../http/request-parts.ts'
import type { AuthorizedRequest, AuthorizedWithChanges, HeaderChanges } from './authorizer.ts'

function applied(init: HeadersInit | undefined, changes: HeaderChanges): Headers {
  const headers = copyHeaders(init)
  for (const name of Object.keys(changes)) {
    const value = changes[name]
    if (value === null || value === undefined) headers.delete(name)
    else headers.set(name, value)
  }
  return headers
}

/**
 * What turns the request's headers into `headers`: every name whose value differs, or that went.
 *
 * @internal
 */
export function headerDifference(init: HeadersInit | undefined, headers: Headers): HeaderChanges {
  const before = new Headers(init)
  const changes: HeaderChanges = {}
  for (const [name, value] of headers) if (before.get(name) !== value) changes[name] = value
  for (const [name] of before) if (!headers.has(name)) changes[name] = null
  return changes
}

/**
 * The result of `authorize()`: `headers` are the request's headers with `headerChanges` applied,
 * made when first read, so that an adapter that applies `headerChanges` to its client's own headers
 * never pays for a `Headers` copy. `headerChanges` is an own property (a spread copy keeps it);
 * `headers` is an accessor of the prototype: an object literal with accessors costs far more to make
 * than the request it describes.
 */
class LazyAuthorizedRequest implements AuthorizedRequest {
  method: string
  url: string
  body: RequestBody | null
  headerChanges: HeaderChanges
  readonly #init: HeadersInit | undefined
  #headers: Headers | undefined

  constructor(request: RequestParts, url: string, body: RequestBody | null, changes: HeaderChanges) {
    this.method = request.method
    this.url = url
    this.body = body
    this.headerChanges = changes
    this.#init = request.headers
  }

  get headers(): Headers {
    this.#headers ??= applied(this.#init, this.headerChanges)
    return this.#headers
  }

  set headers(value: Headers) {
    this.#headers = value
  }
}

/**
 * The {@link AuthorizedRequest} of `request` with its URL and body as authorized and its header
 * changes; `headers` is made from the request's headers and the changes when first read. A spread
 * copy (`{ ...authorized }`) keeps `headerChanges` but has no `headers`: `sign()` hands people a
 * plain object, this is for adapters.
 *
 * @internal
 */
export function authorizedRequest(
  request: RequestParts,
  url: string,
  body: RequestBody | null,
  changes: HeaderChanges,
): AuthorizedWithChanges {
  return new LazyAuthorizedRequest(request, url, body, changes)
}
