import { requestUrl } from './request-url.ts'

/**
 * The parts of node's `IncomingMessage` that {@link nodeListener} reads (express's `req` is one).
 *
 * @example
 * ```ts
 * import type { NodeRequestLike } from '@oauthkit/server'
 * import type { IncomingMessage } from 'node:http'
 *
 * const accepts = (request: IncomingMessage): NodeRequestLike => request
 * ```
 */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  method?: string | undefined
  url?: string | undefined
  /** express keeps the full path here when a router mounted at a path rewrote `url`. */
  originalUrl?: string | undefined
  headers: Record<string, string | string[] | undefined>
  /** The connection; a TLS one (`encrypted: true`) makes the URL `https:`. */
  socket?: object | null | undefined
}

/**
 * The parts of node's `ServerResponse` that {@link nodeListener} writes (express's `res` is one).
 *
 * @example
 * ```ts
 * import type { NodeResponseLike } from '@oauthkit/server'
 * import type { ServerResponse } from 'node:http'
 *
 * const accepts = (response: ServerResponse): NodeResponseLike => response
 * ```
 */
export interface NodeResponseLike {
  statusCode: number
  readonly headersSent?: boolean | undefined
  setHeader(name: string, value: string | string[]): unknown
  end(chunk?: Uint8Array): unknown
}

/**
 * Options of {@link nodeListener}.
 *
 * @example
 * ```ts
 * import type { NodeListenerOptions } from '@oauthkit/server'
 *
 * const options: NodeListenerOptions = {
 *   origin: 'https://api.example.com',
 *   onError: (error) => process.emitWarning(String(error)),
 * }
 * ```
 */
export interface NodeListenerOptions {
  /**
   * The public origin clients sign against (`https://api.example.com`); recommended. Signatures cover
   * the URL, so behind a proxy or TLS terminator set it. Without it, the origin is the `Host` header
   * (`https:` on a TLS socket), or the host of an absolute-form target; a Host that is not
   * `host[:port]` (IPv6 in brackets) is answered 400 without calling the handler.
   */
  origin?: string | undefined
  /** The largest request body read, in bytes; a larger one is answered 413 without calling the handler. 1 MiB by default. */
  maxBodyBytes?: number | undefined
  /** Told about a handler that failed (the client got an empty 500); without it the error is dropped. */
  onError?: ((error: unknown) => void) | undefined
}

const NO_BODY = new Set(['GET', 'HEAD'])
const TOO_LARGE = Symbol('too large')

async function readBody(request: NodeRequestLike, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | typeof TOO_LARGE> {
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of request) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array)
    chunks.push(bytes)
    length += bytes.byteLength
    if (length > maxBytes) return TOO_LARGE
  }
  const body = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

/** A refusal the handler never sees; `connection: close` since the rest of the stream is not read. */
const refusal = (status: number, text: string): Response =>
  new Response(text, { status, headers: { connection: 'close', 'content-type': 'text/plain; charset=utf-8' } })

/** The Web `Request` of a node request, or the response refusing it. */
async function toRequest(incoming: NodeRequestLike, options: NodeListenerOptions): Promise<Request | Response> {
  const url = requestUrl({
    target: incoming.originalUrl ?? incoming.url ?? '/',
    host: incoming.headers.host,
    encrypted: (incoming.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true,
    origin: options.origin,
  })
  if (typeof url === 'string') return refusal(400, `Bad Request: ${url}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (name.startsWith(':') || value === undefined) continue
    for (const item of [value].flat()) headers.append(name, item)
  }
  const method = (incoming.method ?? 'GET').toUpperCase()
  const body = NO_BODY.has(method) ? null : await readBody(incoming, options.maxBodyBytes ?? 1024 * 1024)
  if (body === TOO_LARGE) return refusal(413, 'Payload Too Large')
  return new Request(url, {
    method,
    headers,
    body: body === null || body.byteLength === 0 ? null : body,
  })
}

async function writeResponse(response: Response, outgoing: NodeResponseLike): Promise<void> {
  outgoing.statusCode = response.status
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) outgoing.setHeader('set-cookie', cookies)
  for (const [name, value] of response.headers) if (name !== 'set-cookie') outgoing.setHeader(name, value)
  outgoing.end(new Uint8Array(await response.arrayBuffer()))
}

/**
 * Mounts a Web handler (`(request: Request) => Promise<Response>`) — any handler of
 * {@link OAuth1Provider}, or your own that calls `protect` — as a node:http listener, which is also
 * an express/connect middleware: `(req, res, next?)`. The URL is the full one the client signed
 * (`originalUrl` under an express mount path): its path and query come from the request target alone,
 * its origin from `origin` or a checked `Host` (a request target or Host that is neither is a 400
 * the handler never sees). The body is read whole (up to `maxBodyBytes`), so mount it before
 * any body parser, which would consume the stream; a handler that throws answers an empty 500, calls `next(error)` when express gave
 * one, and `onError` otherwise. It needs no import from node, so it bundles anywhere.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { MemoryConsumerStore, nodeListener, oauth1Provider } from '@oauthkit/server'
 *
 * const provider = oauth1Provider({ consumers: new MemoryConsumerStore([{ key: 'key', secret: 'secret' }]) })
 * createServer(nodeListener(provider.handle, { origin: 'https://api.example.com' })).listen(8080)
 * ```
 */
export function nodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): (request: NodeRequestLike, response: NodeResponseLike, next?: (error?: unknown) => void) => Promise<void> {
  return async (incoming, outgoing, next) => {
    try {
      const request = await toRequest(incoming, options)
      const response = request instanceof Response ? request : await handler(request)
      await writeResponse(response, outgoing)
    } catch (error) {
      if (!outgoing.headersSent) {
        outgoing.statusCode = 500
        outgoing.end()
      }
      if (next) next(error)
      else options.onError?.(error)
    }
  }
}
