import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CliError } from './cli-error.ts'

/** @internal Where the callback server listens: `http://127.0.0.1:PORT/callback` by default, on a free port. */
export interface CallbackAddress {
  /** The host of the URL: `127.0.0.1` (default), `localhost` (served on 127.0.0.1) or `[::1]`. */
  host: string
  /** 0 for a free port. */
  port: number
  /** The path the redirect comes back to. */
  path: string
}

/** @internal A one-shot HTTP server on a loopback address that waits for the provider's redirect. */
export interface CallbackServer {
  /** `http://127.0.0.1:PORT/callback`: the callback (OAuth 1.0a) or redirect URI (OAuth 2). */
  url: string
  /** The full URL the browser came back to. */
  received: Promise<URL>
  close(): Promise<void>
}

const NOT_IT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>oauthkit</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3em"><h1>oauthkit</h1>
<p>This is not the authorization the command line is waiting for.</p></body></html>
`

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>oauthkit</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3em"><h1>oauthkit</h1>
<p>The authorization reached the command line. You can close this window.</p></body></html>
`

/** `http://127.0.0.1:PORT/callback` on a free port: the callback without --redirect-uri or --redirect-port. */
const DEFAULT_ADDRESS: CallbackAddress = { host: '127.0.0.1', port: 0, path: '/callback' }

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * @internal The address of `--redirect-uri URI` (an `http` URI on a loopback host; without a port, a
 * free one) or `--redirect-port PORT`; by default `http://127.0.0.1:<free port>/callback`.
 */
export function callbackAddress(flags: { redirectUri?: string | undefined; redirectPort?: string | undefined }): CallbackAddress {
  if (flags.redirectUri !== undefined && flags.redirectPort !== undefined) {
    throw new CliError('give either --redirect-uri or --redirect-port, not both', 2)
  }
  if (flags.redirectPort !== undefined) {
    const port = Number(flags.redirectPort)
    if (!/^\d+$/.test(flags.redirectPort) || port < 1 || port > 65535) throw new CliError('--redirect-port: a port number, 1 to 65535', 2)
    return { ...DEFAULT_ADDRESS, port }
  }
  if (flags.redirectUri === undefined) return { ...DEFAULT_ADDRESS }
  let url: URL
  try {
    url = new URL(flags.redirectUri)
  } catch {
    throw new CliError(`--redirect-uri: "${flags.redirectUri}" is not an absolute URI`, 2)
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new CliError(
      '--redirect-uri: http://127.0.0.1[:PORT]/PATH, on a loopback host (127.0.0.1, [::1] or localhost), without a query',
      2,
    )
  }
  return { host: url.hostname, port: url.port === '' ? 0 : Number(url.port), path: url.pathname }
}

/**
 * @internal Starts the server; `timeoutMs` later, `received` rejects. `expected` tells the redirect
 * waited for (its request token, its state) from a stray request, which does not end the wait.
 */
export async function startCallbackServer(
  timeoutMs: number,
  address: CallbackAddress,
  expected: (url: URL) => boolean,
): Promise<CallbackServer> {
  let resolveReceived!: (url: URL) => void
  let rejectReceived!: (error: Error) => void
  const received = new Promise<URL>((resolve, reject) => {
    resolveReceived = resolve
    rejectReceived = reject
  })
  let done = false
  let host = ''
  const server = createServer((request, response) => {
    let url: URL | undefined
    try {
      url = new URL(request.url ?? '/', 'http://127.0.0.1')
    } catch {
      url = undefined
    }
    if (url === undefined || request.method !== 'GET' || url.pathname !== address.path || done) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n')
      return
    }
    // Only the redirect it waits for ends the wait: sent to this very address (another Host is a
    // page of another site rebound to loopback), carrying this login's request token or state. Any
    // other request is answered and the wait goes on.
    if (request.headers.host !== host || !expected(url)) {
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(NOT_IT)
      return
    }
    done = true
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE)
    resolveReceived(url)
  })
  const listenOn = address.host === '[::1]' ? '::1' : '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          error.code === 'EADDRINUSE'
            ? `cannot wait for the redirect: port ${address.port} of ${address.host} is in use`
            : `cannot wait for the redirect on ${address.host}: ${error.message}`,
        ),
      ),
    )
    server.listen(address.port, listenOn, resolve)
  })
  const { port } = server.address() as AddressInfo
  host = `${address.host}:${port}`
  const timer = setTimeout(() => rejectReceived(new Error(`no authorization came back within ${timeoutMs / 1000} s`)), timeoutMs)
  received.catch(() => {})
  return {
    url: `http://${address.host}:${port}${address.path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
